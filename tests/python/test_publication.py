"""The municipal tables as data (models/marts/publication) on the publication register
(register_publication.py) and SSB's classification: how units are gathered into tables,
their headings and order, rows, break lines and notes; and every test of the tables shown
failing on a copy of the warehouse corrupted to break it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.python.helpers import DbtRun, run_dbt


@pytest.fixture(scope="module")
def marts(publication_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(publication_build.database), read_only=True)
    yield connection
    connection.close()


def units(marts: duckdb.DuckDBPyConnection, table_id: str) -> list[tuple[str, str, int]]:
    """(code, name, first year) of a table's units, the newest first."""
    rows = marts.execute(
        "select municipality_code, municipality_name, year(municipality_valid_from) "
        "from marts.mart_municipal_table_versions where table_id = ? order by heading_position",
        [table_id],
    ).fetchall()
    return [(code, name, year) for code, name, year in rows]


def table_of(marts: duckdb.DuckDBPyConnection, code: str, valid_from: str) -> str:
    row = marts.execute(
        "select table_id from marts.mart_municipal_table_versions "
        "where municipality_code = ? and municipality_valid_from = ?",
        [code, valid_from],
    ).fetchone()
    assert row is not None, (code, valid_from)
    return str(row[0])


def notes(marts: duckdb.DuckDBPyConnection, table_id: str) -> list[tuple]:
    return marts.execute(
        "select note_year, note_kind, is_break, persons, note_text "
        "from marts.mart_municipal_table_notes where table_id = ? order by note_number",
        [table_id],
    ).fetchall()


def rows(marts: duckdb.DuckDBPyConnection, table_id: str) -> dict[int, tuple]:
    result = marts.execute(
        "select year, municipality_code, population_start, population_end, is_break_before "
        "from marts.mart_municipal_table_rows where table_id = ? order by year",
        [table_id],
    ).fetchall()
    return {row[0]: row[1:] for row in result}


# --- how units are gathered ---------------------------------------------------------------


