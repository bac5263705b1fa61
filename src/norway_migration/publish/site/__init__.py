"""The municipal tables as a static site (``norway-migration site``, ``make site``).

* ``data``: the tables, their units, rows and notes (models/marts/publication), the
  harmonised series beside them, and the counties, read from the warehouse read-only;
* ``pages``: each page's context (notes placed at their rows, chart specs, CSV files);
* ``build``: write the site (index, a page per table and per county, CSV downloads, the
  bundled chart JavaScript);
* ``serve``: serve a built site on 127.0.0.1 (``make site-serve``).
"""
