"""The static HTML report of the marts (``norway-migration report``).

* ``data``: the figures, read from the marts;
* ``svg``: number formatting, scales and SVG elements;
* ``charts``: the three charts;
* ``page``: the tables and the page;
* ``build``: read the warehouse (read-only) and write the file.
"""
