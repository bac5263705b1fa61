{{ config(
    materialized='incremental',
    on_schema_change='fail',
    **incremental_by_partition('partition_year')
) }}

-- One row per distinct delivered death record, typed, validated and de-duplicated.
-- Incremental by the year of the event. The deceased's birth_date (optional, contract v2) is
-- read when the files deliver it: it gives the age of the death in the cohort account.
{{ stage_vital_events(source('register', 'deaths'), 'death_date', with_birth_date=true) }}
