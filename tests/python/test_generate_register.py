"""End-to-end checks of `norway-migration generate`: CLI, determinism, SSB calibration and
the imperfections the warehouse must quarantine or ignore."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest

from norway_migration.synthetic.numeric import fit_integer_matrix
from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
PUBLISHED = PROJECT_ROOT.parent / "shared" / "reference" / "published" / "county_migration_2015.csv"
OPTIONS = (
    "--out",
    "--first-year",
    "--last-year",
    "--seed",
    "--scale",
    "--reference-dir",
    "--seeds-dir",
    "--quiet",
)
MEASURES = (
    "in_migration_total",
    "in_migration_from_abroad",
    "in_migration_internal",
    "out_migration_total",
    "out_migration_to_abroad",
    "out_migration_internal",
    "net_migration_total",
    "net_migration_abroad",
    "net_migration_internal",
)


def generate(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [NORWAY_MIGRATION, "generate", "--out", str(out), "--quiet", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def connect(raw: Path) -> duckdb.DuckDBPyConnection:
    """Views over the generated Parquet plus the municipality versions of the seeds."""
    con = duckdb.connect()
    for table in ("migrations", "births", "deaths", "population"):
        con.execute(f"create view {table} as select * from read_parquet('{raw / table}/*.parquet')")
    con.execute(
        f"""
        create view versions as
        select
            municipality_code as code,
            cast(valid_from as date) as valid_from,
            coalesce(cast(nullif(valid_to, '') as date), date '9999-12-31') as valid_to
        from read_csv('{SEEDS / "municipalities.csv"}', all_varchar = true)
        where municipality_code <> '9999'
        """
    )
    con.execute(CLASSIFIED_MOVES)
    return con


def valid_on(column: str, day: str) -> str:
    return (
        f"exists (select 1 from versions as ver where ver.code = {column} "
        f"and {day} >= ver.valid_from and {day} < ver.valid_to)"
    )


# One reason per delivered move row (the first rule it breaks), 'ok' for valid rows.
CLASSIFIED_MOVES = f"""
create view classified as
select
    m.*,
    case
        when status is null or status not in ('active', 'annulled') then 'invalid_status'
        when move_date is null then 'missing_move_date'
        when from_municipality_code is not null and from_country_code is not null
            or to_municipality_code is not null and to_country_code is not null
            then 'both_set'
        when from_municipality_code is null and from_country_code is null
            or to_municipality_code is null and to_country_code is null
            then 'neither_set'
        when registered_date < move_date then 'registered_before_move'
        when not regexp_full_match(coalesce(from_municipality_code, '0301'), '[0-9]{{4}}')
            or not regexp_full_match(coalesce(to_municipality_code, '0301'), '[0-9]{{4}}')
            then 'malformed_code'
        when coalesce(from_municipality_code, '0301') not in (select code from versions)
            or coalesce(to_municipality_code, '0301') not in (select code from versions)
            then 'unknown_code'
        when from_municipality_code is not null
            and not {valid_on("from_municipality_code", "move_date")}
            or to_municipality_code is not null
            and not {valid_on("to_municipality_code", "move_date")}
            then 'not_valid_on_date'
        else 'ok'
    end as reason
from migrations as m
"""

COUNTY_TABLE = """
with counted as (
    select distinct * from classified
    where reason = 'ok' and status = 'active' and year(move_date) = 2015
        and coalesce(from_municipality_code, 'abroad') <> coalesce(to_municipality_code, 'x')
),
ends as (
    select left(to_municipality_code, 2) as county, 'in_abroad' as measure
    from counted where from_country_code is not null
    union all
    select left(from_municipality_code, 2), 'out_abroad'
    from counted where to_country_code is not null
    union all
    select left(to_municipality_code, 2), 'in_internal' from counted
    where left(from_municipality_code, 2) <> left(to_municipality_code, 2)
    union all
    select left(from_municipality_code, 2), 'out_internal' from counted
    where left(from_municipality_code, 2) <> left(to_municipality_code, 2)
)
select
    county,
    count(*) filter (where measure = 'in_abroad') as in_abroad,
    count(*) filter (where measure = 'in_internal') as in_internal,
    count(*) filter (where measure = 'out_abroad') as out_abroad,
    count(*) filter (where measure = 'out_internal') as out_internal
