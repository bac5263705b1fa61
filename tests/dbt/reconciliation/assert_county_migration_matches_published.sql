{{ config(enabled=var('reconcile_published')) }}
-- SSB's published county tables, reproduced exactly for every complete year: returns every
-- year, county and measure where mart_county_migration differs from the seed
-- published_county_migration (or a county on one side only).
{{ published_differences(
    'assert_county_migration_matches_published', 'county',
    ref('mart_county_migration'), 'county_code'
) }}
