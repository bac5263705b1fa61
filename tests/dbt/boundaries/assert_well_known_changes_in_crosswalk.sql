-- Well-known boundary changes, pinned with their dates: the 2020 Stavanger merger (1103,
-- 1141, 1142 -> 1103), the 2024 Ålesund split (1507 -> 1508, 1580), the 1976 Tolga-Os split
-- (0435 -> 0436, 0441), the 2018 Trøndelag renumbering (1601 -> 5001) and Halden's two county
-- renumberings (0101 -> 3001 -> 3101). Each expected mapping must exist with its type and
-- weight (NULL: a population share strictly between 0 and 1), and nothing else may map from
-- the same source into the same division. Returns every difference.

{%- set expected_rows = [
    ('1103', '1971-01-01', '2020-01-01', '1103', 'contained', 1),
    ('1141', '1971-01-01', '2020-01-01', '1103', 'contained', 1),
    ('1142', '1971-01-01', '2020-01-01', '1103', 'contained', 1),
    ('1103', '2020-01-01', '2019-01-01', '1103', 'split', none),
    ('1103', '2020-01-01', '2019-01-01', '1141', 'split', none),
    ('1103', '2020-01-01', '2019-01-01', '1142', 'split', none),
    ('1507', '2020-01-01', '2024-01-01', '1508', 'split', none),
    ('1507', '2020-01-01', '2024-01-01', '1580', 'split', none),
    ('1508', '2024-01-01', '2023-01-01', '1507', 'contained', 1),
    ('1580', '2024-01-01', '2023-01-01', '1507', 'contained', 1),
    ('0435', '1971-01-01', '1976-01-01', '0436', 'split', none),
    ('0435', '1971-01-01', '1976-01-01', '0441', 'split', none),
    ('0436', '1976-01-01', '1974-01-01', '0435', 'contained', 1),
    ('0441', '1976-01-01', '1974-01-01', '0435', 'contained', 1),
    ('1601', '1971-01-01', '2018-01-01', '5001', 'renumbered', 1),
    ('5001', '2018-01-01', '2017-01-01', '1601', 'renumbered', 1),
    ('0101', '1971-01-01', '2020-01-01', '3001', 'renumbered', 1),
    ('0101', '1971-01-01', '2024-01-01', '3101', 'renumbered', 1),
    ('3001', '2020-01-01', '2024-01-01', '3101', 'renumbered', 1),
    ('3101', '2024-01-01', '2019-01-01', '0101', 'renumbered', 1),
] %}
{%- set date_type = api.Column.translate_type('date') %}

with expected as (
    {% for row in expected_rows %}
        select
            '{{ row[0] }}' as source_code,
            cast('{{ row[1] }}' as {{ date_type }}) as source_valid_from,
            cast('{{ row[2] }}' as {{ date_type }}) as target_vintage,
            '{{ row[3] }}' as target_code,
            '{{ row[4] }}' as mapping_type,
            {{ row[5] if row[5] is not none else 'null' }} as allocation_weight
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

pinned as (
    select distinct
        source_code,
        source_valid_from,
        target_vintage
    from expected
),

crosswalk as (
    select crosswalk.*
    from {{ ref('dim_municipality_crosswalk') }} as crosswalk
    inner join pinned
        on
            crosswalk.source_code = pinned.source_code
            and crosswalk.source_valid_from = pinned.source_valid_from
            and crosswalk.target_vintage = pinned.target_vintage
)

select
    expected.target_code as expected_target,
    crosswalk.target_code as actual_target,
    expected.mapping_type as expected_type,
    crosswalk.mapping_type as actual_type,
    crosswalk.allocation_weight,
    coalesce(expected.source_code, crosswalk.source_code) as source_code,
    coalesce(expected.target_vintage, crosswalk.target_vintage) as target_vintage
from expected
full outer join crosswalk
    on
        expected.source_code = crosswalk.source_code
        and expected.source_valid_from = crosswalk.source_valid_from
        and expected.target_vintage = crosswalk.target_vintage
        and expected.target_code = crosswalk.target_code
where
    expected.source_code is null
    or crosswalk.source_code is null
    or expected.mapping_type != crosswalk.mapping_type
    or (
        expected.allocation_weight is not null
        and crosswalk.allocation_weight != expected.allocation_weight
    )
    or (
        expected.allocation_weight is null
        and not (crosswalk.allocation_weight > 0 and crosswalk.allocation_weight < 1)
    )
