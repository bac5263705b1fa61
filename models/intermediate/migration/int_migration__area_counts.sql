{{ config(materialized='view') }}

-- One row per area (municipality version or county), year and quarter with at least one
-- counted move in or out: moves in from abroad, in from another area of the same level, out
-- to abroad and out to another area. A move inside a county is internal for its two
-- municipalities and not counted for the county.

{{ migration_area_counts(['period_quarter']) }}
