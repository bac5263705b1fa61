"""Operating the dbt warehouse from Python.

* ``build``: ``dbt build`` into a copy of the warehouse, swapped in atomically on success;
* ``export``: every table of schema ``marts`` as Parquet and CSV, read-only;
* ``docs_check``: every gap in the project's documentation (manifest and catalog).
"""
