-- One row per raw register table: how every delivered row was used. raw_rows is counted
-- straight from the source files; the other columns from staging. The identity
-- raw_rows = counted + duplicates + annulled + address changes + quarantined is a test.

{%- set tables = ['migrations', 'births', 'deaths', 'population'] %}

with
{% for table in tables %}
    raw_{{ table }} as (
        select count(*) as raw_rows from {{ source('register', table) }}
    ),

    staged_{{ table }} as (
        select
            '{{ table }}' as source_table,
            sum(case when record_status = 'counted' then 1 else 0 end) as counted_rows,
            sum(
                case when record_status != 'quarantined' then delivery_count - 1 else 0 end
            ) as duplicate_rows,
            sum(case when record_status = 'annulled' then 1 else 0 end) as annulled_rows,
            sum(
                case when record_status = 'address_change' then 1 else 0 end
            ) as address_change_rows,
            sum(
                case when record_status = 'quarantined' then delivery_count else 0 end
            ) as quarantined_rows
        from {{ ref('stg_register__' ~ table) }}
    ),
{% endfor %}

accounting as (
    {% for table in tables %}
        select
            staged_{{ table }}.source_table,
            raw_{{ table }}.raw_rows,
            coalesce(staged_{{ table }}.counted_rows, 0) as counted_rows,
            coalesce(staged_{{ table }}.duplicate_rows, 0) as duplicate_rows,
            coalesce(staged_{{ table }}.annulled_rows, 0) as annulled_rows,
            coalesce(staged_{{ table }}.address_change_rows, 0) as address_change_rows,
            coalesce(staged_{{ table }}.quarantined_rows, 0) as quarantined_rows
        from raw_{{ table }}
        cross join staged_{{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    source_table,
    cast(raw_rows as {{ api.Column.translate_type('bigint') }}) as raw_rows,
    cast(counted_rows as {{ api.Column.translate_type('bigint') }}) as counted_rows,
    cast(duplicate_rows as {{ api.Column.translate_type('bigint') }}) as duplicate_rows,
    cast(annulled_rows as {{ api.Column.translate_type('bigint') }}) as annulled_rows,
    cast(address_change_rows as {{ api.Column.translate_type('bigint') }}) as address_change_rows,
    cast(quarantined_rows as {{ api.Column.translate_type('bigint') }}) as quarantined_rows,
    cast(quarantined_rows as {{ type_double() }})
    / nullif(raw_rows, 0) as quarantined_share
from accounting
