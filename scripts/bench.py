#!/usr/bin/env python3
"""Benchmark the warehouse at full national scale over a long span of years (issue 7).

1. Generates a synthetic register for ``--first-year``..``--last-year`` (default 2005-2034,
   some 10 million counted moves) into ``<work>/raw``, or reuses it when a marker file says
   it was generated with the same options.
2. Times ``dbt build --full-refresh`` into a fresh DuckDB file ``--runs`` times (wall time,
   peak RSS of the dbt process tree sampled every 0.2 s, the marts' share from
   ``run_results.json``); times one hand-written DuckDB query on the raw Parquet that
   computes the county table (the floor) and checks that it equals
   ``mart_county_migration`` for 2015; times an incremental ``dbt build`` that adds the last
   year to a warehouse built without it.
3. Writes ``bench/latest.json`` and ``bench/latest.md`` with medians, min, max, every run,
   the machine, the versions and the targets.

Everything it writes goes under ``--work-dir`` (default ``bench/work``, git-ignored) and
``--out-dir`` (default ``bench``); it never touches the warehouse or ``data/raw``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import psutil
from build_reference_seeds import MEASURES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GIB = 1024**3
TABLES = ("migrations", "births", "deaths", "population")
CHECK_YEAR = 2015
MART = "mart_county_migration"
MART_ID = f"model.norway_migration.{MART}"
TARGETS: dict[str, tuple[str, float, str]] = {
    # key: (comparison, limit, label)
    "full_build_seconds": ("<", 300.0, "full build < 300 s"),
    "full_build_peak_rss_bytes": ("<", 8.0 * GIB, "peak RSS < 8 GiB"),
    "marts_over_floor": ("<=", 3.0, "marts / floor <= 3"),
    "incremental_share": ("<", 0.15, "incremental / full build < 0.15"),
}
SAMPLE_SECONDS = 0.2
PROGRESS_SECONDS = 15.0
QUIET_SHARE = 0.2
QUIET_PROBE_SECONDS = 3.0
QUIET_WAIT_SECONDS = 10.0
BUSY_FIELDS = ("user", "nice", "system", "irq", "softirq", "steal")
PROGRESS_LINE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP)\b")
STARTED = time.monotonic()


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


@dataclass
class DbtRun:
    """One timed dbt invocation."""

    seconds: float
    peak_rss_bytes: int
    returncode: int
    log_file: Path
    target_path: Path
    other_cpu_share: float


@dataclass
class Measure:
    """The runs of one measured quantity."""

    runs: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "median": statistics.median(self.runs),
            "min": min(self.runs),
            "max": max(self.runs),
            "runs": self.runs,
        }


# --- small helpers ---------------------------------------------------------------------


def log(message: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"[bench {elapsed / 60:5.1f} min] {message}", flush=True)


def relative(path: Path) -> str:
    """The path relative to the project root when it lies inside it (as dbt vars take it)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path.resolve())


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def gib(value: float) -> str:
    return f"{value / GIB:.2f} GiB"


# --- 1. the register -------------------------------------------------------------------


def register_options(first_year: int, last_year: int) -> dict[str, Any]:
    return {"first_year": first_year, "last_year": last_year, "seed": "default", "scale": 1.0}


