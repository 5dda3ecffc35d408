"""The production stack on 127.0.0.1 for `bench/run.py`: a PostgreSQL cluster that outlives
the run (one per dataset, under var/bench/), Redis, gunicorn, the task worker and a fake
Akismet that answers after a delay.

Every server gets a free port of its own and keeps its state under var/bench/, so a bench
run never touches `.ci/run`'s servers, the integration suite's or another checkout's. The
PostgreSQL data directory stays after the run: seeding the large desk takes minutes.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = REPO / "var" / "bench"
PG_OS_USER = "newsdesk-pg"
# The `.ci/` scripts' default ports and the dev server's: someone may start those later.
RESERVED_PORTS = {54329, 63790, 53790, 8000}
STARTUP_SECONDS = 60


class StackError(RuntimeError):
    """A server of the stack could not be started or used; the message says which and why."""


def free_ports(*names: str) -> dict[str, int]:
    """A distinct free port on 127.0.0.1 for each of `names`."""
    ports: dict[str, int] = {}
    while len(ports) < len(names):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port not in RESERVED_PORTS and port not in ports.values():
            ports[names[len(ports)]] = port
    return ports


def run(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 600,
        what: str = "") -> str:
    """Run a command to completion and return its stdout; raise StackError with its output
    when it fails."""
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise StackError(f"{what or ' '.join(args)} failed with exit code {result.returncode}:\n"
                         f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


# --- PostgreSQL ------------------------------------------------------------------------------

def _postgres_bindir() -> Path:
    """Debian's newest server, by explicit path: a pg_ctl earlier on PATH may be anything."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0)
    if not found:
        raise StackError("No PostgreSQL server under /usr/lib/postgresql/*/bin: "
                         "apt-get install postgresql (or `make postgresql-server`).")
    return found[-1].parent


# Tuned as a modest dedicated database server would be. `fsync` stays on while the
# benchmark runs: a comment POST then pays for a real commit, as it would in production.
SERVING_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "4GB",
    "work_mem": "16MB",
    "random_page_cost": "1.1",
    "max_connections": "100",
}
# Only while a dataset is seeded: a crash then just means seeding again.
SEEDING_SETTINGS = {
    **SERVING_SETTINGS,
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_wal_size": "8GB",
    "maintenance_work_mem": "512MB",
    "autovacuum": "off",
}


@dataclass
class PostgresCluster:
    """A cluster whose data directory persists between runs; the server runs only while
    the benchmark does. The superuser is reachable only through the socket in `folder`."""

    folder: Path
    port: int = 0
    bindir: Path = field(default_factory=_postgres_bindir)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.data / "server.log"

    @staticmethod
    def url_on(port: int) -> str:
        return f"postgres://newsdesk:newsdesk@127.0.0.1:{port}/newsdesk"

    def _as_owner(self, args: list[str]) -> list[str]:
        # PostgreSQL refuses to run as root, so root runs it as a plain user.
        return ["runuser", "-u", PG_OS_USER, "--", *args] if os.geteuid() == 0 else args

    def exists(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def version(self) -> str:
        return run([str(self.bindir / "postgres"), "--version"]).strip()

    def create(self) -> None:
        """A new, empty cluster with the `newsdesk` role and database (server left stopped)."""
        if os.geteuid() == 0:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                            "/usr/sbin/nologin", PG_OS_USER], capture_output=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, user=PG_OS_USER)
        run(self._as_owner([str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                            "--encoding=UTF8", "--no-locale", "--auth-local=trust",
                            "--auth-host=scram-sha-256"]), what="initdb")

    def is_running(self) -> bool:
        status = subprocess.run(self._as_owner([str(self.bindir / "pg_ctl"), "-D",
                                                str(self.data), "status"]),
                                capture_output=True, text=True)
        return status.returncode == 0

    def start(self, port: int, settings: dict[str, str]) -> None:
        if self.is_running():
            # Left by a run that was killed before it could clean up: the directory is ours.
            self.stop()
        self.port = port
        options = " ".join([f"-c listen_addresses=127.0.0.1 -p {port} -k {self.folder}",
                            *(f"-c {name}={value}" for name, value in settings.items())])
        run(self._as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                            str(self.log), "-w", "-t", str(STARTUP_SECONDS), "-o", options,
                            "start"]), what=f"PostgreSQL start (log: {self.log})")

    def stop(self) -> None:
        if not self.is_running():
            return
        run(self._as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                            "-w", "stop"]), what="PostgreSQL stop")

    def pid(self) -> int:
        """The postmaster's process id (the server must be running)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def superuser_sql(self, sql: str) -> str:
        return run([str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "-h", str(self.folder), "-p", str(self.port), "-U", "postgres", "-d",
                    "postgres", "-c", sql], what="psql").strip()

    def create_database(self) -> None:
        self.superuser_sql("CREATE ROLE newsdesk LOGIN CREATEDB PASSWORD 'newsdesk'")
        self.superuser_sql("CREATE DATABASE newsdesk OWNER newsdesk")

    def sql(self, sql: str) -> str:
        """Run `sql` as the superuser in the newsdesk database; rows as `a|b` lines."""
        return run([str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "-h", str(self.folder), "-p", str(self.port), "-U", "postgres", "-d",
                    "newsdesk", "-c", sql], what="psql", timeout=3600).strip()


# --- Redis -----------------------------------------------------------------------------------

@dataclass
class Redis:
    """`.ci/redis.sh` with its state file in var/bench/, so CI's server is never touched."""

    port: int
    state_dir: Path = VAR / "state"
    url: str = ""

    def _env(self) -> dict[str, str]:
        return {**os.environ, "NEWSDESK_CI_STATE_DIR": str(self.state_dir),
                "REDIS_PORT": str(self.port)}

    def start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        output = run(["bash", str(REPO / ".ci" / "redis.sh"), "start"], env=self._env(),
                     what=".ci/redis.sh start")
        self.url = output.strip().splitlines()[-1]

    def stop(self) -> None:
        run(["bash", str(REPO / ".ci" / "redis.sh"), "stop"], env=self._env(),
            what=".ci/redis.sh stop")

    def pid(self) -> int:
        """The server's process id, from the folder `.ci/redis.sh` recorded."""
        folder = (self.state_dir / "newsdesk-ci-redis.state").read_text().split()[0]
        return int((Path(folder) / "redis.pid").read_text().strip())

    def flush(self) -> None:
        run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "FLUSHALL"],
            what="redis-cli FLUSHALL")

    def version(self) -> str:
        return run(["redis-server", "--version"]).split()[2].removeprefix("v=")


