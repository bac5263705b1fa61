"""The comparison behind the engine tests can fail: it finds a changed value, a missing row, a
renamed column, a value of another type and a float off by more than rounding, and it ignores
only what it says."""

from __future__ import annotations

from decimal import Decimal

from tests.python.engines import Table, differences, make_table

COLUMNS = ["year", "county_code", "weighted", "loaded_at"]
ROWS = [(2015, "03", 0.1 + 0.2, "2026-01-01 10:00"), (2015, "11", 2.5, "2026-01-01 10:00")]


def table(rows: list[tuple[object, ...]], columns: list[str] = COLUMNS) -> Table:
    return make_table(columns, rows)


def test_the_same_rows_in_another_order_and_run_are_identical() -> None:
    other_run = [(2015, "11", 2.5, "2027-05-05 12:00"), (2015, "03", 0.3, "2027-05-05 12:00")]
    assert differences(table(ROWS), table(other_run)) == []


def test_columns_are_compared_by_name_not_position() -> None:
    reordered = [(row[3], row[2], row[1], row[0]) for row in ROWS]
    assert differences(table(ROWS), table(reordered, list(reversed(COLUMNS)))) == []


def test_a_changed_count_is_a_difference() -> None:
    changed = [ROWS[0], (2015, "11", 2.5 + 1e-6, "x")]
    assert differences(table(ROWS), table(changed))


def test_a_missing_row_and_a_renamed_column_are_differences() -> None:
    assert differences(table(ROWS), table(ROWS[:1]))
    assert differences(table(ROWS), table(ROWS, ["year", "county", "weighted", "loaded_at"]))


def test_null_differs_from_a_value() -> None:
    assert differences(table(ROWS), table([ROWS[0], (2015, "11", None, "x")]))


def test_a_count_of_another_type_is_a_difference() -> None:
    as_numeric = [(2015, "03", 0.1 + 0.2, "x"), (Decimal(2015), "11", 2.5, "x")]
    assert differences(table(ROWS), table(as_numeric))
    assert differences(table(ROWS), table([(2015, "03", True, "x"), (2015, "11", 2.5, "x")]))
