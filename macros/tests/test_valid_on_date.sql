{#- Fails on every row whose code (column_name) has no version in `versions` valid on
    `date_column` plus `day_offset` days (valid_from <= day < valid_to, NULL = open). -#}
{% test valid_on_date(
    model, column_name, date_column, versions, versions_code_column, day_offset=0
) %}
    with checked as (
        select
            {{ column_name }} as code,
            {{ dbt.dateadd('day', day_offset, date_column) }} as checked_on
        from {{ model }}
        where {{ column_name }} is not null
    ),

    versions as (
        select
            {{ versions_code_column }} as code,
            valid_from,
            {{ norway_migration.valid_to_or_open('valid_to') }} as valid_to
        from {{ versions }}
    )

    select checked.*
    from checked
    where not exists (
        select 1
        from versions
        where
            versions.code = checked.code
            and versions.valid_from <= checked.checked_on
            and checked.checked_on < versions.valid_to
    )
{% endtest %}
