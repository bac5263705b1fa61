"""The same project on other engines than DuckDB.

* ``postgres_server``: a throwaway local PostgreSQL server (start, stop) for tests;
* ``postgres_load``: the raw register's Parquet files into PostgreSQL tables;
* ``spark_log4j2.properties``: Spark's log settings for the profile's ``spark`` target
  (profiles.yml points at this file; not Python).

Both PostgreSQL modules need the ``postgres`` extra (``pip install -e '.[postgres]'``).
"""
