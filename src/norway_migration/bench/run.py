"""One benchmark run: the register, the timed full builds, the floor, the incremental builds,
and the results written as ``latest.json`` and ``latest.md``."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from norway_migration.bench.common import (
    GIB,
    MART,
    BenchError,
    configure_log,
    first_value,
    log,
    relative,
    remove_database,
)
from norway_migration.bench.floor import (
    check_floor,
    compare_marts,
    floor_query,
    profile_settings,
    run_floor,
)
from norway_migration.bench.machine import machine, versions
from norway_migration.bench.markdown import markdown
from norway_migration.bench.measure import (
    FAMILIES,
    REST,
    Measure,
    dbt_command,
    dbt_environment,
    dbt_parse,
    family_seconds,
    marts_seconds,
    median_by_kind,
    median_node_times,
    median_per_key,
    node_times,
    require_success,
    run_dbt,
    wait_for_quiet,
)
from norway_migration.bench.options import CHECK_YEAR, BenchOptions
from norway_migration.bench.register import (
    ensure_register,
    link_or_copy,
    raw_row_counts,
    split_register,
)
from norway_migration.paths import PROJECT_ROOT

FAMILY_ORDER = [*(family for family, _ in FAMILIES), REST]

TARGETS: dict[str, tuple[str, float, str]] = {
    # key: (comparison, limit, label): the targets of issue 17
    "full_build_seconds": ("<=", 60.0, "full build <= 60 s"),
    "full_build_peak_rss_bytes": ("<=", 4.0 * GIB, "peak RSS <= 4 GiB"),
    "marts_over_floor": ("<=", 2.0, "marts / floor <= 2"),
    "incremental_share": ("<=", 0.10, "incremental / full build <= 0.10"),
}


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


def full_builds(raw: Path, work: Path, runs: int, max_wait: float) -> dict[str, Any]:
    database = work / "full.duckdb"
    target_path = work / "target" / "full"
    dbt_parse(raw, target_path, work, database)
    seconds, rss, marts, other, spill = Measure(), Measure(), Measure(), Measure(), Measure()
    times: list[dict[str, float]] = []
    families: list[dict[str, float]] = []
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
        spill.runs.append(result.peak_spill_bytes)
        marts.runs.append(marts_time)
        other.runs.append(result.other_cpu_share)
        times.append(node_times(target_path))
        families.append(family_seconds(target_path, times[-1]))
        log(f"full build {run}/{runs}: +{MART} models took {marts_time:.1f} s")
    return {
        "database": database,
        "seconds": seconds,
        "rss": rss,
        "spill": spill,
        "marts": marts,
        "other": other,
        "times": times,
        "families": families,
        "marts_models": models,
    }


def scaling_runs(
    args: BenchOptions, work: Path, main: dict[str, Any], main_counted: int
) -> list[dict[str, Any]]:
    """One full build of the register at each scale of args.scales (1.0: the main runs'
    medians), for the scaling line: time, peak RSS and peak spill against counted moves."""
    line = []
    for scale in sorted(args.scales):
        if scale == 1.0:
            line.append(
                {
                    "scale": 1.0,
                    "moves_counted": main_counted,
                    "seconds": main["seconds"].summary()["median"],
                    "peak_rss_bytes": main["rss"].summary()["median"],
                    "peak_spill_bytes": main["spill"].summary()["median"],
                    "runs": args.runs,
                }
            )
            continue
        raw = work / f"raw_scale_{scale:g}"
        register = ensure_register(
            raw, args.first_year, args.last_year, args.regenerate, args.quiet, scale
        )
        database = work / f"scale_{scale:g}.duckdb"
        target_path = work / "target" / f"scale_{scale:g}"
        # SSB's 2015 table is reproduced only at scale 1.0: the other scales are not compared
        unreconciled = "reconcile_published: false"
        dbt_parse(raw, target_path, work, database, unreconciled)
        remove_database(database)
        wait_for_quiet(args.max_wait)
        result = run_dbt(
            [
                *dbt_command("build", raw, target_path, work, unreconciled),
                "--full-refresh",
            ],
            dbt_environment(database, work),
            f"scaling: full build at scale {scale:g}",
            work / "logs" / f"scale_{scale:g}.log",
        )
        require_success(result, f"full build at scale {scale:g}")
        line.append(
            {
                "scale": scale,
                "moves_counted": moves_counted(database),
                "seconds": result.seconds,
                "peak_rss_bytes": result.peak_rss_bytes,
                "peak_spill_bytes": result.peak_spill_bytes,
                "runs": 1,
                "raw_bytes": register["bytes"],
                "other_cpu_share": result.other_cpu_share,
            }
        )
        remove_database(database)
    return line


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
        "memory_limit": memory_limit,
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
    families: list[dict[str, float]] = []
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
        families.append(family_seconds(target_path, times[-1]))
        matches = matches and compare_marts(database, full_database)
    return {
        "seconds": seconds,
        "rss": rss,
        "other": other,
        "times": times,
        "families": families,
        "base_seconds": base_run.seconds,
        "added_files": [relative(source) for source, _ in held_back],
        "matches_full": matches,
    }


def moves_counted(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return int(first_value(con.execute("select count(*) from marts.fct_moves").fetchone()))


def build_report(
    args: BenchOptions,
    register: dict[str, Any],
    raw_rows: dict[str, int],
    full: dict[str, Any],
    floor: dict[str, Any],
    incremental: dict[str, Any],
    counted: int,
    scaling: list[dict[str, Any]],
) -> dict[str, Any]:
    full_seconds = full["seconds"].runs
    measures = {
        "full_build_seconds": full["seconds"].summary(),
        "full_build_peak_rss_bytes": full["rss"].summary(),
        "full_build_peak_spill_bytes": full["spill"].summary(),
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
        "scaling": scaling,
        "memory_limit": floor["memory_limit"],
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
        "full_build_seconds_by_family": median_per_key(full["families"], FAMILY_ORDER),
        "incremental_seconds_by_family": median_per_key(incremental["families"], FAMILY_ORDER),
        "incremental_slowest_nodes": median_node_times(incremental["times"], 15),
        "duckdb_threads": floor["threads"],
        "machine": machine(),
        "versions": versions(),
    }


def run_benchmark(args: BenchOptions) -> int:
    """The whole benchmark; 0 when it ran (whether or not the targets are met), 1 on failure."""
    configure_log(args.quiet)
    work = args.work_dir.resolve()
    raw = work / "raw"
    work.mkdir(parents=True, exist_ok=True)
    try:
        register = ensure_register(
            raw, args.first_year, args.last_year, args.regenerate, args.quiet
        )
        raw_rows = raw_row_counts(raw)
        log(f"raw rows: {raw_rows}")
        full = full_builds(raw, work, args.runs, args.max_wait)
        counted = moves_counted(full["database"])
        log(f"{counted:,} counted moves in the warehouse")
        floor = floor_runs(raw, work, full["database"], args.runs, args.max_wait)
        incremental = incremental_runs(
            raw, work, args.last_year, args.runs, full["database"], args.max_wait
        )
        scaling = scaling_runs(args, work, full, counted)
    except BenchError as error:
        log(f"BENCHMARK FAILED: {error}", logging.ERROR)
        return 1
    report = build_report(args, register, raw_rows, full, floor, incremental, counted, scaling)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out_dir / "latest.md").write_text(markdown(report))
    if not args.quiet:
        print(markdown(report), flush=True)
    log(
        f"wrote {relative(args.out_dir / 'latest.json')} and {relative(args.out_dir / 'latest.md')}"
    )
    return 0
