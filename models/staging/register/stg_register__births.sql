{{ config(materialized='table') }}

-- One row per distinct delivered birth record, typed, validated and de-duplicated.
{{ stage_vital_events(source('register', 'births'), 'birth_date') }}
