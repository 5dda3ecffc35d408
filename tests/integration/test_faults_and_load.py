"""Faults and load: many readers commenting at once while Akismet goes down and comes back,
on the production stack and on the one-machine set-up (SQLite, in-process tasks), and a
task worker killed in the middle of a task.

Figures (posts a second, latency, how long the backlog took to clear) are printed for
whoever runs with `-s`; nothing here asserts on time.
"""
from __future__ import annotations

import os
import re
import secrets
import sqlite3
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.fake_akismet import COMMENT_CHECK, DEFAULT_KEY, SPAM_AUTHOR, FakeAkismet
from tests.integration.conftest import (
    BIN,
    Process,
    Stack,
    _start_process,
    _wait_until_healthy,
    free_ports,
    prepare_site,
)
from tests.integration.test_production_stack import comment_form, post_comment

CLIENTS = 20
COMMENTS = 500
# Akismet drops connections once a fifth of the posts are answered, answers errors from
# half-way, and is back at four fifths.
OUTAGE = {0.2: "drop", 0.5: "fail", 0.8: "back"}
# Every tenth comment is signed with the name the fake Akismet always calls spam.
SPAM_EVERY = 10


@dataclass(frozen=True)
class Post:
    name: str
    body: str
    status: int  # 0: no answer at all
    location: str
    seconds: float  # reading the page and posting the form
    post_seconds: float  # posting alone


