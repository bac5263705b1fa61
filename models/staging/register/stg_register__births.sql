{{ config(
    materialized='incremental',
    on_schema_change='fail',
    **incremental_by_partition('partition_year')
) }}

-- One row per distinct delivered birth record, typed, validated and de-duplicated.
-- Incremental by the year of the event.
{{ stage_vital_events(source('register', 'births'), 'birth_date') }}
