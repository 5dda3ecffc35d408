"""The production stack on 127.0.0.1, started once for the integration tests.

PostgreSQL, Redis and moto's S3 server come from the `.ci/` scripts, each on a free port
with its state file in this run's own folder, so neither `.ci/run`'s PostgreSQL nor another
checkout's run is touched. The fake Akismet answers from a thread of this process. The app
runs as production runs it: `migrate` and `collectstatic`, then gunicorn (two workers,
DEBUG off) and `manage.py db_worker`, all with the environment a deployment would set.

Tests reach the app only over HTTP, and look behind it through PostgreSQL, Redis and the
bucket. A server that cannot be started fails the suite with its reason; nothing skips.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
import psycopg
import pytest

from tests.fake_akismet import DEFAULT_KEY, FakeAkismet

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "newsdesk-media"
S3_KEY = "newsdesk-ci"  # moto takes any key pair
ADMIN_USERNAME = "boss"
ADMIN_PASSWORD = "integration-only-Pa55word"
STARTUP_SECONDS = 60


# The scripts' own defaults: `.ci/run` (or a developer) may start a server there later.
DEFAULT_PORTS = {54329, 63790, 53790, 8000}


def free_ports(*names: str) -> dict[str, int]:
    """A distinct free port on 127.0.0.1 for each of `names`."""
    ports: dict[str, int] = {}
    while len(ports) < len(names):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port not in DEFAULT_PORTS and port not in ports.values():
            ports[names[len(ports)]] = port
    return ports


def ci_script(name: str, action: str, env: dict[str, str]) -> str:
    """Run `.ci/<name> <action>` and return the last line it printed (a URL, for start).

    A failure fails the suite in the script's own words: without the server there is
    nothing to test, and skipping would hide that.
    """
    result = subprocess.run(["bash", str(REPO / ".ci" / name), action], env=env,
                            capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        pytest.fail(f"The integration suite could not {action} a server: .ci/{name} {action} "
                    f"exited with {result.returncode}:\n{result.stderr.strip()}", pytrace=False)
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


@dataclass
class Process:
    """A long-running server of the stack, its output kept in a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    # How it was started, so a test can start it again after killing it.
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer ends it: no clean-up of its own runs."""
        self.popen.kill()
        self.popen.wait()

    def start_again(self) -> None:
        """Start it as before, after it ended; its output goes on in the same log."""
        assert self.popen.poll() is not None, f"{self.name} is still running"
        with self.log.open("ab") as output:
            self.popen = subprocess.Popen(self.args, cwd=REPO, env=self.env, stdout=output,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


@dataclass
class Stack:
    url: str
    env: dict[str, str]
    database_url: str
    redis_url: str
    s3_endpoint: str
    akismet: FakeAkismet
    ports: dict[str, int]
    processes: list[Process] = field(default_factory=list)

    @property
    def media_url(self) -> str:
        return f"{self.s3_endpoint}/{BUCKET}/"

    def process(self, name: str) -> Process:
        return next(process for process in self.processes if process.name == name)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} (last lines) ---\n{p.tail()}" for p in self.processes)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=20)

    def manage(self, *args: str) -> str:
        """Run a management command against the stack, as an operator (or cron) would."""
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env,
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, (
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}")
        return result.stdout

    def shell(self, code: str) -> Any:
        """Run Python in `manage.py shell` against the stack; its last line is read as JSON."""
        output = self.manage("shell", "--no-imports", "-c", code)
        return json.loads(output.strip().splitlines()[-1])

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()

    def bucket_keys(self) -> set[str]:
        s3 = boto3.client("s3", endpoint_url=self.s3_endpoint, region_name="us-east-1",
                          aws_access_key_id=S3_KEY, aws_secret_access_key=S3_KEY)
        keys: set[str] = set()
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            keys.update(item["Key"] for item in page.get("Contents", []))
        return keys

    def new_story(self, slug: str, headline: str, *,
                  lead_image: int | None = None) -> dict[str, Any]:
        """A published story, made through the services; returns its id and path."""
        return self.shell(f"""
import json
from django.contrib.auth import get_user_model
from articles.models import Image, Section
from articles.services.publishing import article_publish
from articles.services.sections import section_create
from articles.services.stories import article_create
boss = get_user_model().objects.get(username={ADMIN_USERNAME!r})
section = (Section.objects.filter(slug="tv-news").first()
           or section_create(name="TV News", slug="tv-news"))
lead = Image.objects.get(pk={lead_image!r}) if {lead_image!r} else None
version = article_create(
    slug={slug!r}, sections=[section], by=boss, headline={headline!r},
    standfirst="What we know so far.", body="<p>More soon.</p>", lead_image=lead, kind="update",
    update_label="", public_note="")
