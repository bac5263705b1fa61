{{ config(enabled=var('reconcile_published')) }}
-- The "whole country" rows of SSB's published tables, reproduced exactly by
-- mart_national_migration for every complete year: returns every year and measure that
-- differs (or a year on one side only).
{{ published_differences(
    'assert_national_migration_matches_published', 'country',
    ref('mart_national_migration'), "'0'"
) }}
