"""The national-scale benchmark (``norway-migration bench``, issue 7).

* ``options``: what a run is asked for, and its checks;
* ``common``: paths, names, the log, small helpers;
* ``register``: the 30-year register, generated once, and its split for the incremental run;
* ``measure``: timing dbt runs (wall time, peak RSS, CPU contention, per-node times);
* ``floor``: the hand-written DuckDB query the marts are compared with;
* ``machine``: the machine and versions;
* ``markdown``: ``latest.md``;
* ``run``: one whole benchmark, writing ``latest.json`` and ``latest.md``.
"""
