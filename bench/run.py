"""`make bench`: the production stack under load, on a small and a large desk.

    .venv/bin/python bench/run.py [--datasets small,large] [--fresh] [--build-only]
                                  [--seconds 12] [--gunicorn 3x2] [--profile]

For each dataset this starts, on 127.0.0.1: PostgreSQL (its data directory persists in
var/bench/<dataset>/, seeded once with `python -m bench.seed_scale`; --fresh seeds it again),
Redis, gunicorn with production settings (DEBUG off, full-page cache off), the `db_worker`
task worker, and a fake Akismet that answers after one second. wrk then drives the app
from 127.0.0.1 with 8 connections on 2 threads, one row at a time: a warm-up, then
--seconds of measurement. Queries per page are counted in-process (bench/page_queries.py).
The memory row reads the gunicorn workers' resident memory after 1,000 and 10,000 requests
of the reader pages. The cached row restarts gunicorn with the page cache on.

gunicorn's worker set-up is chosen on the first dataset, by the 200-comment story's
requests/s among a few candidates, and kept for the next (--gunicorn skips the choice).
--profile records py-spy on the workers during every row and writes, per row, the
milliseconds of CPU per request each function takes (var/bench/logs/<dataset>/profiles/).

Prints the table and writes bench/RESULTS.md with the machine's details. Every server is
stopped at the end, on failure and on Ctrl-C too.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import profiling, report, stack
from bench.report import (
    MEMORY_CHECKPOINTS,
    Dataset,
    DatasetResult,
    GunicornTrial,
    Load,
    Row,
)
from bench.stack import (
    REPO,
    VAR,
    CpuMeter,
    GunicornConfig,
    PostgresCluster,
    Process,
    Redis,
    StackError,
)
from tests.fake_akismet import COMMENT_CHECK, DEFAULT_KEY, FakeAkismet

WRK = os.environ.get("WRK") or "wrk"
WRK_DIR = Path(__file__).resolve().parent / "wrk"
CONNECTIONS = 8
WRK_THREADS = 2
WARMUP_SECONDS = 3
AKISMET_SECONDS = 1.0
# A platform name: in about one story in seven of seed_scale's desk. Its everyday words
# ("season", "finale") are in nearly every story, which no real desk's are.
SEARCH_WORD = "netflix"
BENCH_STORIES = {"story200": "scale-200-comments", "story1000": "scale-1000-comments"}
# Comments the benchmark posts come from this address, so the next run can take them away.
BENCH_EMAIL = "bench.reader@newsdesk.example"
# Sync workers only, for now: articles/sanitize.py shares one bleach Cleaner and Linker
# between threads, which bleach says not to do, and under gthread two threads drawing
# comment threads at once fail with IndexError (a 500) inside html5lib. Add
# GunicornConfig(2, 4) and GunicornConfig(3, 2) back once it keeps one per thread.
CANDIDATE_CONFIGS = (GunicornConfig(2, 1), GunicornConfig(3, 1), GunicornConfig(4, 1))
PAGE_CACHE_ON_SECONDS = 600
# A page from the cache costs so little that opening a connection per request (sync
# workers cannot keep one alive) is a large share of it: threads that keep connections
# alive, as behind a load balancer or CDN, are tried too.
CACHED_CONFIGS = (GunicornConfig(4, 1), GunicornConfig(2, 4), GunicornConfig(3, 4))
# A page measured slower than this stays out of the memory row's mix: its share of 10,000
# requests would take most of an hour (a search on the large desk, for one).
MEMORY_MIX_MIN_RATE = 5.0

DATASETS = {
    "small": Dataset("small", stories=1_000, comments=20_000, shows=50),
    "large": Dataset("large", stories=100_000, comments=1_000_000, shows=500),
}
# Reader pages, in the order they are measured; their paths are found in the data.
PAGES = ("home", "story200", "story1000", "show", "search", "feed")
# Every row of the table, in order. The POST and cached rows come last: the comments
# posted then cannot change what the page rows measured, and the cached row needs a restart.
ROWS = {row.key: row for row in (
    Row("home", "Home /"),
    Row("story200", "Story, 200 comments"),
    Row("story1000", "Story, 1,000 comments"),
    Row("show", "Show hub"),
    Row("search", f"Search ?q={SEARCH_WORD}"),
    Row("feed", "RSS feed /feed/"),
    Row("post", "Comment POST, Akismet 1 s"),
    # What one POST costs with nothing queued before it: the time a commenter waits.
    Row("post_one", "Comment POST, Akismet 1 s, one client", informative=True),
    Row("story200_cached", "Story, 200 comments, page cache ON"),
    # What any answer costs on this machine, for the cached row to be read against.
    Row("floor_view", "Floor: /robots.txt, Django's least work", informative=True),
    Row("floor_static", "Floor: a static file from WhiteNoise", informative=True),
)}


def say(line: str = "") -> None:
    print(line, flush=True)


# --- wrk -------------------------------------------------------------------------------------

def _wrk_command(url: str, seconds: float, script: str, args: tuple[str, ...],
                 connections: int) -> list[str]:
    threads = min(WRK_THREADS, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency",
               "--timeout=10s", "-s", script, url]
    return [*command, "--", *args] if args else command


def _read_report(returncode: int, stdout: str, stderr: str, connections: int) -> Load:
    """The line bench/wrk/report.lua prints, as a Load."""
    report_line = next((line for line in stdout.splitlines() if line.startswith("BENCH ")),
                       None)
    if returncode != 0 or report_line is None:
        raise StackError(f"wrk failed (exit {returncode}):\n{stdout}\n{stderr}")
    figures = json.loads(report_line.removeprefix("BENCH "))
    return Load(
        requests=figures["requests"], seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000, p99_ms=figures["p99_us"] / 1000,
        errors={name: figures[name] for name in ("connect_errors", "read_errors",
                                                  "write_errors", "status_errors", "timeouts")
                if figures[name]},
        connections=connections,
    )


def wrk(url: str, *, seconds: float, script: str = "get.lua", args: tuple[str, ...] = (),
        connections: int = CONNECTIONS) -> Load:
    # report.lua and its neighbours are loaded by plain names from there.
    result = subprocess.run(_wrk_command(url, seconds, script, args, connections), cwd=WRK_DIR,
                            capture_output=True, text=True, timeout=seconds * 20 + 120)
    return _read_report(result.returncode, result.stdout, result.stderr, connections)


def wrk_requests(url: str, count: int, paths: list[str]) -> Load:
    """Exactly `count` answered requests (split between wrk's threads) going round `paths`.

    bench/wrk/mix.lua stops each thread at its share and says so; wrk is then interrupted,
    as it would otherwise wait out its whole duration.
    """
    command = _wrk_command(url, 3600, "mix.lua", (str(count // WRK_THREADS), *paths),
                           CONNECTIONS)
    with subprocess.Popen(command, cwd=WRK_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        assert process.stdout is not None and process.stderr is not None
        try:
            lines = []
            finished = 0
            for line in process.stdout:
                lines.append(line)
                if line.startswith("THREAD DONE"):
                    finished += 1
                    if finished == WRK_THREADS:
                        # wrk prints its summary when interrupted, as at the end of -d.
                        process.send_signal(signal.SIGINT)
            stderr = process.stderr.read()
            returncode = process.wait()
        except BaseException:
            process.kill()
            raise
    return _read_report(returncode, "".join(lines), stderr, CONNECTIONS)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- the stack of one dataset ----------------------------------------------------------------

@dataclass
class Bench:
    """One dataset's running stack, and what the rows need of it."""

    dataset: Dataset
    env: dict[str, str]
    port: int
    logs: Path
    cleanup: ExitStack
    meter: CpuMeter
    options: argparse.Namespace
    result: DatasetResult
    gunicorn: Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_gunicorn(self, config: GunicornConfig, *, page_cache_seconds: int = 0) -> None:
        self.stop_gunicorn()
        env = {**self.env, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
        process = stack.gunicorn(env, self.port, config, self.logs / "gunicorn.log").start()
        self.cleanup.callback(process.stop)
        self.gunicorn = process
        stack.wait_until_healthy(self.url, process)

    def stop_gunicorn(self) -> None:
        if self.gunicorn is not None:
            self.gunicorn.stop()
            self.gunicorn = None

    def workers(self) -> list[int]:
        assert self.gunicorn is not None
        return stack.children(self.gunicorn.pid)

    def measure(self, key: str, path: str, *, script: str = "get.lua",
                args: tuple[str, ...] = (), connections: int = CONNECTIONS,
                profile: bool = False) -> Load:
        """Warm up, then measure one row (profiling the workers meanwhile if asked)."""
        warm = wrk(self.url + path, seconds=WARMUP_SECONDS, script=script, args=args,
                   connections=connections)
        if warm.errors:
            raise StackError(f"{path} failed while warming up: {warm.errors}; see "
                             f"{self.logs / 'gunicorn.log'}")
        seconds = self.options.seconds
        recording: AbstractContextManager[list[Path]] = nullcontext([])
        if profile:
            recording = profiling.recording(self.workers(), seconds, self.logs / "profiles", key)
        workers = self.workers()
        self.meter.start()
        spent = stack.cpu_seconds(workers)
        with recording as outputs:
            load = wrk(self.url + path, seconds=seconds, script=script, args=args,
                       connections=connections)
        spent = stack.cpu_seconds(workers) - spent
        load.own_cores, load.other_cores = self.meter.stop()
        if outputs:
            summary = self.logs / "profiles" / f"{key}.txt"
            summary.write_text(profiling.summarise(outputs, load.requests, spent))
            self.result.profiles[key] = str(summary.relative_to(REPO))
        return load

    def row(self, key: str, path: str, **options: Any) -> Load:
        load = self.measure(key, path, profile=self.options.profile, **options)
        self.result.loads[key] = load
        self.result.paths.setdefault(key, path)
        errors = f"  ERRORS {load.errors}" if load.errors else ""
        say(f"  {ROWS[key].title:<40} {load.per_second:8.1f} req/s  median {load.p50_ms:7.1f} ms"
            f"  p99 {load.p99_ms:7.1f} ms  (other work: {load.other_cores:.2f} cores){errors}")
        return load


def app_env(*, port: int, database_url: str, redis_url: str, akismet_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        # gunicorn keeps a control socket under $HOME.
        "HOME": str(VAR / "home"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DEBUG": "false",
        "SECRET_KEY": f"bench-{secrets.token_urlsafe(40)}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "NEWSDESK_VAR_DIR": str(VAR / "var"),
        "AKISMET_API_KEY": DEFAULT_KEY,
        "AKISMET_API_URL": akismet_url,
        "AKISMET_TIMEOUT": "5",
        # One client posts many comments from one address, quickly: no person does.
        "COMMENTS_MIN_FILL_SECONDS": "0",
        "COMMENTS_RATE_SECONDS": "0",
        "COMMENTS_RATE_PER_HOUR": "1000000000",
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


# --- datasets --------------------------------------------------------------------------------

def ensure_dataset(dataset: Dataset, cluster: PostgresCluster, port: int, env: dict[str, str],
                   *, fresh: bool) -> dict[str, Any]:
    """The dataset's cluster, seeded. It is built (minutes, for the large one) only when
    missing, left half-done, made for other numbers, or when --fresh asks. Returns what the
    build recorded."""
    marker = cluster.folder / "dataset.json"
    recorded: dict[str, Any] | None = (json.loads(marker.read_text()) if marker.is_file()
                                       else None)
    if (not fresh and recorded is not None and cluster.exists()
            and recorded.get("seed_args") == dataset.seed_args()):
        return recorded

    say(f"[{dataset.name}] building the dataset ({dataset.description}) in {cluster.folder}")
    if cluster.exists():
        cluster.stop()
    if cluster.folder.exists():
        shutil.rmtree(cluster.folder)
    cluster.create()
    cluster.start(port, stack.SEEDING_SETTINGS)
    try:
        cluster.create_database()
        stack.manage(env, "migrate", "--noinput")
        started = time.monotonic()
        # Streamed: seeding the large desk takes minutes and reports its progress.
        seeding = subprocess.run([sys.executable, "-m", "bench.seed_scale",
                                  *dataset.seed_args()], cwd=REPO, env=env,
                                 stdin=subprocess.DEVNULL)
        if seeding.returncode != 0:
            raise StackError(f"python -m bench.seed_scale failed with exit code "
                             f"{seeding.returncode} (its output is above).")
        seed_seconds = time.monotonic() - started
        started = time.monotonic()
        # Visibility maps and planner statistics, as autovacuum leaves a database that has
        # been running for a while.
        cluster.sql("VACUUM (ANALYZE)")
        vacuum_seconds = time.monotonic() - started
        size = int(cluster.sql("SELECT pg_database_size('newsdesk')"))
    finally:
        cluster.stop()
    recorded = {
        "seed_args": dataset.seed_args(),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed_seconds": round(seed_seconds, 1),
        "vacuum_seconds": round(vacuum_seconds, 1),
        "database_bytes": size,
    }
    marker.write_text(json.dumps(recorded, indent=2) + "\n")
    return recorded


PREPARE = """
import json
from django.db.models import F
from articles.models import Article, Show
from articles.search import search
from comments.models import Comment, StoryCommentOptions
from comments.services import comment_options_save
from django_tasks_db.models import DBTaskResult

# What earlier runs left: their posted comments and the worker's queue. A bulk delete, not
# comment_delete() one by one: thousands of benchmark comments, no moderator behind them.
left = Comment.objects.filter(author_email=BENCH_EMAIL).delete()[1].get("comments.Comment", 0)
DBTaskResult.objects.all().delete()

live = Article.objects.published()
stories = {key: live.get(slug=slug) for key, slug in BENCH_STORIES.items()}
show = Show.objects.with_story_counts().order_by(F("story_count").desc(nulls_last=True),
                                                 "pk").first()
# Comments are posted to the newest other story, so the measured pages never change. Its
# comments stay open however long after seeding the benchmark runs.
target = live.exclude(pk__in=[s.pk for s in stories.values()]).order_by(
    "-first_published_at", "-pk").first()
options = StoryCommentOptions.objects.filter(article=target).first()
if options is None or options.closed or options.close_after_days != 0:
    options = options or StoryCommentOptions(article=target)
    options.closed, options.close_after_days = False, 0
    comment_options_save(options)
print(json.dumps({
    "paths": {
        **{key: story.get_absolute_url() for key, story in stories.items()},
        "home": "/",
        "show": show.get_absolute_url(),
        "search": "/search/?q=" + SEARCH_WORD,
        "feed": "/feed/",
        "post_story": target.get_absolute_url(),
    },
    "show_name": show.name,
    "show_stories": show.story_count,
    "search_matches": search(SEARCH_WORD).count(),
    "comments_on": {key: story.comments.approved().count() for key, story in stories.items()},
    "removed_comments": left,
}))
"""


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """Clear what earlier runs left, and find the pages to measure."""
    code = (f"BENCH_EMAIL = {BENCH_EMAIL!r}\nBENCH_STORIES = {BENCH_STORIES!r}\n"
            f"SEARCH_WORD = {SEARCH_WORD!r}\n{PREPARE}")
    prepared: dict[str, Any] = stack.shell_json(env, code)
    return prepared


def comment_form(bench: Bench, path: str) -> tuple[str, dict[str, str]]:
    """The story page's comment form as a browser fills it in: where it posts, and every
    field but the body."""
    status, _, content = fetch(bench.url + path)
    if status != 200:
        raise StackError(f"GET {path} answered {status}: no comment form to post with.")
    html = content.decode()
    action = re.search(r'<form class="comment-form" method="post" action="([^"]+)"', html)
    if action is None:
        raise StackError(f"{path} shows no comment form: are comments open on it?")
    fields = {"name": "Bench Reader", "email": BENCH_EMAIL, "url": "", "homepage": "",
              "parent": ""}
    for name in ("started", "key"):
        found = re.search(rf'name="{name}" value="([^"]*)"', html)
        if found is None:
            raise StackError(f"The comment form on {path} has no {name!r} field.")
        fields[name] = found.group(1)
    return action.group(1), fields


def count_queries(bench: Bench, action: str, fields: dict[str, str]) -> dict[str, Any]:
    plan = {"pages": [[key, bench.result.paths[key]] for key in PAGES],
            "post": {"path": action,
                     "fields": {**fields, "body": f"Counted once {secrets.token_hex(4)}."}},
            "sql_dir": str(bench.logs / "sql")}
    output = stack.run([sys.executable, str(Path(__file__).parent / "page_queries.py"),
                        json.dumps(plan)], env={**bench.env, "PAGE_CACHE_SECONDS": "0"},
                       what="bench/page_queries.py")
    counted: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return counted


def posted_comments(env: dict[str, str], nonce: str) -> dict[str, int]:
    counted: dict[str, int] = stack.shell_json(env, f"""
import json
from comments.models import Comment, CommentState
mine = Comment.objects.filter(author_email={BENCH_EMAIL!r}, body__contains={nonce!r})
print(json.dumps({{"posted": mine.count(),
                   "judged": mine.exclude(state=CommentState.CHECKING).count()}}))
""")
    return counted


def page_cache_header(bench: Bench, path: str) -> str | None:
    return fetch(bench.url + path)[1].get("X-Page-Cache")


# --- the rows --------------------------------------------------------------------------------

def best_of(bench: Bench, configs: tuple[GunicornConfig, ...], key: str, path: str, *,
            page_cache_seconds: int = 0, profile: bool = False
            ) -> tuple[list[tuple[GunicornConfig, Load]], GunicornConfig, Load]:
    """Measure `path` under each set-up; returns every trial and the fastest sound one."""
    trials = []
    for config in configs:
        bench.start_gunicorn(config, page_cache_seconds=page_cache_seconds)
        load = bench.measure(key, path, profile=profile)
        if page_cache_seconds and (header := page_cache_header(bench, path)) != "hit":
            raise StackError(f"{path} did not come from the page cache with it on "
                             f"(X-Page-Cache: {header!r}).")
        trials.append((config, load))
        say(f"    {config.label:<34} {load.per_second:8.1f} req/s  median {load.p50_ms:6.1f} ms"
            f"  (other work: {load.other_cores:.2f} cores)"
            + (f"  ERRORS {load.errors}" if load.errors else ""))
    # A set-up that answered with errors is fast at failing, not at serving.
    sound = [trial for trial in trials if not trial[1].errors] or trials
    best, load = max(sound, key=lambda trial: trial[1].per_second)
    return trials, best, load


def choose_config(bench: Bench) -> GunicornConfig:
    say("  choosing gunicorn's set-up on the 200-comment story:")
    trials, best, _ = best_of(bench, CANDIDATE_CONFIGS, "trial", bench.result.paths["story200"])
    bench.result.trials += [GunicornTrial(config.label, load) for config, load in trials]
    bench.stop_gunicorn()
    say(f"  keeping {best.label}")
    return best


def page_rows(bench: Bench, config: GunicornConfig) -> None:
    say(f"[{bench.dataset.name}] {config.label}, page cache off, {bench.options.seconds:g} s "
        f"a row after {WARMUP_SECONDS} s of warm-up")
    bench.start_gunicorn(config)
    for key in PAGES:
        bench.row(key, bench.result.paths[key])
    if page_cache_header(bench, bench.result.paths["story200"]) == "hit":
        raise StackError("A page came from the page cache although PAGE_CACHE_SECONDS=0.")


def memory_row(bench: Bench, config: GunicornConfig) -> None:
    say(f"[{bench.dataset.name}] worker memory over {MEMORY_CHECKPOINTS[-1]:,} requests of the "
        f"reader pages, from a fresh start")
    bench.start_gunicorn(config)
    slow = [key for key in PAGES if bench.result.loads[key].per_second < MEMORY_MIX_MIN_RATE]
    if slow:
        bench.result.facts["memory_left_out"] = [ROWS[key].title for key in slow]
        say("  left out of the mix, too slow for 10,000 requests in reasonable time: "
            + ", ".join(f"{ROWS[key].title} ({bench.result.loads[key].per_second:.1f} req/s)"
                        for key in slow))
    paths = [bench.result.paths[key] for key in PAGES if key not in slow]
    done = 0
    for checkpoint in MEMORY_CHECKPOINTS:
        wrk_requests(bench.url + "/", checkpoint - done, paths)
        done = checkpoint
        bench.result.memory_kib[checkpoint] = [stack.rss_kib(pid) for pid in bench.workers()]
        say(f"  after {checkpoint:>6,} requests: " + ", ".join(
            f"{kib / 1024:.1f}" for kib in bench.result.memory_kib[checkpoint]) + " MiB")


def post_rows(bench: Bench, akismet: FakeAkismet, action: str, fields: dict[str, str]) -> None:
    """POSTs while the worker judges comments one by one, each waiting 1 s for Akismet."""
    say(f"[{bench.dataset.name}] comment POSTs; the worker asks Akismet, which answers after "
        f"{AKISMET_SECONDS:g} s")
    akismet.reset()
    akismet.slow(AKISMET_SECONDS)
    encoded = urllib.parse.urlencode(fields)
    nonces = []
    for key, connections in (("post", CONNECTIONS), ("post_one", 1)):
        nonce = secrets.token_hex(3)
        nonces.append(nonce)
        bench.row(key, action, script="post.lua", args=(action, encoded, bench.url, nonce),
                  connections=connections)
    counted = [posted_comments(bench.env, nonce) for nonce in nonces]
    posted = {name: sum(count[name] for count in counted) for name in ("posted", "judged")}
    posted["akismet_checks"] = len(akismet.requests_to(COMMENT_CHECK))
    bench.result.posted = posted
    say(f"  {posted['posted']:,} comments stored, {posted['judged']:,} of them judged by the "
        f"worker meanwhile (Akismet asked {posted['akismet_checks']:,} times)")


def cached_row(bench: Bench) -> None:
    say(f"[{bench.dataset.name}] page cache on ({PAGE_CACHE_ON_SECONDS} s); the row keeps the "
        f"best of {len(CACHED_CONFIGS)} gunicorn set-ups")
    path = bench.result.paths["story200"]
    trials, config, load = best_of(bench, CACHED_CONFIGS, "story200_cached", path,
                                   page_cache_seconds=PAGE_CACHE_ON_SECONDS,
                                   profile=bench.options.profile)
    bench.result.loads["story200_cached"] = load
    bench.result.paths.setdefault("story200_cached", path)
    bench.start_gunicorn(config, page_cache_seconds=PAGE_CACHE_ON_SECONDS)
    bench.row("floor_view", "/robots.txt")
    bench.row("floor_static", "/static/css/site.css")
    bench.result.facts["cached_trials"] = [
        f"{trial.label} {trial_load.per_second:,.0f} req/s" for trial, trial_load in trials]
    bench.result.facts["cached_gunicorn"] = config.label


def bench_dataset(dataset: Dataset, akismet: FakeAkismet, options: argparse.Namespace,
                  config: GunicornConfig | None) -> tuple[DatasetResult, GunicornConfig | None]:
    """Every row on one dataset; returns the figures and the gunicorn set-up used."""
    result = DatasetResult(dataset)
    logs = VAR / "logs" / dataset.name
    if logs.exists():
        shutil.rmtree(logs)
    logs.mkdir(parents=True)
    with ExitStack() as cleanup:
        ports = stack.free_ports("postgres", "redis", "app")
        redis = Redis(ports["redis"])
        redis.start()
        cleanup.callback(redis.stop)
        cluster = PostgresCluster(VAR / dataset.name)
        env = app_env(port=ports["app"], database_url=cluster.url_on(ports["postgres"]),
                      redis_url=redis.url, akismet_url=akismet.url)
        result.facts["build"] = ensure_dataset(dataset, cluster, ports["postgres"], env,
                                               fresh=options.fresh)
        if options.build_only:
            return result, config
        cluster.start(ports["postgres"], stack.SERVING_SETTINGS)
        cleanup.callback(cluster.stop)
        result.facts["postgres"] = cluster.version()
        result.facts["redis"] = redis.version()
        bench = Bench(dataset=dataset, env=env, port=ports["app"], logs=logs, cleanup=cleanup,
                      meter=CpuMeter(cluster.pid(), redis.pid()), options=options,
                      result=result)

        say(f"[{dataset.name}] migrate, collectstatic, clear what earlier runs left")
        stack.manage(env, "migrate", "--noinput")
        stack.manage(env, "collectstatic", "--noinput")
        prepared = prepare(env)
        result.paths = prepared.pop("paths")
        result.facts.update(prepared)

        # The form's tokens are signed with this run's key, so they come from a rendered page.
        bench.start_gunicorn(config or CANDIDATE_CONFIGS[0])
        action, fields = comment_form(bench, result.paths["post_story"])
        bench.stop_gunicorn()
        say(f"[{dataset.name}] counting queries per page (page cache off)")
        result.queries = count_queries(bench, action, fields)
        redis.flush()

        worker = stack.db_worker(env, logs / "db_worker.log").start()
        cleanup.callback(worker.stop)
        if config is None:
            config = choose_config(bench)
        result.gunicorn = config.label
        page_rows(bench, config)
        memory_row(bench, config)
        post_rows(bench, akismet, action, fields)
        cached_row(bench)
    return result, config


# --- the machine and the write-up ------------------------------------------------------------

def machine() -> dict[str, str]:
    def first(path: str, prefix: str) -> str:
        return next((line.split(":" if ":" in line else "=", 1)[1].strip().strip('"')
                     for line in Path(path).read_text().splitlines()
                     if line.startswith(prefix)), "?")

    memory_kib = int(first("/proc/meminfo", "MemTotal:").split()[0])
    gunicorn = stack.run([str(stack.BIN / "gunicorn"), "--version"]).split()[-1].strip("()")
    wrk_version = subprocess.run([WRK, "--version"], capture_output=True,
                                 text=True).stdout.split()[1]
    django = stack.run([sys.executable, "-c", "import django; print(django.get_version())"])
    return {
        "cores": f"{os.cpu_count()} cores",
        "CPU": f"{first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores",
        "RAM": f"{memory_kib / 1024 / 1024:.1f} GiB",
        "OS": f"{first('/etc/os-release', 'PRETTY_NAME=')}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.strip(),
        "gunicorn": gunicorn,
        "wrk": wrk_version,
    }


def method_text(options: argparse.Namespace) -> str:
    return (f"Production settings: DEBUG off, PostgreSQL, Redis cache, tasks on `db_worker`, "
            f"static files by WhiteNoise, gunicorn; the full-page cache off except in the row "
            f"that says otherwise, the fragment cache on. wrk runs on the same machine, from "
            f"127.0.0.1: {CONNECTIONS} connections on {WRK_THREADS} threads unless the row "
            f"says otherwise, {WARMUP_SECONDS} s of warm-up, then {options.seconds:g} s "
            f"measured. Comment POSTs go to a story of their own, each with its own text; the "
            f"fake Akismet answers the worker after {AKISMET_SECONDS:g} s."
            + (" This run was profiled: py-spy's sampling took CPU from the app, so its "
               "figures are lower than an unprofiled run's." if options.profile else ""))


def setup_notes(results: dict[str, DatasetResult]) -> list[str]:
    notes = []
    for result in report.in_order(results):
        facts, build, posted = result.facts, result.facts["build"], result.posted
        notes.append(
            f"**{result.dataset.name}**: {result.dataset.description}; database "
            f"{build['database_bytes'] / 1e9:.2f} GB, seeded in {build['seed_seconds']:.0f} s "
            f"(then VACUUM ANALYZE, {build['vacuum_seconds']:.0f} s) on {build['built_at']}. "
            f"Show hub: {facts['show_name']} ({facts['show_stories']:,} stories); "
            f"`?q={SEARCH_WORD}` matches {facts['search_matches']:,} stories. POSTs stored "
            f"{posted.get('posted', 0):,} comments; the worker judged "
            f"{posted.get('judged', 0):,} of them during the run (Akismet asked "
            f"{posted.get('akismet_checks', 0):,} times).")
    for result in report.in_order(results):
        if left_out := result.facts.get("memory_left_out"):
            notes.append(f"Worker memory ({result.dataset.name}): {', '.join(left_out)} left "
                         f"out of the mix, measured under {MEMORY_MIX_MIN_RATE:g} req/s.")
    first = report.in_order(results)[0]
    if first.trials:
        tried = "; ".join(f"{trial.label} {trial.load.per_second:.0f} req/s (median "
                          f"{trial.load.p50_ms:.0f} ms, other work "
                          f"{trial.load.other_cores:.2f} cores)" for trial in first.trials)
        notes.append(f"gunicorn: **{first.gunicorn}**, the best of these on the "
                     f"{first.dataset.name} dataset's 200-comment story: {tried}.")
    else:
        notes.append(f"gunicorn: **{first.gunicorn}** (--gunicorn).")
    for result in report.in_order(results):
        if trials := result.facts.get("cached_trials"):
            notes.append(f"Page cache on ({result.dataset.name}): the row is "
                         f"**{result.facts['cached_gunicorn']}**, the best of "
                         f"{'; '.join(trials)}.")
    settings = ", ".join(f"{name}={value}" for name, value in stack.SERVING_SETTINGS.items())
    notes += [f"PostgreSQL: {first.facts['postgres']}; {settings}; fsync on.",
              f"Redis: {first.facts['redis']}, no persistence."]
    for result in report.in_order(results):
        if result.profiles:
            notes.append(f"py-spy profiles ({result.dataset.name}): "
                         + ", ".join(f"`{path}`" for path in result.profiles.values()))
    return notes


# --- main ------------------------------------------------------------------------------------

def parse_config(text: str) -> GunicornConfig:
    match = re.fullmatch(r"(\d+)(?:x(\d+))?", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"--gunicorn takes WORKERS (sync workers) or "
                                         f"WORKERSxTHREADS (gthread), like 2 or 3x2, not "
                                         f"{text!r}.")
    return GunicornConfig(int(match.group(1)), int(match.group(2) or 1))


def parse_datasets(text: str) -> list[Dataset]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in DATASETS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"--datasets takes {' and/or '.join(DATASETS)}, "
                                         f"comma-separated, not {text!r}.")
    return [DATASETS[name] for name in names]


def check_tools(profile: bool) -> None:
    missing = [tool for tool in (WRK, "redis-server", "redis-cli") if not shutil.which(tool)]
    if missing:
        raise StackError(f"{', '.join(missing)} not found: `make bench` installs them (or "
                         f"apt-get install wrk redis-server).")
    if profile:
        profiling.py_spy()


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--datasets", type=parse_datasets, default=list(DATASETS.values()),
                        help="small, large, or both in that order (the default)")
    parser.add_argument("--fresh", action="store_true",
                        help="seed the datasets again instead of reusing var/bench/")
    parser.add_argument("--build-only", action="store_true",
                        help="only build (or check) the datasets' databases")
    parser.add_argument("--seconds", type=float, default=12, help="measured seconds per row")
    parser.add_argument("--gunicorn", type=parse_config, default=None,
                        help="WORKERS or WORKERSxTHREADS; by default the best of a few, measured")
    parser.add_argument("--profile", action="store_true",
                        help="py-spy the workers during every row (needs py-spy in the venv)")
    options = parser.parse_args()
    # Set explicitly: a shell that starts this in the background leaves SIGINT ignored.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    started = time.monotonic()
    results: dict[str, DatasetResult] = {}
    try:
        check_tools(options.profile)
        details = machine()
        with FakeAkismet() as akismet:
            config = options.gunicorn
            for dataset in options.datasets:
                results[dataset.name], config = bench_dataset(dataset, akismet, options, config)
    except StackError as error:
        say(f"\nbench: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nbench: interrupted; every server it started has been stopped.")
        return 130
    minutes = (time.monotonic() - started) / 60
    if options.build_only:
        say(f"Datasets ready in var/bench/ ({minutes:.1f} min).")
        return 0
    report.write(results, ROWS, machine=details, method=method_text(options),
                 notes=setup_notes(results), minutes=minutes)
    say()
    say(report.printed(results, ROWS))
    say(f"\nThe whole run took {minutes:.1f} min. Written to "
        f"{report.RESULTS.relative_to(REPO)}; logs, and the SQL of each page, in "
        f"{(VAR / 'logs').relative_to(REPO)}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