from ends
group by county
order by county
"""


@pytest.fixture(scope="module")
def register_2015(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full-scale register for 2015 (a few seconds)."""
    out = tmp_path_factory.mktemp("register_2015")
    result = generate(out, "--first-year", "2015", "--last-year", "2015")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def register_2017(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small-scale register for 2017 (the year before Trøndelag's renumbering)."""
    out = tmp_path_factory.mktemp("register_2017")
    result = generate(out, "--first-year", "2017", "--last-year", "2017", "--scale", "0.02")
    assert result.returncode == 0, result.stderr
    return out


def test_help_names_every_option() -> None:
    result = subprocess.run(
        [NORWAY_MIGRATION, "generate", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for option in OPTIONS:
        assert option in result.stdout


def test_missing_input_names_the_path(tmp_path: Path) -> None:
    nowhere = tmp_path / "no_seeds"
    result = generate(tmp_path / "raw", "--seeds-dir", str(nowhere))
    assert result.returncode != 0
    assert str(nowhere / "municipalities.csv") in result.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.parquet"))}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    small = ("--first-year", "2015", "--last-year", "2015", "--scale", "0.02")
    runs = {}
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        result = generate(tmp_path / name, *small, "--seed", seed)
        assert result.returncode == 0, result.stderr
        runs[name] = _files(tmp_path / name)
    assert runs["a"] == runs["b"]
    assert len(runs["a"]) == 5  # three event files and two 1 January files
    moves = "migrations/migrations_2015.parquet"
    assert runs["a"][moves] != runs["c"][moves]


def test_stale_files_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "raw" / "migrations" / "migrations_1999.parquet"
    other = tmp_path / "raw" / "keep.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    other.write_bytes(b"keep")
    result = generate(
        tmp_path / "raw", "--first-year", "2015", "--last-year", "2015", "--scale", "0.01"
    )
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and other.exists()


def test_parquet_types_follow_the_contract(register_2015: Path) -> None:
    expected = {
        "migrations": "event_id:string person_id:string move_date:date32[day] "
        "registered_date:date32[day] from_municipality_code:string to_municipality_code:string "
        "from_country_code:string to_country_code:string status:string "
        "birth_date:date32[day] sex:string",  # the optional columns of contract v2
        "births": "event_id:string person_id:string birth_date:date32[day] "
        "registered_date:date32[day] municipality_code:string sex:string",
        "deaths": "event_id:string person_id:string death_date:date32[day] "
        "registered_date:date32[day] municipality_code:string sex:string "
        "birth_date:date32[day]",
        "population": "reference_date:date32[day] municipality_code:string sex:string "
        "age:int32 persons:int64",
    }
    for table, columns in expected.items():
        for path in (register_2015 / table).glob("*.parquet"):
            schema = pq.read_schema(path)
            assert " ".join(f"{f.name}:{f.type}" for f in schema) == columns, path


def _codes_valid_on(con: duckdb.DuckDBPyConnection, day: str) -> set[str]:
    rows = con.execute(
        "select distinct code from versions where ? >= valid_from and ? < valid_to",
        [day, day],
    ).fetchall()
    return {code for (code,) in rows}


def _published() -> dict[str, dict[str, int]]:
    with PUBLISHED.open(encoding="utf-8", newline="") as handle:
        return {r["region_name"]: {m: int(r[m]) for m in MEASURES} for r in csv.DictReader(handle)}


def _county_names() -> dict[str, str]:
    with (SEEDS / "counties.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {
            r["county_code"]: r["county_name"]
            for r in rows
            if r["valid_from"] <= "2015-01-01"
            and (not r["valid_to"] or r["valid_to"] > "2015-01-01")
        }


def _measures(in_abroad: int, in_internal: int, out_abroad: int, out_internal: int) -> dict:
    values = {
        "in_migration_from_abroad": in_abroad,
        "in_migration_internal": in_internal,
        "out_migration_to_abroad": out_abroad,
        "out_migration_internal": out_internal,
    }
    values["in_migration_total"] = in_abroad + in_internal
    values["out_migration_total"] = out_abroad + out_internal
    values["net_migration_total"] = values["in_migration_total"] - values["out_migration_total"]
    values["net_migration_abroad"] = in_abroad - out_abroad
    values["net_migration_internal"] = in_internal - out_internal
    return {m: values[m] for m in MEASURES}


def test_counted_moves_reproduce_ssb_county_table(register_2015: Path) -> None:
    con = connect(register_2015)
    names = _county_names()
    rows = con.execute(COUNTY_TABLE).fetchall()
    ours = {names[county]: _measures(*values) for county, *values in rows}
    ours["The whole country"] = _measures(*np.array([r[1:] for r in rows]).sum(axis=0).tolist())
    assert ours == _published()


def test_valid_looking_moves_use_codes_valid_on_move_date(register_2015: Path) -> None:
    con = connect(register_2015)
    stale = con.execute(
        "select from_municipality_code, to_municipality_code from classified "
        "where reason = 'not_valid_on_date'"
    ).fetchall()
    assert 1 <= len(stale) <= 20  # only the deliberate rows
    valid_2015 = _codes_valid_on(con, "2015-06-30")
    for codes in stale:
        assert sum(c is not None and c not in valid_2015 for c in codes) == 1
    counted_codes = con.execute(
        "select distinct c from (select from_municipality_code as c from classified where "
        "reason = 'ok' union select to_municipality_code from classified where reason = 'ok') "
        "where c is not null"
    ).fetchall()
    assert {c for (c,) in counted_codes} <= valid_2015


def test_invalid_rows_of_every_kind_stay_below_one_percent(register_2015: Path) -> None:
    con = connect(register_2015)
    reasons = dict(con.execute("select reason, count(*) from classified group by 1").fetchall())
    kinds = ("invalid_status", "missing_move_date", "both_set", "neither_set")
    kinds += ("registered_before_move", "malformed_code", "unknown_code", "not_valid_on_date")
    assert all(reasons.get(k, 0) >= 1 for k in kinds), reasons
    bad = sum(reasons.get(k, 0) for k in kinds)
    total = sum(reasons.values())
    for table, day in (("births", "birth_date"), ("deaths", "death_date")):
        counts = con.execute(
            f"""select count(*),
                count(*) filter (where sex not in ('M', 'F')),
                count(*) filter (where municipality_code not in (select code from versions)),
                count(*) filter (where {day} > registered_date)
            from {table}"""
        ).fetchone()
        assert min(counts[1:]) >= 1, (table, counts)
        total += counts[0]
        bad += sum(counts[1:])
    counts = con.execute(
        """select count(*),
            count(*) filter (where persons < 0),
            count(*) filter (where age not between 0 and 105),
            count(*) filter (where municipality_code not in (select code from versions))
        from population"""
    ).fetchone()
    assert min(counts[1:]) >= 1, counts
    total += counts[0]
    bad += sum(counts[1:])
    assert bad / total < 0.01


def test_imperfections_are_present(register_2015: Path) -> None:
    con = connect(register_2015)
    rows, distinct_rows, events = con.execute(
        "select count(*), (select count(*) from (select distinct * from migrations)), "
        "count(distinct event_id) from migrations"
    ).fetchone()
    assert distinct_rows == events  # duplicates are identical deliveries
    assert 0.003 < (rows - events) / events < 0.008
    share = dict(
        con.execute(
            """select 'annulled', avg((status = 'annulled')::int)
            from classified where reason = 'ok'
        union all select 'address',
            avg(coalesce(from_municipality_code = to_municipality_code, false)::int)
            from classified where reason = 'ok'
        union all select 'late', avg((year(registered_date) > year(move_date))::int)
            from classified where reason = 'ok'"""
        ).fetchall()
    )
    assert 0.002 < share["annulled"] < 0.005
    assert 0.07 < share["address"] < 0.12
    assert 0.005 < share["late"] < 0.02


def test_repeat_movers_have_chained_moves(register_2015: Path) -> None:
    con = connect(register_2015)
    links = con.execute(
        """with moves as (
            select distinct * from classified where reason = 'ok' and status = 'active'
                and coalesce(from_municipality_code, 'a') <> coalesce(to_municipality_code, 'b')
        ),
        ordered as (
            select *,
                lead(from_municipality_code) over w as next_from,
                lead(move_date) over w as next_date,
                count(*) over (partition by person_id) as moves
            from moves
            window w as (partition by person_id order by move_date)
        )
        select
            count(distinct person_id) filter (where moves > 1) / count(distinct person_id),
            count(*) filter (where next_date is not null),
            count(*) filter (where next_date is not null
                and (next_date <= move_date or next_from is distinct from to_municipality_code))
        from ordered"""
    ).fetchone()
    assert 0.03 <= links[0] <= 0.05
    assert links[1] > 0 and links[2] == 0


def test_population_covers_every_valid_code(register_2015: Path) -> None:
    con = connect(register_2015)
    for day in ("2015-01-01", "2016-01-01"):
        rows = con.execute(
            f"""select municipality_code, count(*) from population
            where reference_date = '{day}' and age between 0 and 105 and persons >= 0
            group by 1"""
        ).fetchall()
        by_code = dict(rows)
        for code in _codes_valid_on(con, day):
            assert by_code.get(code, 0) >= 211, (day, code)  # 212, less one negative cell


def test_31_december_matches_next_1_january(register_2017: Path) -> None:
    con = connect(register_2017)
    files = sorted(p.name for p in (register_2017 / "population").glob("*.parquet"))
    assert files == [
        "population_2017-01-01.parquet",
        "population_2017-12-31.parquet",
        "population_2018-01-01.parquet",
    ]
    clean = "persons >= 0 and age between 0 and 105"
    dec, jan = con.execute(
        f"""select sum(persons) filter (where reference_date = '2017-12-31'),
            sum(persons) filter (where reference_date = '2018-01-01')
        from population where {clean} and municipality_code in (select code from versions)"""
    ).fetchone()
    assert dec == jan
    merged = con.execute(
        f"""with parts as (select sex, age, sum(persons) as persons from population
            where reference_date = '2017-12-31' and municipality_code in ('1624', '1718')
            group by all),
        whole as (select sex, age, persons from population
            where reference_date = '2018-01-01' and municipality_code = '5054' and {clean})
        select count(*) from parts full join whole using (sex, age)
        where parts.persons is distinct from whole.persons"""
    ).fetchone()[0]
    assert merged == 0
    prefixes = {
        r[0]
        for r in con.execute(
            "select distinct left(c, 2) from (select from_municipality_code as c from classified "
            "where reason = 'ok' union select to_municipality_code from classified "
            "where reason = 'ok') where c is not null"
        ).fetchall()
    }
    assert {"16", "17"} <= prefixes and "50" not in prefixes


def test_integer_matrix_meets_margins_exactly() -> None:
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 500, 12)
    cols = rng.permutation(rows)
    allowed = ~np.eye(12, dtype=bool)
    matrix = fit_integer_matrix(rng.random((12, 12)) + 0.1, rows, cols, allowed)
    assert (matrix.sum(axis=1) == rows).all() and (matrix.sum(axis=0) == cols).all()
    assert (np.diag(matrix) == 0).all() and (matrix >= 0).all()


def test_random_tie_order_is_lexsort_from_the_same_draws() -> None:
    from norway_migration.synthetic.events import random_tie_order

    keys = np.random.default_rng(7).integers(2000, 2400, 50_000)
    fast = random_tie_order(keys, np.random.default_rng(3))
    slow = np.lexsort((np.random.default_rng(3).random(keys.size), keys))
    assert np.array_equal(fast, slow)
    assert random_tie_order(keys[:0], np.random.default_rng(3)).size == 0


def test_a_failed_background_write_names_its_file(tmp_path: Path) -> None:
    import pyarrow as pa

    from norway_migration.synthetic.writer import background_writes

    table = pa.table({"a": [1, 2]})
    good, bad = tmp_path / "good.parquet", tmp_path / "missing" / "bad.parquet"
    with pytest.raises(SystemExit, match=r"cannot write .*missing/bad\.parquet"):
        with background_writes(pending_limit=1) as write:
            write(table, good)
            write(table, bad)
    assert pq.read_table(good).num_rows == 2
