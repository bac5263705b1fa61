{#- dbt's `unique` test on DuckDB, the same failing rows (each duplicated value with its
    count) found in two steps: the hashes that occur more than once, then, among the rows
    with such a hash (nearly none when the column is unique), the values that do. Grouping
    10 M 64-bit hashes costs about half as much as grouping 10 M strings; a hash shared by
    two different values only brings both into the second step, whose grouping on the value
    decides. An adapter's macro in the root project comes before dbt's own (as spark__cast
    does); other engines keep dbt's test. -#}
{% macro duckdb__test_unique(model, column_name) %}

with repeated_hashes as (
    select hash({{ column_name }}) as value_hash
    from {{ model }}
    where {{ column_name }} is not null
    group by hash({{ column_name }})
    having count(*) > 1
)

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where
    {{ column_name }} is not null
    and hash({{ column_name }}) in (select r.value_hash from repeated_hashes as r)
group by {{ column_name }}
having count(*) > 1

{% endmacro %}