article_publish(version, by=boss)
article = version.article
print(json.dumps({{"id": article.pk, "path": article.get_absolute_url()}}))
""")

    def wait_for(self, what: str, check: Callable[[], Any], *, seconds: float = 30) -> Any:
        """Poll `check` until it returns something truthy; fail naming `what` after `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(f"{what}: not within {seconds:g} s.\n{self.logs()}", pytrace=False)
            time.sleep(0.2)


def _start_process(stack: Stack, name: str, args: list[str], folder: Path,
                   cleanup: ExitStack) -> Process:
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        popen = subprocess.Popen(args, cwd=REPO, env=stack.env, stdout=output,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    process = Process(name, popen, log, args=args, env=stack.env)
    stack.processes.append(process)
    cleanup.callback(process.stop)
    return process


def _wait_until_healthy(stack: Stack, gunicorn: Process) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        if gunicorn.popen.poll() is not None:
            pytest.fail(f"gunicorn exited with {gunicorn.popen.returncode} while starting:\n"
                        f"{gunicorn.tail()}", pytrace=False)
        try:
            response = httpx.get(f"{stack.url}/healthz", timeout=5)
        except httpx.TransportError as error:
            last = f"{type(error).__name__}: {error}"
        else:
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text}"
        time.sleep(0.2)
    pytest.fail(f"/healthz did not answer 200 within {STARTUP_SECONDS} s (last: {last}).\n"
                f"{stack.logs()}", pytrace=False)


def prepare_site(stack: Stack) -> None:
    """What a deployment does before the app starts: migrate, collect the static files, and
    make the first administrator (ADMIN_USERNAME)."""
    stack.manage("migrate", "--noinput")
    stack.manage("collectstatic", "--noinput")
    superuser = {"DJANGO_SUPERUSER_USERNAME": ADMIN_USERNAME,
                 "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
                 "DJANGO_SUPERUSER_EMAIL": "boss@newsdesk.example"}
    stack.env.update(superuser)
    stack.manage("createsuperuser", "--noinput")
    for name in superuser:
        del stack.env[name]


def _start_stack(folder: Path, cleanup: ExitStack) -> Stack:
    state = folder / "state"
    state.mkdir()
    ports = free_ports("postgres", "redis", "s3", "app")
    script_env = {**os.environ, "NEWSDESK_CI_STATE_DIR": str(state), "PYTHON": sys.executable,
                  "PGPORT": str(ports["postgres"]), "REDIS_PORT": str(ports["redis"]),
                  "S3_PORT": str(ports["s3"]), "S3_BUCKET": BUCKET}

    database_url = ci_script("postgres.sh", "start", script_env)
    cleanup.callback(ci_script, "postgres.sh", "stop", script_env)
    redis_url = ci_script("redis.sh", "start", script_env)
    cleanup.callback(ci_script, "redis.sh", "stop", script_env)
    s3_endpoint = ci_script("s3.sh", "start", script_env)
    cleanup.callback(ci_script, "s3.sh", "stop", script_env)
    akismet = cleanup.enter_context(FakeAkismet())

    url = f"http://127.0.0.1:{ports['app']}"
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        # gunicorn keeps a control socket under $HOME: one per run, never a neighbour's.
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DEBUG": "false",
        "SECRET_KEY": f"integration-{secrets.token_urlsafe(40)}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": url,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TASKS_BACKEND": "database",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": S3_KEY,
        "AWS_SECRET_ACCESS_KEY": S3_KEY,
        "STATIC_ROOT": str(folder / "static"),
        "NEWSDESK_VAR_DIR": str(folder / "var"),
        "AKISMET_API_KEY": DEFAULT_KEY,
        "AKISMET_API_URL": akismet.url,
        "AKISMET_TIMEOUT": "10",
        "COMMENTS_MODERATION": "approve_ham",
        # A person takes longer than three seconds to write and more than 15 between
        # comments; the tests need not.
        "COMMENTS_MIN_FILL_SECONDS": "0",
        "COMMENTS_RATE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    stack = Stack(url=url, env=env, database_url=database_url, redis_url=redis_url,
                  s3_endpoint=s3_endpoint, akismet=akismet, ports=ports)

    prepare_site(stack)

    gunicorn = _start_process(stack, "gunicorn", [
        str(BIN / "gunicorn"), "newsdesk.wsgi:application", "--bind", f"127.0.0.1:{ports['app']}",
        "--workers", "2",
    ], folder, cleanup)
    _start_process(stack, "db_worker", [sys.executable, "manage.py", "db_worker"], folder,
                   cleanup)
    _wait_until_healthy(stack, gunicorn)
    return stack


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with ExitStack() as cleanup:
        yield _start_stack(tmp_path_factory.mktemp("stack"), cleanup)


@pytest.fixture
def akismet(stack: Stack) -> Iterator[FakeAkismet]:
    stack.akismet.reset()
    yield stack.akismet
    stack.akismet.reset()  # releases a handler still sleeping for a slow answer