def post_comments(site: Stack, story: dict[str, Any], comments: int,
                  outage: Callable[[str], None]) -> tuple[list[Post], float]:
    """CLIENTS readers post `comments` comments between them, each as a browser does: get the
    story page (with the cookies of their earlier posts), fill in its form, post it.

    Each reader comes from an address of their own (127.0.0.2, .3, ...), so the limits per
    address treat them as the different people they are. `outage("drop"|"fail"|"back")`
    is called as the answered posts pass the marks in OUTAGE. Returns the posts and the
    seconds they took in all.
    """
    answered = 0
    lock = threading.Lock()
    marks = {round(comments * share): change for share, change in OUTAGE.items()}

    def reader(number: int) -> list[Post]:
        nonlocal answered
        posts = []
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{number + 2}")
        with httpx.Client(base_url=site.url, timeout=60, transport=transport) as browser:
            for turn in range(comments // CLIENTS):
                name = SPAM_AUTHOR if turn % SPAM_EVERY == 0 else f"Reader {number}"
                body = f"Reader {number}, comment {turn}: {secrets.token_hex(4)} is my guess."
                started = posted = time.perf_counter()
                try:
                    form = comment_form(browser.get(story["path"]).text)
                    posted = time.perf_counter()
                    response = browser.post(form.pop("action"), headers={"Origin": site.url},
                                            data={**form, "name": name, "body": body,
                                                  "email": f"reader{number}@example.org",
                                                  "url": "", "homepage": ""})
                    status, location = response.status_code, response.headers.get(
                        "location", response.text[:300])
                except httpx.TransportError as error:
                    status, location = 0, f"{type(error).__name__}: {error}"
                done = time.perf_counter()
                posts.append(Post(name, body, status, location, done - started, done - posted))
                with lock:
                    answered += 1
                    if answered in marks:
                        outage(marks[answered])
        return posts

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        posts = [post for batch in pool.map(reader, range(CLIENTS)) for post in batch]
    return posts, time.perf_counter() - started


def akismet_outage(akismet: FakeAkismet) -> Callable[[str], None]:
    def change(what: str) -> None:
        {"drop": akismet.drop, "fail": akismet.fail, "back": akismet.reset}[what]()
    return change


def print_figures(label: str, posts: list[Post], seconds: float, backlog: int,
                  backlog_seconds: float) -> None:
    def median_and_p95(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"

    print(f"\n{label}: {len(posts)} comments by {CLIENTS} readers in {seconds:.1f} s "
          f"({len(posts) / seconds:.1f} posts/s); page + post "
          f"{median_and_p95([post.seconds for post in posts])}; post alone "
          f"{median_and_p95([post.post_seconds for post in posts])}; "
          f"{backlog} comments held by the outage, cleared {backlog_seconds:.1f} s after "
          f"cron's run", file=sys.stderr)


def check_every_post_stored_once(site: Stack, story: dict[str, Any], posts: list[Post],
                                 comments: int) -> None:
    refused = [post for post in posts if post.status != 302]
    assert not refused, f"{len(refused)} posts not answered with a redirect, e.g. {refused[:3]}"
    rows = site.query("SELECT id, body FROM comments_comment WHERE article_id = %s",
                      story["id"])
    assert len(rows) == len(posts) == comments
    stored = {body: comment_id for comment_id, body in rows}
    assert set(stored) == {post.body for post in posts}
    # Each reader was sent to the comment they wrote.
    for post in posts:
        assert post.location.startswith(story["path"]), post
        assert post.location.endswith(f"#comment-{stored[post.body]}"), post


def first_checks_done(site: Stack, story: dict[str, Any]) -> bool:
    """Every comment has been put to Akismet once (answered or not)."""
    [(waiting,)] = site.query(
        "SELECT count(*) FROM comments_comment WHERE article_id = %s AND state = 'checking' "
        "AND check_attempts = 0", story["id"])
    return waiting == 0


def held_by_the_outage(site: Stack, story: dict[str, Any]) -> int:
    [(held,)] = site.query(
        "SELECT count(*) FROM comments_comment WHERE article_id = %s AND state = 'checking'",
        story["id"])
    return int(held)


def clock_moves_on(site: Stack, minutes: int) -> None:
    """`minutes` pass for the comments' retry schedule: every check planned is that much
    nearer (the servers' own clocks cannot be moved)."""
    site.shell(f"""
import json
from datetime import timedelta
from django.db.models import F
from comments.models import Comment
moved = Comment.objects.exclude(next_check_at=None).update(
    next_check_at=F("next_check_at") - timedelta(minutes={minutes}))
print(json.dumps(moved))
""")


def clear_backlog(site: Stack, story: dict[str, Any]) -> float:
    """Cron's next run, a minute on (every first retry is due by then); returns the seconds
    until no comment of the story is left waiting for the spam check."""
    clock_moves_on(site, 1)
    started = time.perf_counter()
    site.manage("enqueue_periodic")
    site.wait_for("the retries clearing the comments held by the outage",
                  lambda: held_by_the_outage(site, story) == 0, seconds=120)
    return time.perf_counter() - started


def check_verdicts_and_count(site: Stack, story: dict[str, Any], posts: list[Post]) -> None:
    states = dict(site.query("SELECT body, state FROM comments_comment WHERE article_id = %s",
                             story["id"]))
    expected = {post.body: "spam" if post.name == SPAM_AUTHOR else "approved" for post in posts}
    wrong = {body: state for body, state in states.items() if state != expected[body]}
    assert not wrong, f"{len(wrong)} comments in the wrong state, e.g. {list(wrong.items())[:3]}"
    [(still_down,)] = site.query(
        "SELECT count(*) FROM comments_akismetoutage WHERE ended_at IS NULL")
    assert still_down == 0, "the outage is over, so the admin no longer reports one"

    shown, approved = public_count(site, story), approved_count(site, story)
    assert shown == approved > 0, (
        f"The story page counts {shown} comments, but {approved} are approved: the copy "
        f"cached before the retries missed their purge.")


def public_count(site: Stack, story: dict[str, Any]) -> int:
    """The number of comments the story page tells a reader it has."""
    page = httpx.get(site.url + story["path"]).text
    heading = re.search(r'<h2 class="comments-title">(\d+) thoughts? on', page)
    return int(heading.group(1)) if heading else 0


def approved_count(site: Stack, story: dict[str, Any]) -> int:
    [(approved,)] = site.query("SELECT count(*) FROM comments_comment WHERE article_id = %s "
                               "AND state = 'approved'", story["id"])
    return int(approved)


def new_log_lines(process: Process, start: int) -> str:
    return process.log.read_bytes()[start:].decode("utf-8", errors="replace")


def run_load(site: Stack, akismet: FakeAkismet, story: dict[str, Any], comments: int,
             label: str) -> None:
    server = site.process("gunicorn")
    log_start = server.log.stat().st_size

    posts, seconds = post_comments(site, story, comments, akismet_outage(akismet))

    check_every_post_stored_once(site, story, posts, comments)
    site.wait_for("the first spam check of every comment",
                  lambda: first_checks_done(site, story), seconds=120)
    backlog = held_by_the_outage(site, story)
    assert backlog, "the outage held some comments for a later try"
    # Readers look in while the rest wait, and the page is kept in the page cache.
    site.wait_for("a cached copy of the story page", lambda: httpx.get(
        site.url + story["path"]).headers.get("x-page-cache") == "hit")
    assert public_count(site, story) == approved_count(site, story)
    backlog_seconds = clear_backlog(site, story)
    check_verdicts_and_count(site, story, posts)
    log = new_log_lines(server, log_start)
    assert "database is locked" not in log and "Internal Server Error" not in log, log[-3000:]
    print_figures(label, posts, seconds, backlog, backlog_seconds)


# --- the production stack -------------------------------------------------------------------

def test_many_readers_during_an_akismet_outage_lose_no_comment_on_the_stack(stack, akismet):
    story = stack.new_story("busy-thread", "The Salt Line: finale reactions")

    run_load(stack, akismet, story, COMMENTS, "PostgreSQL + worker")


# --- the one-machine set-up -------------------------------------------------------------------

class OneMachine(Stack):
    """The default set-up: SQLite in a folder of its own, in-process tasks and cache (with
    purge times in files, so cron's purges reach the server)."""

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database_url, timeout=20) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OneMachine]:
    """gunicorn with threads (one process, as the in-process cache asks) on the defaults:
    SQLite, in-process tasks, DEBUG off; Akismet is a fake server of its own."""
    folder = tmp_path_factory.mktemp("one-machine")
    with ExitStack() as cleanup:
        akismet = cleanup.enter_context(FakeAkismet())
        port = free_ports("app")["app"]
        url = f"http://127.0.0.1:{port}"
        env = {
            "PATH": os.environ.get("PATH", os.defpath), "HOME": str(folder), "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings", "DEBUG": "false",
            "SECRET_KEY": f"one-machine-{secrets.token_urlsafe(40)}",
            "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": url,
            "NEWSDESK_VAR_DIR": str(folder / "var"), "STATIC_ROOT": str(folder / "static"),
            "AKISMET_API_KEY": DEFAULT_KEY, "AKISMET_API_URL": akismet.url,
            "COMMENTS_MODERATION": "approve_ham", "COMMENTS_MIN_FILL_SECONDS": "0",
            "COMMENTS_RATE_SECONDS": "0", "LOG_LEVEL": "WARNING",
        }
        site = OneMachine(url=url, env=env, database_url=str(folder / "var" / "newsdesk.sqlite3"),
                          redis_url="", s3_endpoint="", akismet=akismet, ports={"app": port})
        prepare_site(site)
        gunicorn = _start_process(site, "gunicorn", [
            str(BIN / "gunicorn"), "newsdesk.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--worker-class", "gthread", "--workers", "1", "--threads", "8",
        ], folder, cleanup)
        _wait_until_healthy(site, gunicorn)
        yield site


