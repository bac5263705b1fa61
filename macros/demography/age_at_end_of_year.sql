{#- Age at the end of the statistical year (raw-register contract v2): the statistical year
    minus the year of birth, with ages from the var max_age up (105: 105 or older) in one
    class. NULL (unknown) when the birth date is missing or unusable (`issue_column` set: not
    a date, or after the event). -#}
{% macro age_at_end_of_year(year_column, birth_date_column, issue_column) -%}
    case
        when {{ birth_date_column }} is null or {{ issue_column }} is not null then null
        when
            {{ year_column }} - {{ norway_migration.date_part_of('year', birth_date_column) }}
            >= {{ var('max_age') }}
            then {{ var('max_age') }}
        else {{ year_column }} - {{ norway_migration.date_part_of('year', birth_date_column) }}
    end
{%- endmacro %}

{#- The reason a delivered birth date cannot give an age, as a fixed code, or NULL:
    `unparseable_birth_date` (text that is no date) or `birth_date_after_event`. A missing
    birth date (an optional column) is no issue: the age is simply unknown. -#}
{% macro birth_date_issue(raw_birth_date, birth_date, event_date) -%}
    case
        when {{ raw_birth_date }} is null then null
        when {{ birth_date }} is null then 'unparseable_birth_date'
        when {{ birth_date }} > {{ event_date }} then 'birth_date_after_event'
    end
{%- endmacro %}

{#- The sexes of the raw-register contract, as a quoted list for `in (...)`. -#}
{% macro valid_sexes() -%}
    'M', 'F'
{%- endmacro %}
