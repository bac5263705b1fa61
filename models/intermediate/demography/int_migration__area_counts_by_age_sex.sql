{{ config(materialized='view') }}

-- One row per area (municipality version or county), statistical year, sex and age (at the end
-- of the year) with at least one counted move in or out: moves in from abroad, in from another
-- area of the same level, out to abroad and out to another area, by the rules of
-- int_migration__area_counts (a move inside a county is internal for its two municipalities
-- and not counted for the county). Sex or age NULL: unknown, the move still counts.

{{ migration_area_counts(['sex', 'age']) }}