def ensure_register(raw: Path, first_year: int, last_year: int, force: bool) -> dict[str, Any]:
    """Generate the register into `raw` unless the marker says it is complete; timing info."""
    marker = raw / ".bench-register.json"
    options = register_options(first_year, last_year)
    if marker.exists() and not force:
        recorded = json.loads(marker.read_text())
        if recorded.get("options") == options:
            log(f"register in {relative(raw)} is complete for {options}: reusing it")
            return {**recorded, "reused": True}
    marker.unlink(missing_ok=True)
    raw.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(PROJECT_ROOT / "scripts" / "generate_register.py"),
        "--out",
        str(raw),
        "--first-year",
        str(first_year),
        "--last-year",
        str(last_year),
    ]
    log(f"generating the register: {' '.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise BenchError(f"generate_register.py failed with exit code {result.returncode}")
    recorded = {
        "options": options,
        "generate_seconds": seconds,
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "bytes": sum(f.stat().st_size for f in raw.rglob("*.parquet")),
    }
    marker.write_text(json.dumps(recorded, indent=2) + "\n")
    log(f"register generated in {seconds:.1f} s")
    return {**recorded, "reused": False}


def raw_row_counts(raw: Path) -> dict[str, int]:
    with duckdb.connect() as con:
        return {
            table: con.execute(
                f"select count(*) from read_parquet({sql_string(str(raw / table / '*.parquet'))})"
            ).fetchone()[0]
            for table in TABLES
        }


# --- 2. timed dbt runs -----------------------------------------------------------------


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


@dataclass
class Progress:
    """What the threads watching one dbt run share."""

    label: str
    started: float = field(default_factory=time.monotonic)
    peak_rss: int = 0
    done_nodes: int = 0
    total_nodes: int = 0


def watch(pid: int, done: threading.Event, progress: Progress) -> None:
    """Sample the tree RSS of `pid` every 0.2 s, print progress every 15 s, until `done`."""
    try:
        process = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    last_print = time.monotonic()
    while not done.is_set():
        progress.peak_rss = max(progress.peak_rss, tree_rss(process))
        now = time.monotonic()
        if now - last_print >= PROGRESS_SECONDS:
            log(
                f"{progress.label}: {progress.done_nodes}/{progress.total_nodes or '?'} "
                f"nodes done, {now - progress.started:.0f} s, "
                f"peak RSS so far {gib(progress.peak_rss)}"
            )
            last_print = now
        done.wait(SAMPLE_SECONDS)


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (every core, steal included)."""
    times = psutil.cpu_times()
    return sum(getattr(times, name, 0.0) for name in BUSY_FIELDS)


def own_cpu_seconds() -> float:
    """CPU time of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class CpuMeter:
    """CPU time that processes other than the benchmark used while it measured something."""

    busy: float = field(default_factory=busy_cpu_seconds)
    own: float = field(default_factory=own_cpu_seconds)
    started: float = field(default_factory=time.monotonic)

    def other_share(self) -> float:
        """Share of the machine's CPU capacity others used since the meter started."""
        other = (busy_cpu_seconds() - self.busy) - (own_cpu_seconds() - self.own)
        capacity = (time.monotonic() - self.started) * (psutil.cpu_count() or 1)
        return max(other, 0.0) / capacity if capacity > 0 else 0.0


def wait_for_quiet(max_wait: float) -> None:
    """Wait up to `max_wait` seconds until other processes leave the CPU (almost) idle.

    On a shared machine a timed run next to someone's test suite is slower and noisier; each
    run's `other_cpu_share` records what it shared the CPU with anyway.
    """
    started = time.monotonic()
    while True:
        meter = CpuMeter()
        time.sleep(QUIET_PROBE_SECONDS)
        share = meter.other_share()
        if share <= QUIET_SHARE:
            return
        waited = time.monotonic() - started
        if waited >= max_wait:
            log(f"WARNING: other processes use {share:.0%} of the CPU; measuring anyway")
            return
        log(f"other processes use {share:.0%} of the CPU; waiting ({waited:.0f}/{max_wait:.0f} s)")
        time.sleep(QUIET_WAIT_SECONDS)


def dbt_environment(database: Path, work: Path) -> dict[str, str]:
    temp = work / "duckdb_tmp"
    temp.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "NORWAY_MIGRATION_DB": relative(database),
        "NORWAY_MIGRATION_TEMP_DIR": relative(temp),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def dbt_command(subcommand: str, raw: Path, target_path: Path, work: Path) -> list[str]:
    return [
        str(BIN / "dbt"),
        subcommand,
        "--profiles-dir",
        ".",
        "--project-dir",
        ".",
        "--vars",
        f"{{raw_path: {relative(raw)}}}",
        "--target-path",
        relative(target_path),
        "--log-path",
        relative(work / "logs"),
    ]


def follow_output(process: subprocess.Popen[str], log_file: Path, progress: Progress) -> None:
    """Copy dbt's output to `log_file`, counting finished nodes and echoing failures."""
    assert process.stdout is not None
    with log_file.open("w") as sink:
        for line in process.stdout:
            sink.write(line)
            match = PROGRESS_LINE.search(line)
            if not match:
                continue
            progress.done_nodes += 1
            progress.total_nodes = int(match.group(2))
            if match.group(3) in ("ERROR", "FAIL"):
                log(f"{progress.label}: {line.strip()}")


def run_dbt(command: list[str], env: dict[str, str], label: str, log_file: Path) -> DbtRun:
    """Run dbt, timing it and sampling the RSS of its process tree."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    target_path = PROJECT_ROOT / command[command.index("--target-path") + 1]
    log(f"{label}: {' '.join(command[1:])}")
    progress = Progress(label)
    done = threading.Event()
    meter = CpuMeter()
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watcher = threading.Thread(target=watch, args=(process.pid, done, progress))
    watcher.start()
    try:
        follow_output(process, log_file, progress)
        returncode = process.wait()
    finally:
        seconds = time.monotonic() - progress.started
        done.set()
        watcher.join()
    other = meter.other_share()
    log(
        f"{label}: exit {returncode} after {seconds:.1f} s, peak RSS {gib(progress.peak_rss)}, "
        f"other processes used {other:.0%} of the CPU"
    )
    return DbtRun(seconds, progress.peak_rss, returncode, log_file, target_path, other)


def failed_nodes(target_path: Path) -> list[str]:
    results = target_path / "run_results.json"
    if not results.exists():
        return []
    return [
        f"{result['unique_id']} ({result['status']}): {(result.get('message') or '').strip()}"
        for result in json.loads(results.read_text())["results"]
        if result["status"] in ("error", "fail", "runtime error")
    ]


def require_success(run: DbtRun, what: str) -> None:
    """Stop the benchmark, saying plainly why, when a dbt run failed."""
    if run.returncode == 0:
        return
    failures = failed_nodes(run.target_path)
    tail = run.log_file.read_text().splitlines()[-30:]
    details = "\n".join(["failed nodes:", *failures] if failures else ["last lines:", *tail])
    raise BenchError(
        f"{what} failed (dbt exit code {run.returncode}); log: {relative(run.log_file)}\n{details}"
    )


def dbt_parse(raw: Path, target_path: Path, work: Path, database: Path) -> None:
    """Parse once (untimed) so every timed run starts from the same partial-parse state."""
    command = dbt_command("parse", raw, target_path, work)
    log_file = work / "logs" / f"parse_{target_path.name}.log"
    run = run_dbt(command, dbt_environment(database, work), "dbt parse", log_file)
    require_success(run, "dbt parse")


# --- where the time goes ---------------------------------------------------------------


def node_times(target_path: Path) -> dict[str, float]:
    results = json.loads((target_path / "run_results.json").read_text())["results"]
    return {result["unique_id"]: result["execution_time"] for result in results}


def upstream_models(target_path: Path, node: str) -> set[str]:
    """`node` and every model it depends on, directly or not (dbt's `+node`, models only)."""
    nodes = json.loads((target_path / "manifest.json").read_text())["nodes"]
    seen: set[str] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        pending.extend(nodes[current].get("depends_on", {}).get("nodes", []))
    return {unique_id for unique_id in seen if unique_id.startswith("model.")}


def marts_seconds(target_path: Path) -> tuple[float, list[str]]:
    models = upstream_models(target_path, MART_ID)
    times = node_times(target_path)
    return sum(times.get(model, 0.0) for model in models), sorted(models)


def time_by_kind(times: dict[str, float]) -> dict[str, float]:
    kinds: dict[str, float] = {}
    for unique_id, seconds in times.items():
        kind = unique_id.split(".", 1)[0]
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    return kinds


def median_by_kind(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median over runs of the summed execution time of each kind of node (model, test...)."""
    per_run = [time_by_kind(run) for run in runs]
    kinds = sorted(set().union(*per_run))
    return {kind: statistics.median(run.get(kind, 0.0) for run in per_run) for kind in kinds}


def median_node_times(runs: list[dict[str, float]], top: int) -> list[dict[str, Any]]:
    nodes = set().union(*runs)
    medians = {node: statistics.median(run.get(node, 0.0) for run in runs) for node in nodes}
    ranked = sorted(medians.items(), key=lambda item: -item[1])[:top]
    return [{"node": node, "median_seconds": seconds} for node, seconds in ranked]


# --- the floor: one query on the raw Parquet -------------------------------------------


def floor_query(raw: Path, seeds: Path, year: int | None) -> str:
    """The county table (SSB 05541 layout) straight from the raw moves: every year, or one."""
    moves = sql_string(str(raw / "migrations" / "*.parquet"))
    municipalities = sql_string(str(seeds / "municipalities.csv"))
    counties = sql_string(str(seeds / "counties.csv"))
    year_filter = f"and year(e.move_date) = {year}" if year is not None else ""
    versions_columns = (
        "{'municipality_code': 'VARCHAR', 'municipality_name': 'VARCHAR', "
        "'county_code': 'VARCHAR', 'valid_from': 'DATE', 'valid_to': 'DATE'}"
    )
    counties_columns = (
        "{'county_code': 'VARCHAR', 'county_name': 'VARCHAR', "
        "'valid_from': 'DATE', 'valid_to': 'DATE'}"
    )
    return f"""
with versions as (
    select * from read_csv({municipalities}, header = true, columns = {versions_columns})
),
counties as (
    select * from read_csv({counties}, header = true, columns = {counties_columns})
),
deliveries as (  -- identical re-deliveries collapse
    select distinct
        event_id, person_id, move_date, registered_date, from_municipality_code,
        to_municipality_code, from_country_code, to_country_code, status
    from read_parquet({moves}, union_by_name = true)
),
events as (  -- one delivery per event_id; an event delivered in two versions is not counted
    select * from deliveries
    where event_id is not null
    qualify count(*) over (partition by event_id) = 1
),
moves as (
    select
        year(e.move_date) as year,
        e.from_country_code is not null as is_immigration,
        e.to_country_code is not null as is_emigration,
        f.county_code as from_county,
        t.county_code as to_county
    from events as e
    left join versions as f
        on f.municipality_code = e.from_municipality_code
        and f.valid_from <= e.move_date and e.move_date < coalesce(f.valid_to, date '9999-12-31')
    left join versions as t
        on t.municipality_code = e.to_municipality_code
        and t.valid_from <= e.move_date and e.move_date < coalesce(t.valid_to, date '9999-12-31')
    where e.status = 'active'
        and e.person_id is not null
        and e.move_date is not null
        and e.registered_date >= e.move_date
        and (e.from_municipality_code is null) != (e.from_country_code is null)
        and (e.to_municipality_code is null) != (e.to_country_code is null)
        and (e.from_country_code is null or e.to_country_code is null)
        and regexp_full_match(coalesce(e.from_country_code, 'NO'), '[A-Z]{{2}}')
        and regexp_full_match(coalesce(e.to_country_code, 'NO'), '[A-Z]{{2}}')
        and (e.from_municipality_code is null
            or (f.valid_from is not null and e.from_municipality_code != '9999'))
        and (e.to_municipality_code is null
            or (t.valid_from is not null and e.to_municipality_code != '9999'))
        and e.from_municipality_code is distinct from e.to_municipality_code
        {year_filter}
),
arrivals as (
    select year, to_county as county_code,
        count(*) filter (where is_immigration) as in_abroad,
        count(*) filter (where not is_immigration) as in_internal
    from moves
    where is_immigration or (not is_emigration and from_county != to_county)
    group by all
),
departures as (
    select year, from_county as county_code,
        count(*) filter (where is_emigration) as out_abroad,
        count(*) filter (where not is_emigration) as out_internal
    from moves
    where is_emigration or (not is_immigration and from_county != to_county)
    group by all
),
frame as (  -- every county valid in a year that has moves, plus any county with moves
    select years.year, counties.county_code
    from (select distinct year from moves) as years
    inner join counties
        on counties.valid_from < make_date(years.year + 1, 1, 1)
        and make_date(years.year, 1, 1) < coalesce(counties.valid_to, date '9999-12-31')
    union
    select year, county_code from arrivals
    union
    select year, county_code from departures
),
counts as (
    select
        frame.year,
        frame.county_code,
        coalesce(arrivals.in_abroad, 0) as ia,
        coalesce(arrivals.in_internal, 0) as ii,
        coalesce(departures.out_abroad, 0) as oa,
        coalesce(departures.out_internal, 0) as oi
    from frame
    left join arrivals using (year, county_code)
    left join departures using (year, county_code)
)
select
    year, county_code,
    ia + ii as in_migration_total, ia as in_migration_from_abroad, ii as in_migration_internal,
    oa + oi as out_migration_total, oa as out_migration_to_abroad, oi as out_migration_internal,
    ia + ii - oa - oi as net_migration_total, ia - oa as net_migration_abroad,
    ii - oi as net_migration_internal
from counts
order by year, county_code
"""


def run_floor(
    query: str, threads: int, memory_limit: str, temp_dir: Path
) -> tuple[float, list[tuple], float]:
    """Time one floor query on a fresh connection with the profile's DuckDB settings.

    Returns the seconds, the rows and the share of the CPU other processes used meanwhile.
    """
    config = {
        "threads": threads,
        "memory_limit": memory_limit,
        "preserve_insertion_order": False,
        "temp_directory": str(temp_dir),
    }
    with duckdb.connect(config=config) as con:
        con.execute("set enable_progress_bar = false")
        meter = CpuMeter()
        rows = con.execute(query).fetchall()
        return time.monotonic() - meter.started, rows, meter.other_share()


def mart_rows(database: Path, year: int | None) -> list[tuple]:
    where = f"where year = {year}" if year is not None else ""
    columns = ", ".join(("year", "county_code", *MEASURES))
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            f"select {columns} from marts.{MART} {where} order by year, county_code"
        ).fetchall()


def check_floor(floor_rows: list[tuple], database: Path) -> dict[str, Any]:
    """Fail loudly unless the floor gives the mart's 2015 table exactly; compare every year."""
    floor_2015 = [row for row in floor_rows if row[0] == CHECK_YEAR]
    mart_2015 = mart_rows(database, CHECK_YEAR)
    if floor_2015 != mart_2015 or len(mart_2015) != 19:
        differing = sorted(set(floor_2015) ^ set(mart_2015))[:10]
        raise BenchError(
            f"the floor query does not reproduce {MART} for {CHECK_YEAR}: "
            f"{len(floor_2015)} floor rows, {len(mart_2015)} mart rows (19 expected); "
            f"differing rows (year, county, 9 measures): {differing}"
        )
    log(f"floor query matches {MART} for {CHECK_YEAR}: 19 rows x 9 measures, identical")
    all_years = mart_rows(database, None)
    return {
        "checked_year": CHECK_YEAR,
        "rows": len(mart_2015),
        "measures": len(MEASURES),
        "identical": True,
        "all_years_identical": floor_rows == all_years,
        "all_years_rows": len(all_years),
    }


# --- incremental -----------------------------------------------------------------------


def is_last_year_file(table: str, path: Path, last_year: int) -> bool:
    """A file the last year's delivery brings: its events, and the counts after 1 January."""
    stem = path.stem.rsplit("_", 1)[-1]
    if table == "population":
        return stem > f"{last_year}-01-01"
    return stem == str(last_year)


def link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def split_register(raw: Path, raw_incremental: Path, last_year: int) -> list[tuple[Path, Path]]:
    """Fill `raw_incremental` with every file but the last year's; return those (src, dst)."""
    shutil.rmtree(raw_incremental, ignore_errors=True)
    held_back: list[tuple[Path, Path]] = []
    for table in TABLES:
        (raw_incremental / table).mkdir(parents=True)
        for source in sorted((raw / table).glob("*.parquet")):
            destination = raw_incremental / table / source.name
            if is_last_year_file(table, source, last_year):
                held_back.append((source, destination))
            else:
                link_or_copy(source, destination)
    if not any(table == "migrations" for table in (src.parent.name for src, _ in held_back)):
        raise BenchError(f"no migrations file of {last_year} in {relative(raw)}")
    return held_back


def compare_marts(first: Path, second: Path) -> bool:
    """Whether two warehouses hold the same county table (every year, all measures)."""
    return mart_rows(first, None) == mart_rows(second, None)


# --- machine, versions, targets --------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def machine() -> dict[str, Any]:
    return {
        "cpu_model": cpu_model(),
        "logical_cores": psutil.cpu_count(logical=True),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory_bytes": psutil.virtual_memory().total,
        "os": os_name(),
        "python": platform.python_version(),
    }


def versions() -> dict[str, str]:
    found = {"duckdb_python": duckdb.__version__}
    for package in ("dbt-core", "dbt-duckdb"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def judge(figures: dict[str, Any]) -> dict[str, Any]:
    compare: dict[str, Callable[[float, float], bool]] = {
        "<": lambda value, limit: value < limit,
        "<=": lambda value, limit: value <= limit,
    }
    return {
        key: {
            "target": label,
            "limit": limit,
            "value": figures[key],
            "pass": compare[operator](figures[key], limit),
        }
        for key, (operator, limit, label) in TARGETS.items()
    }


def profile_settings() -> tuple[int, str]:
    """DuckDB threads and memory limit as profiles.yml resolves them (env vars or defaults)."""
    threads = int(os.environ.get("NORWAY_MIGRATION_DUCKDB_THREADS", "2"))
    return threads, os.environ.get("NORWAY_MIGRATION_MEMORY_LIMIT", "8GB")


# --- reports ---------------------------------------------------------------------------


def fmt_seconds(value: float) -> str:
    return f"{value:,.1f} s" if value >= 10 else f"{value:,.2f} s"


def fmt_measure(key: str, value: float) -> str:
    if key.endswith("_bytes"):
        return gib(value)
    if key.endswith("_seconds"):
        return fmt_seconds(value)
    if key.endswith("_per_second"):
        return f"{value:,.0f}"
    return f"{value:.3f}"


def measure_rows(report: dict[str, Any]) -> Iterable[str]:
    labels = {
        "full_build_seconds": "full `dbt build --full-refresh`, wall time",
        "full_build_peak_rss_bytes": "full build, peak RSS (dbt process tree)",
        "marts_seconds": f"`+{MART}` models (sum of run_results execution times)",
        "floor_seconds": "floor: one DuckDB query on the raw Parquet (all years)",
        "marts_over_floor": "marts / floor",
        "incremental_seconds": "incremental `dbt build` adding the last year",
        "incremental_share": "incremental / full build",
        "moves_counted_per_second": "counted moves / full build second",
        "raw_rows_per_second": "raw rows (4 tables) / full build second",
    }
    targets = report["targets"]
    for key, label in labels.items():
        measure = report["measures"][key]
        headline = report.get(key, measure["median"])
        target = targets.get(key)
        verdict = ("**pass**" if target["pass"] else "**MISSED**") if target else ""
        yield (
            f"| {label} | {fmt_measure(key, headline)} | "
            f"{fmt_measure(key, measure['min'])} | {fmt_measure(key, measure['max'])} | "
            f"{target['target'] if target else ''} | {verdict} |"
        )


def node_table(nodes: list[dict[str, Any]]) -> list[str]:
    return [
        "| node | seconds |",
        "|---|---:|",
        *(f"| `{n['node']}` | {n['median_seconds']:.1f} |" for n in nodes),
    ]


def by_kind(seconds: dict[str, float]) -> str:
    return ", ".join(f"{kind} {value:.1f} s" for kind, value in seconds.items() if value >= 0.05)


def contention(report: dict[str, Any]) -> str:
    shares = report["other_processes_cpu_share"]
    parts = [
        f"{label} {shares[key]['median']:.0%} (max {shares[key]['max']:.0%})"
        for key, label in (
            ("full_build", "full builds"),
            ("floor", "floor queries"),
            ("incremental", "incremental builds"),
        )
    ]
    return (
        "Share of the machine's CPU that other processes used during the timed runs "
        f"(median): {', '.join(parts)}. Timings are noisier the higher this is."
    )


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    v = report["versions"]
    missed = [t["target"] for t in report["targets"].values() if not t["pass"]]
    verdict = "All targets are met." if not missed else f"**Targets missed: {', '.join(missed)}.**"
    register = report["register"]
    lines = [
        f"# Benchmark, {report['date']}",
        "",
        f"Register {report['years'][0]}-{report['years'][-1]} ({len(report['years'])} years, "
        f"scale 1.0): {report['moves_counted']:,} counted moves, "
        f"{report['raw_rows']['migrations']:,} raw move rows, "
        f"{sum(report['raw_rows'].values()):,} raw rows in all four tables, "
        f"{register['bytes'] / 1e6:,.0f} MB of Parquet; generated in "
        f"{register['generate_seconds']:.1f} s{' (reused)' if register['reused'] else ''}.",
        f"Median of {report['runs']} runs each (the two ratios: ratio of the medians; min and "
        "max: of the per-run ratios).",
        "",
        verdict,
        "",
        "| measure | median | min | max | target | |",
        "|---|---:|---:|---:|---|---|",
        *measure_rows(report),
        "",
        f"Machine: {m['cpu_model']}, {m['logical_cores']} logical cores, "
        f"{gib(m['memory_bytes'])} memory, {m['os']}.",
        f"Versions: dbt-core {v['dbt-core']}, dbt-duckdb {v['dbt-duckdb']}, "
        f"DuckDB {v['duckdb_python']}, Python {m['python']}; "
        f"DuckDB threads {report['duckdb_threads']}.",
        "",
        contention(report),
        "",
        f"The floor query computes the county table for every year; it reproduces `{MART}` "
        f"for {CHECK_YEAR} exactly (19 rows x 9 measures; all years identical: "
        f"{report['floor_check']['all_years_identical']}). On {CHECK_YEAR} alone it takes "
        f"{fmt_seconds(report['measures']['floor_2015_only_seconds']['median'])}. "
        "An incremental build gives the same county table as the full build: "
        f"{report['incremental_matches_full']}.",
        "",
        "## Where the time goes",
        "",
        "Sums of dbt's execution times per node (two threads run in parallel, so they add up to "
        "more than the wall time).",
        "",
        f"Full build: {by_kind(report['full_build_seconds_by_kind'])}.",
        f"`+{MART}` (`marts_seconds`):",
        "",
        *node_table(report["marts_model_seconds"]),
        "",
        "Slowest nodes of the full build:",
        "",
        *node_table(report["slowest_nodes"]),
        "",
        f"Incremental build: {by_kind(report['incremental_seconds_by_kind'])}. Slowest nodes:",
        "",
        *node_table(report["incremental_slowest_nodes"]),
        "",
    ]
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of every measure")
    parser.add_argument("--first-year", type=int, default=2005, help="first register year")
    parser.add_argument("--last-year", type=int, default=2034, help="last register year")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=PROJECT_ROOT / "bench" / "work",
        help="register, databases, dbt logs and targets (git-ignored)",
    )
    parser.add_argument(
        "--out-dir", type=Path, default=PROJECT_ROOT / "bench", help="latest.json, latest.md"
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=120.0,
        help="seconds to wait before each timed run for other processes to leave the CPU "
        f"idle (below {QUIET_SHARE * 100:.0f}%% of it); 0 measures at once",
    )
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the register even if complete"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.first_year <= CHECK_YEAR < args.last_year:
        parser.error(f"the years must include {CHECK_YEAR} and end after it")
    return args


def full_builds(raw: Path, work: Path, runs: int, max_wait: float) -> dict[str, Any]:
    database = work / "full.duckdb"
    target_path = work / "target" / "full"
    dbt_parse(raw, target_path, work, database)
    seconds, rss, marts, other = Measure(), Measure(), Measure(), Measure()
    times: list[dict[str, float]] = []
    models: list[str] = []
    for run in range(1, runs + 1):
        remove_database(database)
        wait_for_quiet(max_wait)
        command = [*dbt_command("build", raw, target_path, work), "--full-refresh"]
        result = run_dbt(
            command,
            dbt_environment(database, work),
            f"full build {run}/{runs}",
            work / "logs" / f"full_{run}.log",
        )
        require_success(result, f"full build {run}/{runs}")
        marts_time, models = marts_seconds(target_path)
        seconds.runs.append(result.seconds)
        rss.runs.append(result.peak_rss_bytes)
        marts.runs.append(marts_time)
        other.runs.append(result.other_cpu_share)
        times.append(node_times(target_path))
        log(f"full build {run}/{runs}: +{MART} models took {marts_time:.1f} s")
    return {
        "database": database,
        "seconds": seconds,
        "rss": rss,
        "marts": marts,
        "other": other,
        "times": times,
        "marts_models": models,
    }


def floor_runs(raw: Path, work: Path, database: Path, runs: int, max_wait: float) -> dict[str, Any]:
    threads, memory_limit = profile_settings()
    temp_dir = work / "duckdb_tmp"
    seconds, seconds_2015, other = Measure(), Measure(), Measure()
    rows: list[tuple] = []
    for run in range(1, runs + 1):
        wait_for_quiet(max_wait)
        elapsed, rows, busy = run_floor(
            floor_query(raw, PROJECT_ROOT / "seeds", None), threads, memory_limit, temp_dir
        )
        seconds.runs.append(elapsed)
        other.runs.append(busy)
        one_year, _, _ = run_floor(
            floor_query(raw, PROJECT_ROOT / "seeds", CHECK_YEAR), threads, memory_limit, temp_dir
        )
        seconds_2015.runs.append(one_year)
        log(
            f"floor {run}/{runs}: {elapsed:.2f} s all years (other processes used {busy:.0%} "
            f"of the CPU), {one_year:.2f} s {CHECK_YEAR} only"
        )
    return {
        "seconds": seconds,
        "seconds_2015": seconds_2015,
        "other": other,
        "check": check_floor(rows, database),
        "threads": threads,
    }


def incremental_runs(
    raw: Path, work: Path, last_year: int, runs: int, full_database: Path, max_wait: float
) -> dict[str, Any]:
    raw_incremental = work / "raw_incremental"
    base = work / "incremental_base.duckdb"
    database = work / "incremental.duckdb"
    target_path = work / "target" / "incremental"
    held_back = split_register(raw, raw_incremental, last_year)
    log(f"incremental: {relative(raw_incremental)} holds the register without {last_year}")
    # Every dbt call of this phase uses the same database path, so the profile does not
    # change between them and each timed run starts from the same partial-parse state.
    dbt_parse(raw_incremental, target_path, work, database)
    remove_database(database)
    command = [*dbt_command("build", raw_incremental, target_path, work), "--full-refresh"]
    base_run = run_dbt(
        command,
        dbt_environment(database, work),
        f"incremental: full build without {last_year}",
        work / "logs" / "incremental_base.log",
    )
    require_success(base_run, f"full build without {last_year}")
    remove_database(base)
    shutil.copyfile(database, base)
    seconds, rss, other = Measure(), Measure(), Measure()
    times: list[dict[str, float]] = []
    matches = True
    for run in range(1, runs + 1):
        for _, destination in held_back:
            destination.unlink(missing_ok=True)
        remove_database(database)
        shutil.copyfile(base, database)
        for source, destination in held_back:
            link_or_copy(source, destination)
        wait_for_quiet(max_wait)
        result = run_dbt(
            dbt_command("build", raw_incremental, target_path, work),
            dbt_environment(database, work),
            f"incremental build {run}/{runs} (adds {last_year})",
            work / "logs" / f"incremental_{run}.log",
        )
        require_success(result, f"incremental build {run}/{runs}")
        seconds.runs.append(result.seconds)
        rss.runs.append(result.peak_rss_bytes)
        other.runs.append(result.other_cpu_share)
        times.append(node_times(target_path))
        matches = matches and compare_marts(database, full_database)
    return {
        "seconds": seconds,
        "rss": rss,
        "other": other,
        "times": times,
        "base_seconds": base_run.seconds,
        "added_files": [relative(source) for source, _ in held_back],
        "matches_full": matches,
    }


def moves_counted(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select count(*) from marts.fct_moves").fetchone()[0]


def build_report(
    args: argparse.Namespace,
    register: dict[str, Any],
    raw_rows: dict[str, int],
    full: dict[str, Any],
    floor: dict[str, Any],
    incremental: dict[str, Any],
    counted: int,
) -> dict[str, Any]:
    full_seconds = full["seconds"].runs
    measures = {
        "full_build_seconds": full["seconds"].summary(),
        "full_build_peak_rss_bytes": full["rss"].summary(),
        "marts_seconds": full["marts"].summary(),
        "floor_seconds": floor["seconds"].summary(),
        "floor_2015_only_seconds": floor["seconds_2015"].summary(),
        "marts_over_floor": Measure(
            [m / f for m, f in zip(full["marts"].runs, floor["seconds"].runs, strict=True)]
        ).summary(),
        "incremental_seconds": incremental["seconds"].summary(),
        "incremental_peak_rss_bytes": incremental["rss"].summary(),
        "incremental_share": Measure(
            [i / f for i, f in zip(incremental["seconds"].runs, full_seconds, strict=True)]
        ).summary(),
        "moves_counted_per_second": Measure([counted / s for s in full_seconds]).summary(),
        "raw_rows_per_second": Measure(
            [sum(raw_rows.values()) / s for s in full_seconds]
        ).summary(),
        "raw_move_rows_per_second": Measure(
            [raw_rows["migrations"] / s for s in full_seconds]
        ).summary(),
    }
    # The headline ratios are ratios of medians; the per-run ratios are in `measures`.
    figures = {key: value["median"] for key, value in measures.items()}
    figures["marts_over_floor"] = figures["marts_seconds"] / figures["floor_seconds"]
    figures["incremental_share"] = figures["incremental_seconds"] / figures["full_build_seconds"]
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "years": list(range(args.first_year, args.last_year + 1)),
        "runs": args.runs,
        "moves_counted": counted,
        "raw_rows": raw_rows,
        "register": register,
        **{key: figures[key] for key in (*TARGETS, "marts_seconds", "floor_seconds")},
        "incremental_seconds": figures["incremental_seconds"],
        "measures": measures,
        "targets": judge(figures),
        "marts_models": full["marts_models"],
        "floor_check": floor["check"],
        "floor_scope": "all years (the mart's whole table); floor_2015_only_seconds: 2015 only",
        "incremental_base_build_seconds": incremental["base_seconds"],
        "incremental_added_files": incremental["added_files"],
        "incremental_matches_full": incremental["matches_full"],
        "other_processes_cpu_share": {
            "full_build": full["other"].summary(),
            "floor": floor["other"].summary(),
            "incremental": incremental["other"].summary(),
        },
        "marts_model_seconds": median_node_times(
            [{m: run.get(m, 0.0) for m in full["marts_models"]} for run in full["times"]],
            len(full["marts_models"]),
        ),
        "full_build_seconds_by_kind": median_by_kind(full["times"]),
        "slowest_nodes": median_node_times(full["times"], 15),
        "incremental_seconds_by_kind": median_by_kind(incremental["times"]),
        "incremental_slowest_nodes": median_node_times(incremental["times"], 15),
        "duckdb_threads": floor["threads"],
        "machine": machine(),
        "versions": versions(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work_dir.resolve()
    raw = work / "raw"
    work.mkdir(parents=True, exist_ok=True)
    try:
        register = ensure_register(raw, args.first_year, args.last_year, args.regenerate)
        raw_rows = raw_row_counts(raw)
        log(f"raw rows: {raw_rows}")
        full = full_builds(raw, work, args.runs, args.max_wait)
        counted = moves_counted(full["database"])
        log(f"{counted:,} counted moves in the warehouse")
        floor = floor_runs(raw, work, full["database"], args.runs, args.max_wait)
        incremental = incremental_runs(
            raw, work, args.last_year, args.runs, full["database"], args.max_wait
        )
    except BenchError as error:
        log(f"BENCHMARK FAILED: {error}")
        return 1
    report = build_report(args, register, raw_rows, full, floor, incremental, counted)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out_dir / "latest.md").write_text(markdown(report))
    print(markdown(report), flush=True)
    log(
        f"wrote {relative(args.out_dir / 'latest.json')} and {relative(args.out_dir / 'latest.md')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
