"""What the warehouse publishes for readers, from the package's Jinja2 templates
(``templates/``) and Vega-Lite charts:

* ``rendering``: the template environment and SSB-style number filters;
* ``charts``: every chart as a Vega-Lite spec written with Altair;
* ``vega``: vl-convert: specs to static SVG, and Vega's JavaScript as one bundle;
* ``report``: the static, self-contained HTML report of the marts (``norway-migration
  report``);
* ``site``: SSB's municipal tables as a static site (``norway-migration site``,
  ``site-serve``).
"""