def test_many_readers_during_an_akismet_outage_lose_no_comment_on_sqlite(one_machine):
    story = one_machine.new_story("busy-thread", "The Salt Line: finale reactions")

    run_load(one_machine, one_machine.akismet, story, COMMENTS, "SQLite, in-process tasks")


# --- a worker killed mid-task -------------------------------------------------------------------

@pytest.fixture
def worker(stack: Stack) -> Iterator[Process]:
    process = stack.process("db_worker")
    yield process
    if process.popen.poll() is not None:  # the other tests need their worker
        process.start_again()


def judge_tasks(stack: Stack, comment_ids: list[int]) -> dict[int, str]:
    """The status of each comment's judge_comment task, by comment id."""
    rows = stack.query("SELECT args_kwargs, status FROM django_tasks_database_dbtaskresult "
                       "WHERE task_path = 'comments.services.pipeline.judge_comment'")
    return {args["args"][0]: status for args, status in rows if args["args"][0] in comment_ids}


def test_a_worker_killed_mid_check_loses_no_comment_and_none_stays_unjudged(
        stack, akismet, worker):
    story = stack.new_story("worker-killed", "The Salt Line: who is leaving?")
    akismet.slow(60)  # the worker is still waiting for Akismet's answer when it is killed
    bodies = [f"Killed-worker comment {number}" for number in range(4)]
    response, _ = post_comment(stack, story, name="Ana", email="ana@example.org",
                               body=bodies[0])
    assert response.status_code == 302
    stack.wait_for("the worker asking Akismet about the first comment", lambda: any(
        request.form.get("comment_content") == bodies[0]
        for request in akismet.requests_to(COMMENT_CHECK)))
    for body in bodies[1:]:
        assert post_comment(stack, story, name="Ana", email="ana@example.org",
                            body=body)[0].status_code == 302

    worker.kill()

    rows = stack.query("SELECT id, body, state FROM comments_comment WHERE article_id = %s "
                       "ORDER BY id", story["id"])
    assert [(body, state) for _, body, state in rows] == [(body, "checking") for body in bodies]
    ids = [comment_id for comment_id, _, _ in rows]
    in_flight, queued = ids[0], ids[1:]
    assert judge_tasks(stack, ids) == {in_flight: "RUNNING", **dict.fromkeys(queued, "READY")}

    akismet.reset()  # answers at once again
    worker.start_again()

    def states() -> dict[int, str]:
        return dict(stack.query("SELECT id, state FROM comments_comment WHERE article_id = %s",
                                story["id"]))

    stack.wait_for("the restarted worker judging the queued comments",
                   lambda: all(states()[pk] == "approved" for pk in queued))
    # django_tasks_db never hands a task marked RUNNING to another worker: the task the
    # killed worker held stays RUNNING, and its comment waits for the periodic recheck,
    # which takes any comment whose task has not judged it within JUDGE_FALLBACK_MINUTES.
    assert judge_tasks(stack, [in_flight]) == {in_flight: "RUNNING"}
    assert states()[in_flight] == "checking"

    clock_moves_on(stack, 5)
    stack.manage("enqueue_periodic")

    stack.wait_for("cron's periodic recheck judging the comment whose task was lost",
                   lambda: states()[in_flight] == "approved")
