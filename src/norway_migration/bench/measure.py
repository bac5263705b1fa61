"""Measuring dbt runs: wall time, peak RSS of the dbt process tree, the CPU other processes
used meanwhile, and where the time went (dbt's run_results.json)."""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from norway_migration.bench.common import BIN, MART_ID, BenchError, gib, log, relative
from norway_migration.bench.options import QUIET_SHARE
from norway_migration.paths import PROJECT_ROOT

SAMPLE_SECONDS = 0.2

PROGRESS_SECONDS = 15.0


QUIET_PROBE_SECONDS = 3.0

QUIET_WAIT_SECONDS = 10.0

BUSY_FIELDS = ("user", "nice", "system", "irq", "softirq", "steal")

PROGRESS_LINE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP)\b")


@dataclass
class DbtRun:
    """One timed dbt invocation."""

    seconds: float
    peak_rss_bytes: int
    returncode: int
    log_file: Path
    target_path: Path
    other_cpu_share: float
    peak_spill_bytes: int = 0


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
    peak_spill: int = 0
    spill_dir: Path | None = None
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
        if progress.spill_dir is not None:
            progress.peak_spill = max(progress.peak_spill, directory_bytes(progress.spill_dir))
        now = time.monotonic()
        if now - last_print >= PROGRESS_SECONDS:
            log(
                f"{progress.label}: {progress.done_nodes}/{progress.total_nodes or '?'} "
                f"nodes done, {now - progress.started:.0f} s, "
                f"peak RSS so far {gib(progress.peak_rss)}"
            )
            last_print = now
        done.wait(SAMPLE_SECONDS)


def directory_bytes(folder: Path) -> int:
    """Bytes of the files in folder now (DuckDB's spill files come and go)."""
    total = 0
    for path in folder.rglob("*"):
        try:
            total += path.stat().st_size
        except OSError:  # removed while we looked
            continue
    return total


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
            log(
                f"WARNING: other processes use {share:.0%} of the CPU; measuring anyway",
                logging.WARNING,
            )
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


def dbt_command(
    subcommand: str, raw: Path, target_path: Path, work: Path, extra_vars: str = ""
) -> list[str]:
    """dbt's command line for the benchmark; extra_vars adds `key: value` pairs to --vars."""
    return [
        str(BIN / "dbt"),
        subcommand,
        "--profiles-dir",
        ".",
        "--project-dir",
        ".",
        "--vars",
        f"{{raw_path: {relative(raw)}{', ' + extra_vars if extra_vars else ''}}}",
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
                log(f"{progress.label}: {line.strip()}", logging.WARNING)


def run_dbt(command: list[str], env: dict[str, str], label: str, log_file: Path) -> DbtRun:
    """Run dbt, timing it and sampling the RSS of its process tree."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    target_path = PROJECT_ROOT / command[command.index("--target-path") + 1]
    log(f"{label}: {' '.join(command[1:])}")
    progress = Progress(label)
    spill = env.get("NORWAY_MIGRATION_TEMP_DIR")
    progress.spill_dir = PROJECT_ROOT / spill if spill else None
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
        f"peak spill {gib(progress.peak_spill)}, other processes used {other:.0%} of the CPU"
    )
    return DbtRun(
        seconds, progress.peak_rss, returncode, log_file, target_path, other, progress.peak_spill
    )


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


def dbt_parse(
    raw: Path, target_path: Path, work: Path, database: Path, extra_vars: str = ""
) -> None:
    """Parse once (untimed) so every timed run starts from the same partial-parse state."""
    command = dbt_command("parse", raw, target_path, work, extra_vars)
    log_file = work / "logs" / f"parse_{target_path.name}.log"
    run = run_dbt(command, dbt_environment(database, work), "dbt parse", log_file)
    require_success(run, "dbt parse")


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


def median_per_key(runs: list[dict[str, float]], keys: list[str]) -> dict[str, float]:
    """Median over runs of each key's seconds (0 in a run that lacks the key)."""
    return {key: statistics.median(run.get(key, 0.0) for run in runs) for key in keys}


def median_by_kind(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median over runs of the summed execution time of each kind of node (model, test...)."""
    per_run = [time_by_kind(run) for run in runs]
    return median_per_key(per_run, sorted(set().union(*per_run)))


def median_node_times(runs: list[dict[str, float]], top: int) -> list[dict[str, Any]]:
    nodes = set().union(*runs)
    medians = {node: statistics.median(run.get(node, 0.0) for run in runs) for node in nodes}
    ranked = sorted(medians.items(), key=lambda item: -item[1])[:top]
    return [{"node": node, "median_seconds": seconds} for node, seconds in ranked]


# The parts of the project the benchmark reports separately: a model belongs to the first
# family whose pattern its name matches; a test or unit test to the family of a model it
# reads. Everything else is "the rest".
FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("flows, countries, quarters", re.compile(r"flows|international|quarterly|countr")),
    ("age and sex", re.compile(r"by_age|cohort|age_group|age_sex")),
    ("municipal tables", re.compile(r"municipal_table|publication")),
)
REST = "the rest"


def node_families(target_path: Path) -> dict[str, str]:
    """The family (FAMILIES) of every model, seed, test and unit test of the manifest."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}

    def own(unique_id: str) -> str | None:
        name = unique_id.split(".")[2] if unique_id.count(".") >= 2 else unique_id
        return next((family for family, pattern in FAMILIES if pattern.search(name)), None)

    families: dict[str, str] = {}
    for unique_id, node in nodes.items():
        family = None
        if unique_id.startswith(("model.", "seed.")):
            family = own(unique_id)
        else:
            parents = node.get("depends_on", {}).get("nodes", [])
            if "model" in node and isinstance(node["model"], str):  # a unit test's model
                parents = [*parents, f"model.{unique_id.split('.')[1]}.{node['model']}"]
            family = next((own(p) for p in parents if p.startswith("model.") and own(p)), None)
        families[unique_id] = family or REST
    return families


def family_seconds(target_path: Path, times: dict[str, float]) -> dict[str, float]:
    """Execution seconds of each family in one run (FAMILIES, then the rest)."""
    families = node_families(target_path)
    totals = {family: 0.0 for family, _ in FAMILIES} | {REST: 0.0}
    for unique_id, seconds in times.items():
        totals[families.get(unique_id, REST)] += seconds
    return totals
