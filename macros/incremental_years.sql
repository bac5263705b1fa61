{#- In an incremental build, the statistical years whose rows in `upstream` were loaded after
    this model last loaded anything (compared on loaded_at), as a subquery for
    `period_year in (...)`; outside an incremental build, nothing is filtered. A run that
    fails half-way is caught up by the next one, since the watermark is this model's own. -#}
{% macro changed_years_filter(year_column, upstream, upstream_year_column='period_year') -%}
    {%- if is_incremental() -%}
        {{ year_column }} in (
            select distinct changed.{{ upstream_year_column }}
            from {{ upstream }} as changed
            where changed.loaded_at > (
                select coalesce(max(loaded.loaded_at), {{ dbt.cast("'1900-01-01'", api.Column.translate_type('timestamp')) }})
                from {{ this }} as loaded
            )
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