def test_every_municipality_version_is_in_exactly_one_table(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    missing_or_twice = marts.execute(
        """
        select dim.municipality_code, dim.valid_from, count(versions.table_id)
        from marts.dim_municipalities as dim
        left join marts.mart_municipal_table_versions as versions
            on versions.municipality_code = dim.municipality_code
            and versions.municipality_valid_from = dim.valid_from
        where not dim.is_special_code
        group by all
        having count(versions.table_id) != 1
        """
    ).fetchall()
    assert missing_or_twice == []
    counts = marts.execute(
        "select count(*), count(distinct table_id) from marts.mart_municipal_tables"
    ).fetchone()
    assert counts is not None and counts[0] == counts[1] > 400


def test_a_table_follows_renames_and_renumberings(marts: duckdb.DuckDBPyConnection) -> None:
    assert units(marts, "3201") == [
        ("3201", "Bærum", 2024),
        ("3024", "Bærum", 2020),
        ("0219", "Bærum", 1971),
    ]
    heading = marts.execute(
        "select heading from marts.mart_municipal_tables where table_id = '3201'"
    ).fetchone()
    assert heading == ("3201 Bærum, 3024 Bærum, 0219 Bærum",)
    # Halden before and after its merger of 1967 (seed document 004) and its renumberings
    assert [unit[:2] for unit in units(marts, "3101")] == [
        ("3101", "Halden"),
        ("3001", "Halden"),
        ("0101", "Halden"),
        ("0101", "Halden"),
    ]


def test_merged_and_separated_again_is_one_table(marts: duckdb.DuckDBPyConnection) -> None:
    assert units(marts, "3430") == [
        ("3430", "Os", 2020),
        ("0441", "Os (Hedmark)", 1976),
        ("0435", "Tolga-Os", 1971),
        ("0435", "Os", 1951),
    ]
    table = marts.execute(
        "select heading, table_order from marts.mart_municipal_tables where table_id = '3430'"
    ).fetchone()
    assert table is not None and table[0] == "3430 Os, 0441 Os (Hedmark), 0435 Tolga-Os, 0435 Os"
    previous = marts.execute(
        "select table_code from marts.mart_municipal_tables where table_order = ?", [table[1] - 1]
    ).fetchone()
    assert previous is not None and previous[0] < "3430"  # placed by its first number
    # Tolga, the other part, starts a table of its own
    assert table_of(marts, "0436", "1976-01-01") == "3426"
    # derived from the data: Haram merged into Ålesund in 2020, separated again in 2024
    assert [unit[0] for unit in units(marts, "1580")] == ["1580", "1534"]
    basis = marts.execute(
        "select link_basis from marts.mart_municipal_table_versions "
        "where municipality_code = '1580'"
    ).fetchone()
    assert basis == ("separated again",)


def test_a_merger_continues_the_number_kept_else_the_most_populous(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    # 1103 Stavanger keeps its number: Finnøy and Rennesøy keep tables of their own
    assert table_of(marts, "1103", "2020-01-01") == table_of(marts, "1103", "1971-01-01")
    assert table_of(marts, "1141", "1971-01-01") == "1141"
    # every number new: 4626 Øygarden continues 1246 Fjell (260 persons, the register's
    # count), not 1259 Øygarden whose name it took (50 persons)
    assert [unit[0] for unit in units(marts, "4626")] == ["4626", "1246"]
    basis = marts.execute(
        "select link_basis from marts.mart_municipal_table_versions "
        "where municipality_code = '4626'"
    ).fetchone()
    assert basis == ("most populous",)
    assert table_of(marts, "1259", "1971-01-01") == "1259"


def test_reused_numbers_are_separate_tables(marts: duckdb.DuckDBPyConnection) -> None:
    tables = dict(
        marts.execute(
            "select table_id, heading from marts.mart_municipal_tables "
            "where table_id in ('0516', '1523-1951', '1523-1971', '1923')"
        ).fetchall()
    )
    assert tables == {
        "0516": "0516 Heidal",
        "1523-1951": "1523 Sunnylven",
        "1523-1971": "1523 Ørskog, 1527 Ørskog",
        "1923": "1923 Øverbygd",
    }
    nord_fron = table_of(marts, "0516", "1977-01-01")
    assert nord_fron != "0516" and [u[0] for u in units(marts, nord_fron)] == [
        "3436",
        "0516",
        "0518",
    ]
    salangen = table_of(marts, "1923", "1977-01-01")
    assert salangen != "1923"
    order = [
        table_id
        for (table_id,) in marts.execute(
            "select table_id from marts.mart_municipal_tables "
            "where table_code = '1523' order by table_order"
        ).fetchall()
    ]
    assert order == ["1523-1951", "1523-1971"]  # the earlier area first


# --- rows, break lines, notes --------------------------------------------------------------


def test_a_division_draws_a_break_line_with_its_note(marts: duckdb.DuckDBPyConnection) -> None:
    os_rows = rows(marts, "3430")
    assert os_rows[1975] == ("0435", 300, 302, False)
    assert os_rows[1976] == ("0441", 132, 131, True)  # break line before 1976
    assert os_rows[2020][3] is False  # renumbered and renamed: no break
    os_notes = notes(marts, "3430")
    assert os_notes[0][1] == "before 1971" and "Tolga-Os" in os_notes[0][4]
    assert os_notes[1:3] == [
        (
            1976,
            "continued",
            True,
            132,
            "1 January 1976: 0435 Tolga-Os continues as 0441 Os (Hedmark): 132 persons.",
        ),
        (
            1976,
            "gave part",
            True,
            170,
            "1 January 1976: part of 0435 Tolga-Os went to 0436 Tolga: 170 persons.",
        ),
    ]


def test_a_rename_is_a_note_without_a_break(marts: duckdb.DuckDBPyConnection) -> None:
    sande = rows(marts, "1514")
    assert sande[2019] == ("1514", 50, 49, False)
    assert sande[2020] == ("1514", 49, 50, False)
    assert notes(marts, "1514") == [
        (
            2020,
            "renamed",
            False,
            None,
            "1 January 2020: name changed from Sande (Møre og Romsdal) to Sande "
            "(the same area: no break).",
        )
    ]


def test_a_merger_breaks_the_series_with_the_persons_on_each_edge(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    stavanger = rows(marts, "1103")
    assert stavanger[2019] == ("1103", 1000, 1001, False)
    assert stavanger[2020] == ("1103", 1300, 1299, True)
    assert [(kind, persons) for _, kind, _, persons, _ in notes(marts, "1103")] == [
        ("continued", 1001),
        ("merged in", 99),
        ("merged in", 200),
    ]
    row = marts.execute(
        "select notes_before from marts.mart_municipal_table_rows "
        "where table_id = '1103' and year = 2020"
    ).fetchone()
    assert row == (3,)


def test_a_ceased_table_ends_with_a_note_naming_its_successor(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    table = marts.execute(
        "select is_existing, valid_to, last_row_year from marts.mart_municipal_tables "
        "where table_id = '1141'"
    ).fetchone()
    assert table is not None and table[0] is False and str(table[1]) == "2020-01-01"
    last = notes(marts, "1141")[-1]
    assert last == (
        2020,
        "ceased",
        True,
        99,
        "1 January 2020: 1141 Finnøy merged into 1103 Stavanger: 99 persons. The series goes on "
        "in table 1103 Stavanger.",
    )


# --- the tests fail on data built to break them -------------------------------------------

CORRUPTIONS = {
    # a version left out of every table, another in two tables
    "every_municipality_version_is_in_one_table": [
        "delete from marts.mart_municipal_table_versions where municipality_code = '0301'",
        "insert into marts.mart_municipal_table_versions "
        "select '1141', municipality_code, municipality_valid_from, municipality_valid_to, "
        "municipality_name, county_code, county_name, 99, predecessor_code, "
        "predecessor_valid_from, link_basis, is_before_1971 "
        "from marts.mart_municipal_table_versions where municipality_code = '1514'",
    ],
    # a break line in the year of a rename alone
    "assert_break_lines_match_boundary_changes": [
        "update marts.mart_municipal_table_rows set is_break_before = true "
        "where table_id = '1514' and year = 2020",
    ],
    # the merger of 2020 without its break line
    "assert_boundary_changes_break_their_tables": [
        "update marts.mart_municipal_table_rows set is_break_before = false "
        "where table_id = '4626' and year = 2020",
    ],
    # the Os table's break line without a note of a change of area
    "assert_break_lines_have_area_notes": [
        "update marts.mart_municipal_table_notes set is_break = false "
        "where table_id = '3430' and note_year = 1976",
    ],
    # Finnøy's table without its last note
    "assert_ceased_tables_end_with_their_successor": [
        "delete from marts.mart_municipal_table_notes where table_id = '1141'",
    ],
}


def test_the_tables_tests_fail_on_corrupted_tables(
    publication_build: DbtRun, tmp_path: Path
) -> None:
    copy = tmp_path / "corrupted.duckdb"
    shutil.copyfile(publication_build.database, copy)
    connection = duckdb.connect(str(copy))
    for statements in CORRUPTIONS.values():
        for statement in statements:
            connection.execute(statement)
    connection.close()
    run = run_dbt(["test", "--select", *CORRUPTIONS], copy)
    results = run.results()
    assert {name: results[name] for name in CORRUPTIONS} == dict.fromkeys(CORRUPTIONS, "fail"), (
        run.output
    )
    built = publication_build.results()
    assert {name: built[name] for name in CORRUPTIONS} == dict.fromkeys(CORRUPTIONS, "pass")
