"""Every trap of the fixture register ends where the contract says it must."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.python.helpers import DbtRun, fixture_vars, run_dbt
from tests.python.register_fixtures import BIRTHS, DEATHS, MIGRATIONS, POPULATION


def test_every_move_record_gets_its_expected_fate(warehouse: duckdb.DuckDBPyConnection) -> None:
    staged = warehouse.execute(
        "select event_id, record_status, quarantine_reason, raw_record "
        "from staging.stg_register__migrations"
    ).fetchall()
    fates = {}
    for event_id, status, reason, raw in staged:
        fates[(event_id, raw)] = reason if status == "quarantined" else status
    for row in MIGRATIONS:
        if row[9] == "duplicate":
            continue
        matches = [fate for (event_id, _), fate in fates.items() if event_id == row[0]]
        assert row[9] in matches, (row, matches)


def test_vital_events_and_population_get_their_expected_fates(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    for table, rows in (("births", BIRTHS), ("deaths", DEATHS)):
        fates = dict(
            warehouse.execute(
                f"select event_id, coalesce(quarantine_reason, record_status) "
                f"from staging.stg_register__{table}"
            ).fetchall()
        )
        for row in rows:
            if row[6] != "duplicate":
                assert fates[row[0]] == row[6], (table, row)
    reasons = sorted(
        r[0]
        for r in warehouse.execute(
            "select quarantine_reason from audit.register_quarantine "
            "where source_table = 'population'"
        ).fetchall()
    )
    expected = sorted(row[5] for row in POPULATION if row[5] not in ("counted", "duplicate"))
    assert reasons == expected


def test_row_accounting_adds_up_for_every_table(warehouse: duckdb.DuckDBPyConnection) -> None:
    accounting = {
        row[0]: row[1:]
        for row in warehouse.execute(
            "select source_table, raw_rows, counted_rows, duplicate_rows, annulled_rows, "
            "address_change_rows, quarantined_rows from audit.register_row_accounting"
        ).fetchall()
    }
    # migrations: 28 raw rows = 9 counted + 1 duplicate + 1 annulled + 1 address change
    # + 16 quarantined (15 broken records, one of them delivered twice with different content)
    assert accounting["migrations"] == (28, 9, 1, 1, 1, 16)
    assert accounting["births"] == (5, 2, 1, 0, 0, 2)
    assert accounting["deaths"] == (2, 1, 0, 0, 0, 1)
    assert accounting["population"] == (18, 14, 1, 0, 0, 3)


def test_intra_county_move_counts_for_municipalities_not_county(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # M01 0219 Bærum -> 0220 Asker (both county 02) and M02 0301 Oslo -> 0219 Bærum.
    asker = warehouse.execute(
        "select in_migration_internal from marts.mart_municipality_migration "
        "where year = 2019 and municipality_code = '0220'"
    ).fetchone()
    akershus = warehouse.execute(
        "select in_migration_internal, out_migration_internal from marts.mart_county_migration "
        "where year = 2019 and county_code = '02'"
    ).fetchone()
    assert asker == (1,)
    assert akershus == (1, 1)  # in from Oslo (M02), out to Rogaland (M03); M01 not counted


def test_three_moves_of_one_person_emigration_and_return(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    oslo = warehouse.execute(
        "select in_migration_total, in_migration_from_abroad, in_migration_internal, "
        "out_migration_total, out_migration_to_abroad, out_migration_internal "
        "from marts.mart_municipality_migration where year = 2019 and municipality_code = '0301'"
    ).fetchone()
    # in: M04 (from Stavanger), M05 (Sweden), M07 (return from Germany); out: M02, M06.
    assert oslo == (3, 2, 1, 2, 1, 1)


def test_move_on_reform_day_uses_new_codes_and_year(warehouse: duckdb.DuckDBPyConnection) -> None:
    flows = warehouse.execute(
        "select year, from_county_code, to_county_code, moves "
        "from marts.mart_county_migration_flows order by all"
    ).fetchall()
    assert (2020, "11", "30", 1) in flows


def test_population_account_uses_31_december_in_old_boundaries(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    finnoy = warehouse.execute(
        "select population_start, births, deaths, net_migration_total, population_end, "
        "population_end_source, account_discrepancy "
        "from marts.mart_municipality_population_account "
        "where year = 2019 and municipality_code = '1141'"
    ).fetchone()
    # 10 on 1 Jan, one birth (B02), one move in (M10), 11 counted on 31 Dec: off by one.
    assert finnoy == (10, 1, 0, 1, 11, "31 December count", -1)


def test_counting_by_registration_date_moves_late_registrations(
    tmp_path: Path, fixture_register: Path
) -> None:
    run = run_dbt(
        ["build", "--select", "+mart_national_migration", "--indirect-selection", "cautious"],
        tmp_path / "registered.duckdb",
        fixture_vars(fixture_register, counting_basis="registered_date"),
    )
    assert run.returncode == 0, run.output
    with duckdb.connect(str(run.database), read_only=True) as connection:
        years = dict(
            connection.execute(
                "select year, in_migration_total + out_migration_total "
                "from marts.mart_national_migration"
            ).fetchall()
        )
    # By event date 2019 has three inter-county moves (M02, M03, M04: 6 in+out) and three
    # moves across the national border (M05, M06, M07): 9. M04 (31 Dec 2019) was registered
    # in January 2020, so by registration date 2019 has 7 and 2020 has M04 and M11 (2 each).
    # M10 (30 Dec, also registered in 2020) stays inside county 11 and is no county move.
    assert years == {2019: 7, 2020: 4}


def test_quarantine_warns_with_count_and_fails_above_threshold(
    tmp_path: Path, fixture_register: Path, fixture_build: DbtRun
) -> None:
    assert fixture_build.results()["register_quarantine_is_empty"] == "warn"
    assert "register_quarantine_is_empty" in fixture_build.output
    assert "Got 22 results, configured to warn if >0" in fixture_build.output
    # The same warehouse (a copy: the session's build is only read), tested with the default
    # threshold of 1%: the build must fail.
    database = tmp_path / "fixture.duckdb"
    shutil.copyfile(fixture_build.database, database)
    run = run_dbt(
        ["test", "--select", "register_row_accounting"],
        database,
        fixture_vars(fixture_register, quarantine_error_share=0.01),
    )
    assert run.returncode != 0
    assert run.results()["quarantined_share_within_threshold"] == "fail"


def test_missing_raw_folder_fails_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_register"
    run = run_dbt(
        ["run", "--select", "stg_register__migrations"],
        tmp_path / "missing.duckdb",
        fixture_vars(missing),
    )
    assert run.returncode != 0
    assert str(missing / "migrations") in run.output
