"""The raw register's layout (``shared/contracts/raw-register.md``): one folder of Parquet
files per table under the raw path, ``<raw>/<table>/*.parquet``."""

from __future__ import annotations

TABLES = ("migrations", "births", "deaths", "population")
