"""The static HTML report of the marts (``norway-migration report``).

* ``data``: the figures, one query per chart or table; ``CHARTS`` lists the charts, each a
  query and a chart spec (``publish.charts``);
* ``build``: read the warehouse (read-only) and write the page from the templates, its
  charts as inline SVG.
"""
