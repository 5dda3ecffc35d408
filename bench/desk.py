"""One dataset's desk: its PostgreSQL cluster built and seeded once, the app's environment,
the running stack the rows measure, and what the rows need to find in the data."""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import profiling, stack
from bench.load import CONNECTIONS, WARMUP_SECONDS, fetch, wrk
from bench.report import Dataset, DatasetResult, Load
from bench.stack import REPO, VAR, CpuMeter, GunicornConfig, PostgresCluster, Process, StackError
from bench.targets import BENCH_EMAIL, BENCH_STORIES, PAGES, ROWS, SEARCH_WORD
from tests.fake_akismet import DEFAULT_KEY


def say(line: str = "") -> None:
    """A line of progress, printed at once: a run takes many minutes."""
    print(line, flush=True)


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
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from articles.models import Article, ArticleVersion, Show
from articles.search import search
from comments.models import Comment, StoryCommentOptions
from comments.services.options import comment_options_save
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
# The list pages follow the 200-comment story: its section, topic, author and month. The
# version pages are of the most lately updated story with an update: its newest version,
# and what changed since the one before.
story = stories["story200"]
section = story.sections.order_by("pk").first()
topic = story.topics.order_by("pk").first()
author = story.authors.order_by("pk").first()
month = timezone.localtime(story.first_published_at)
newest = (ArticleVersion.objects.filter(public_number__gte=2, article__in=live)
          .select_related("article").order_by("-published_at", "-pk").first())
if newest is None:
    raise SystemExit("No live story has an update: nothing to measure the changes page on.")
updated = newest.article
quiet = live.exclude(Exists(Comment.objects.filter(article=OuterRef("pk")))).exclude(
    pk__in=[s.pk for s in stories.values()]).order_by("-first_published_at", "-pk").first()
print(json.dumps({
    "paths": {
        **{key: story.get_absolute_url() for key, story in stories.items()},
        "home": "/",
        "section": section.get_absolute_url(),
        "show": show.get_absolute_url(),
        "topic": reverse("articles:topic", args=[topic.slug]),
        "author": reverse("articles:author", args=[author.get_username()]),
        "archive_month": f"/archive/{month.year}/{month.month:02d}/",
        "search": "/search/?q=" + SEARCH_WORD,
        "story0": quiet.get_absolute_url(),
        "history": reverse("articles:updates", args=[updated.slug]),
        "version": reverse("articles:version", args=[updated.slug, newest.public_number]),
        "changes": reverse("articles:changes", args=[updated.slug, newest.public_number]),
        "feed": "/feed/",
        "feed_atom": "/feed/atom/",
        "show_feed": reverse("articles:show_feed", args=[show.slug]),
        "show_feed_atom": reverse("articles:show_feed_atom", args=[show.slug]),
        "section_feed": reverse("articles:section_feed", args=[section.slug]),
        "section_feed_atom": reverse("articles:section_feed_atom", args=[section.slug]),
        "sitemap": "/sitemap-stories.xml",
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
