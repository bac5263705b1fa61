"""Start and stop a throwaway local PostgreSQL server for tests.

``norway-migration postgres start --data-dir DIR --port PORT`` creates a cluster in DIR when
it has none (``initdb`` with trust authentication, superuser ``postgres``, UTF8, C locale),
starts it listening only on 127.0.0.1:PORT (Unix socket in DIR, or in /tmp when DIR's path is
too long for a socket name), logs to ``DIR/server.log`` and makes sure the database
``norway_migration`` exists. Starting a server that already runs on DIR is not an error.
``norway-migration postgres stop --data-dir DIR [--remove]`` stops it (fast shutdown) and
optionally deletes DIR; stopping a server that does not run is not an error.

The server binaries come from Debian's layout, ``/usr/lib/postgresql/<version>/bin`` (the
newest version, or the one matching an existing cluster's PG_VERSION). PostgreSQL refuses to
run as root, so under root every server command runs as the system user ``postgres`` through
``runuser`` and the data directory is handed to that user. Nothing here is fit for production:
anyone who can reach 127.0.0.1:PORT logs in as superuser without a password.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

import psycopg2
from psycopg2 import sql

PG_LIB = Path("/usr/lib/postgresql")
HOST = "127.0.0.1"
SUPERUSER = "postgres"
SYSTEM_USER = "postgres"
DATABASE = "norway_migration"
LOG_NAME = "server.log"
LOG_TAIL_LINES = 30
# Unix socket paths are limited to 107 bytes (sun_path) on Linux.
MAX_SOCKET_PATH = 100
INSTALL_HINT = "install Debian's postgresql package (apt-get install postgresql)"
PG_CTL_NOT_RUNNING = 3


class ServerError(Exception):
    """A problem that stops the command; the message names it."""


def progress(message: str) -> None:
    print(message, flush=True)


def version_key(path: Path) -> tuple[int, ...]:
    """Sort key for a version directory name such as ``15`` or ``9.6``."""
    return tuple(int(part) for part in re.findall(r"\d+", path.name))


def find_bin_dir(version: str | None = None) -> Path:
    """The newest PostgreSQL bin directory holding initdb and pg_ctl (or the given version's)."""
    candidates = [
        path
        for path in PG_LIB.glob("*/bin")
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file()
    ]
    if not candidates:
        raise ServerError(
            f"no PostgreSQL server binaries under {PG_LIB}/<version>/bin; {INSTALL_HINT}"
        )
    if version is not None:
        matching = [path for path in candidates if path.parent.name == version]
        if not matching:
            found = ", ".join(sorted(path.parent.name for path in candidates))
            raise ServerError(
                f"the data directory was created by PostgreSQL {version}, but only version(s) "
                f"{found} are installed under {PG_LIB}"
            )
        return matching[0]
    return max(candidates, key=lambda path: version_key(path.parent))


def running_as_root() -> bool:
    return os.geteuid() == 0


def as_server_user(command: list[str]) -> list[str]:
    """Prefix a command so that it runs as the postgres system user when we are root."""
    if running_as_root():
        return ["runuser", "-u", SYSTEM_USER, "--", *command]
    return command


def run(command: list[str], what: str) -> subprocess.CompletedProcess[str]:
    """Run a server command (as postgres when root); raise ServerError naming `what` on failure."""
    try:
        # cwd "/": the postgres user may not be allowed into the caller's working directory.
        result = subprocess.run(
            as_server_user(command), cwd="/", capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise ServerError(f"{what}: could not run {command[0]}: {error}") from error
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise ServerError(f"{what} failed (exit {result.returncode}): {output}")
    return result


def cluster_version(data_dir: Path) -> str | None:
    """The major version recorded in DIR/PG_VERSION, or None when DIR holds no cluster."""
    version_file = data_dir / "PG_VERSION"
    return version_file.read_text().strip() if version_file.is_file() else None


def make_data_dir(data_dir: Path) -> None:
    """Create DIR (and missing parents); under root hand what we created, and DIR, to postgres."""
    missing = [path for path in (data_dir, *data_dir.parents) if not path.exists()]
    data_dir.mkdir(parents=True, exist_ok=True)
    if not running_as_root():
        return
    account = pwd.getpwnam(SYSTEM_USER)
    for path in {data_dir, *missing}:
        os.chown(path, account.pw_uid, account.pw_gid)
    check = subprocess.run(as_server_user(["test", "-w", str(data_dir)]), cwd="/", check=False)
    if check.returncode != 0:
        raise ServerError(
            f"user {SYSTEM_USER} cannot write to {data_dir}; choose a data directory whose "
            "parent directories it may enter (for example one under /tmp)"
        )


def init_cluster(bin_dir: Path, data_dir: Path) -> None:
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise ServerError(
            f"{data_dir} is not empty and holds no PostgreSQL cluster (no PG_VERSION)"
        )
    progress(f"initdb: creating a cluster in {data_dir} ({bin_dir.parent.name})")
    make_data_dir(data_dir)
    command = [str(bin_dir / "initdb"), "-D", str(data_dir), "-A", "trust", "-U", SUPERUSER]
    run([*command, "--encoding", "UTF8", "--locale", "C", "--no-sync"], "initdb")


def server_status(bin_dir: Path, data_dir: Path) -> bool:
    """Whether a server runs on data_dir (pg_ctl status)."""
    command = as_server_user([str(bin_dir / "pg_ctl"), "status", "-D", str(data_dir)])
    result = subprocess.run(command, cwd="/", capture_output=True, text=True, check=False)
    return result.returncode == 0


def running_port(data_dir: Path) -> int | None:
    """The port recorded in postmaster.pid (its fourth line) of a running server."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        return int(lines[3])
    except (OSError, IndexError, ValueError):
        return None


def socket_dir(data_dir: Path, port: int) -> Path:
    """DIR itself, unless the socket's path would be too long; then /tmp."""
    socket = data_dir / f".s.PGSQL.{port}"
    return data_dir if len(str(socket).encode()) <= MAX_SOCKET_PATH else Path("/tmp")


def log_tail(data_dir: Path) -> str:
    log = data_dir / LOG_NAME
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return f"(no log at {log})"
    return "\n".join(lines[-LOG_TAIL_LINES:]) or f"({log} is empty)"


def start_server(bin_dir: Path, data_dir: Path, port: int) -> None:
    progress(f"pg_ctl: starting the server on {HOST}:{port}")
    options = f"-h {HOST} -p {port} -k {socket_dir(data_dir, port)}"
    log = data_dir / LOG_NAME
    command = [str(bin_dir / "pg_ctl"), "start", "-D", str(data_dir), "-l", str(log)]
    try:
        run([*command, "-w", "-o", options], "pg_ctl start")
    except ServerError as error:
        raise ServerError(f"{error}\n--- tail of {log} ---\n{log_tail(data_dir)}") from error


def ensure_database(port: int) -> None:
    """Create the norway_migration database unless it exists."""
    try:
        connection = psycopg2.connect(host=HOST, port=port, user=SUPERUSER, dbname="postgres")
    except psycopg2.Error as error:
        raise ServerError(f"cannot connect to {HOST}:{port} as {SUPERUSER}: {error}") from error
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("select 1 from pg_database where datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                progress(f"creating database {DATABASE}")
                cursor.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
            else:
                progress(f"database {DATABASE} exists")
    finally:
        connection.close()


def start(data_dir: Path, port: int) -> None:
    data_dir = data_dir.resolve()
    version = cluster_version(data_dir)
    bin_dir = find_bin_dir(version)
    if version is None:
        init_cluster(bin_dir, data_dir)
    if server_status(bin_dir, data_dir):
        current = running_port(data_dir)
        if current != port:
            raise ServerError(f"a server already runs on {data_dir}, but on port {current}")
        progress(f"server already running on {data_dir}")
    else:
        start_server(bin_dir, data_dir, port)
    ensure_database(port)
    progress(f"host={HOST} port={port} user={SUPERUSER} dbname={DATABASE}")


def remove_data_dir(data_dir: Path) -> None:
    if not data_dir.exists():
        return
    if cluster_version(data_dir) is None and any(data_dir.iterdir()):
        raise ServerError(
            f"not removing {data_dir}: it holds no PostgreSQL cluster (no PG_VERSION)"
        )
    progress(f"removing {data_dir}")
    shutil.rmtree(data_dir)


def stop(data_dir: Path, remove: bool) -> None:
    data_dir = data_dir.resolve()
    version = cluster_version(data_dir)
    if version is not None:
        bin_dir = find_bin_dir(version)
        if server_status(bin_dir, data_dir):
            progress(f"pg_ctl: stopping the server on {data_dir}")
            run(
                [str(bin_dir / "pg_ctl"), "stop", "-D", str(data_dir), "-m", "fast", "-w"],
                "pg_ctl stop",
            )
    if remove:
        remove_data_dir(data_dir)
