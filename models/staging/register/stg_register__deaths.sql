{{ config(materialized='table') }}

-- One row per distinct delivered death record, typed, validated and de-duplicated.
{{ stage_vital_events(source('register', 'deaths'), 'death_date') }}
