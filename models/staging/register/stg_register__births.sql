{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='partition_year',
    on_schema_change='fail',
) }}

-- One row per distinct delivered birth record, typed, validated and de-duplicated.
-- Incremental by the year of the event.
{{ stage_vital_events(source('register', 'births'), 'birth_date') }}
