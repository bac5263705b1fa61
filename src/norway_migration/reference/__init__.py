"""The reference seeds in ``seeds/``, derived reproducibly from SSB's own files.

* ``classification``: classification 131's divisions and change table, and the seeds of
  municipality versions, county versions, changes and division sizes;
* ``published``: SSB's published 2015 county table, keyed by county code;
* ``seeds``: writes every seed CSV byte-identically (``norway-migration seeds``).
"""
