"""``bench/latest.md``: the results as Markdown tables and sentences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from norway_migration.bench.common import MART, gib
from norway_migration.bench.options import CHECK_YEAR


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


def scaling_rows(report: dict[str, Any]) -> list[str]:
    """The scaling line: one full build per generator scale, with cost per counted move
    relative to the main register's."""
    line = report.get("scaling") or []
    if not line:
        return ["No scaling runs (`--scales` was empty)."]
    base = next((run for run in line if run["scale"] == 1.0), line[0])
    per_move = base["seconds"] / base["moves_counted"]
    rows = [
        "| scale | counted moves | full build | peak RSS | peak spill | seconds per million "
        "moves | vs scale 1.0 |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in line:
        ratio = (run["seconds"] / run["moves_counted"]) / per_move
        rows.append(
            f"| {run['scale']:g} | {run['moves_counted']:,} | {fmt_seconds(run['seconds'])} | "
            f"{gib(run['peak_rss_bytes'])} | {gib(run['peak_spill_bytes'])} | "
            f"{1e6 * run['seconds'] / run['moves_counted']:.2f} | {ratio:.2f} |"
        )
    return rows


def family_rows(report: dict[str, Any]) -> list[str]:
    """Execution time of the parts of the project (models and the tests that read them), in
    the full and the incremental build, with each part's share of all node time."""
    full = report.get("full_build_seconds_by_family") or {}
    incremental = report.get("incremental_seconds_by_family") or {}
    if not full:
        return []
    full_total = sum(full.values()) or 1.0
    incremental_total = sum(incremental.values()) or 1.0
    rows = [
        "| part of the project | full build | share | incremental build | share |",
        "|---|---:|---:|---:|---:|",
    ]
    for family, seconds in full.items():
        later = incremental.get(family, 0.0)
        rows.append(
            f"| {family} | {fmt_seconds(seconds)} | {seconds / full_total:.1%} | "
            f"{fmt_seconds(later)} | {later / incremental_total:.1%} |"
        )
    rows.append(f"| all nodes | {fmt_seconds(full_total)} | | {fmt_seconds(incremental_total)} | |")
    return [
        "Node execution time by part of the project (a model by its name; a test with the "
        "model it reads):",
        "",
        *rows,
        "",
    ]


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
        f"DuckDB threads {report['duckdb_threads']}, memory limit "
        f"{report.get('memory_limit', '?')}.",
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
        "## Scaling line",
        "",
        "One full build (`dbt build --full-refresh`) of the register generated at each scale "
        "(`--scale`), the same years; scale 1.0 is the median of the runs above. Peak spill is "
        "the largest size DuckDB's temp directory reached (data beyond the memory limit).",
        "",
        *scaling_rows(report),
        "",
        "## Where the time goes",
        "",
        "Sums of dbt's execution times per node (two threads run in parallel, so they add up to "
        "more than the wall time).",
        "",
        f"Full build: {by_kind(report['full_build_seconds_by_kind'])}.",
        "",
        *family_rows(report),
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