# --- The app ---------------------------------------------------------------------------------

@dataclass
class Process:
    """A long-running server of the stack in a session of its own (a Ctrl-C reaches only
    the driver, which then stops everything in order); its output goes to a log file."""

    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as output:
            self.popen = subprocess.Popen(self.args, cwd=REPO, env=self.env, stdout=output,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


@dataclass(frozen=True)
class GunicornConfig:
    workers: int
    threads: int

    @property
    def label(self) -> str:
        if self.threads == 1:
            return f"{self.workers} sync workers"
        return f"{self.workers} gthread workers x {self.threads} threads"

    def args(self) -> list[str]:
        if self.threads == 1:
            return ["--workers", str(self.workers), "--worker-class", "sync"]
        return ["--workers", str(self.workers), "--worker-class", "gthread",
                "--threads", str(self.threads)]


def gunicorn(env: dict[str, str], port: int, config: GunicornConfig, log: Path) -> Process:
    return Process("gunicorn", [str(BIN / "gunicorn"), "newsdesk.wsgi:application",
                                "--bind", f"127.0.0.1:{port}", *config.args()], env, log)


def db_worker(env: dict[str, str], log: Path) -> Process:
    return Process("db_worker", [sys.executable, "manage.py", "db_worker", "--no-reload"],
                   env, log)


def children(pid: int) -> list[int]:
    """The processes `pid` started (gunicorn's workers, for its master)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(part) for part in task.read_text().split()]
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        raw = Path(f"/proc/{pid}/stat").read_text()
        ticks += sum(int(value) for value in raw[raw.rindex(")") + 2:].split()[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise StackError(f"Process {pid} reports no resident memory (has it exited?).")


class CpuMeter:
    """CPU time spent by the benchmark's own processes (this one, its children, PostgreSQL
    and Redis, with their exited children) and by everything else on the machine, between
    start() and stop(). On a shared machine the second figure says how far to trust a row.
    """

    def __init__(self, *roots: int) -> None:
        self.roots = {os.getpid(), *roots}
        self.hertz = os.sysconf("SC_CLK_TCK")
        self._started: tuple[float, int, int] = (0.0, 0, 0)

    @staticmethod
    def _busy_ticks() -> int:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        # user nice system idle iowait irq softirq steal: all but idle and iowait.
        return sum(fields[:3]) + sum(fields[5:8])

    def _own_ticks(self) -> int:
        parents: dict[int, int] = {}
        ticks: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue  # exited meanwhile
            # The command name may hold spaces; the fields after it do not.
            fields = raw[raw.rindex(")") + 2:].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            # utime, stime, and the same for children it has reaped.
            ticks[pid] = sum(int(value) for value in fields[11:15])
        own = 0
        for pid, tick in ticks.items():
            ancestor = pid
            while ancestor > 1 and ancestor not in self.roots:
                ancestor = parents.get(ancestor, 0)
            if ancestor in self.roots:
                own += tick
        return own

    def start(self) -> None:
        self._started = (time.monotonic(), self._busy_ticks(), self._own_ticks())

    def stop(self) -> tuple[float, float]:
        """(cores the benchmark used, cores everything else used) on average."""
        started, busy, own = self._started
        seconds = time.monotonic() - started
        own_delta = (self._own_ticks() - own) / self.hertz
        busy_delta = (self._busy_ticks() - busy) / self.hertz
        return own_delta / seconds, max(0.0, busy_delta - own_delta) / seconds


def wait_until_healthy(url: str, process: Process) -> None:
    """Until /healthz answers 200; fail with the server's log if it dies or never does."""
    deadline = time.monotonic() + STARTUP_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        if not process.alive():
            raise StackError(f"{process.name} exited while starting:\n{process.tail()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
                last = str(response.status)
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.read()[:300]!r}"
        except OSError as error:
            last = f"{type(error).__name__}: {error}"
        time.sleep(0.2)
    raise StackError(f"{url}/healthz did not answer 200 within {STARTUP_SECONDS} s "
                     f"(last: {last}).\n{process.tail()}")


def manage(env: dict[str, str], *args: str, timeout: float = 3600) -> str:
    return run([sys.executable, "manage.py", *args], env=env, timeout=timeout,
               what=f"manage.py {' '.join(args)}")


def shell_json(env: dict[str, str], code: str) -> Any:
    """Run Python in `manage.py shell` against the stack; its last line is read as JSON."""
    output = manage(env, "shell", "--no-imports", "-c", code)
    return json.loads(output.strip().splitlines()[-1])
