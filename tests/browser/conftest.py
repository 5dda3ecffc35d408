"""Debian's Chromium driven by Playwright against the app on a live server (127.0.0.1).

There is no skip path: `make test` installs the browser, and a run without it fails.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
QUIET_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser-artifacts"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still plain synchronous code, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _keep_serialized_contents(start: Any) -> Any:
    """Run `start`, keeping what serialized_rollback restores from.

    Once Playwright's event loop runs in this thread, Django's connection handler hands out
    new connection objects (its storage is per async context), and those lack the migrated
    data (roles and their permissions) captured when the test database was made.
    """
    from django.db import connections

    contents = {alias: getattr(connections[alias], "_test_serialized_contents", None)
                for alias in connections}
    started = start()
    for alias, value in contents.items():
        if value is not None:
            connections[alias]._test_serialized_contents = value
    return started


@pytest.fixture(scope="session")
def browser(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package "
                    "(`make test` does this when run as root).", pytrace=False)
    from playwright.sync_api import sync_playwright

    args = list(QUIET_FLAGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with django_db_blocker.unblock():
        playwright = _keep_serialized_contents(sync_playwright().start)
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=args)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(autouse=True)
def _browser_site(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.browser.urls"  # uploaded pictures are served too
    # A person takes longer than the default three seconds to write a comment; a test need
    # not wait for it.
    settings.COMMENTS_MIN_FILL_SECONDS = 0


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    def __init__(self, page: Any, expected: list[tuple[int, str]]) -> None:
        self.items: list[str] = []
        self.expected = expected
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"uncaught: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _request_failed(self, request: Any) -> None:
        # Cancelled by the browser, not refused by the server: a search-as-you-type box
        # drops a search a later keystroke made stale, and leaving a page drops what it was
        # still loading (its icon, say). Answers of 400 or more are caught in _response.
        if request.failure == "net::ERR_ABORTED":
            return
        self.items.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _console(self, message: Any) -> None:
        # Chromium also logs each answer of 400 or more; an expected one is not a problem.
        if message.type == "error" and not (
                message.text.startswith("Failed to load resource")
                and self._is_expected(message.location.get("url", ""), message.text)):
            self.items.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not self._is_expected(response.url,
                                                            f"status of {response.status}"):
            self.items.append(f"HTTP {response.status}: {response.url}")

    def _is_expected(self, url: str, text: str) -> bool:
        return any(f"status of {status}" in text and path in url
                   for status, path in self.expected)


@pytest.fixture
def expected_errors() -> list[tuple[int, str]]:
    """(status, URL part) pairs a test means to see, such as a refused form's 400."""
    return []


def _new_page(browser: Any, live_server: Any, expected: list[tuple[int, str]],
              **options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    problems = PageProblems(page, expected)
    yield page
    context.close()
    assert problems.items == [], "the page reported problems"


@pytest.fixture
def page(browser: Any, live_server: Any, expected_errors: list[tuple[int, str]]) -> Iterator[Any]:
    """A fresh browser tab; the test fails if any page logged an error or a request failed."""
    yield from _new_page(browser, live_server, expected_errors)


@pytest.fixture
def new_person(browser: Any, live_server: Any, expected_errors: list[tuple[int, str]]) -> Any:
    """Open a tab for one more person, with cookies of their own (an editor beside a writer,
    a reader beside a moderator); each is checked for problems like `page`."""
    opened: list[Iterator[Any]] = []

    def open_tab() -> Any:
        tab = _new_page(browser, live_server, expected_errors)
        opened.append(tab)
        return next(tab)

    yield open_tab
    for tab in opened:
        next(tab, None)


@pytest.fixture
def page_without_js(browser: Any, live_server: Any,
                    expected_errors: list[tuple[int, str]]) -> Iterator[Any]:
    yield from _new_page(browser, live_server, expected_errors, java_script_enabled=False)


def sign_in(page: Any, user: Any, password: str = "pw-for-tests-123") -> None:
    """Sign in through the admin's login form, as a person does."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


SERIOUS = {"serious", "critical"}


def accessibility_problems(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    return [f"{rule['id']} ({rule['impact']}): {rule['help']} at "
            + "; ".join(node["html"][:160] for node in rule["nodes"][:3])
            for rule in found if rule["impact"] in SERIOUS]


@pytest.fixture
def screenshot() -> Any:
    """Save a full-page screenshot under var/browser-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@dataclass
class Desk:
    story: Any
    shows: list[Any]
    comments: dict[str, Any]


@pytest.fixture
def desk(make_article: Any, publish: Any, revise: Any, make_show: Any, make_image: Any,
         moderator: Any) -> Desk:
    """A story as readers meet it: a lead picture, two shows, one published update with a
    label and a note, and a short approved thread with a reply."""
    from django.utils import timezone

    from comments.services.moderation import comment_moderate
    from comments.services.submitting import Submission, comment_submit

    salt_line = make_show(name="The Salt Line", platform="Netflix", status="renewed", season=2)
    harbour = make_show(name="Harbour Lights", platform="BBC One", status="released", season=1)
    picture = make_image(title="Harbour wall", alt_text="Two actors on a rainy harbour wall")
    story = make_article(
        slug="salt-line-season-2", headline="When will The Salt Line season 2 arrive?",
        lead_image=picture, shows=[salt_line, harbour],
        body="<h2>Has filming started?</h2><p>Not yet. The cast reunites in spring.</p>")
    publish(story.latest_version, days_ago=10)
    update = revise(story, update_label="March update",
                    public_note="Filming dates are confirmed.",
                    body="<h2>Has filming started?</h2><p>Yes: cameras rolled on 3 March.</p>")
    publish(update)
    story.refresh_from_db()  # comments are posted on the live version, now version 2

    addresses = itertools.count(7)  # one commenter each: the rate limit is per address

    def approved(name: str, body: str, parent: Any = None) -> Any:
        comment = comment_submit(story, parent=parent, submission=Submission(
            name=name, email=f"{name.split()[0].lower()}@example.org", body=body,
            ip=f"198.51.100.{next(addresses)}", started_at=timezone.now() - timedelta(minutes=2)))
        comment_moderate(comment, action="approve", by=moderator)
        comment.refresh_from_db()
        return comment

    ada = approved("Ada Reader", "Filming starts in May, I heard.")
    ben = approved("Ben Viewer", "The cast said March on their podcast.", parent=ada)
    story.refresh_from_db()
    return Desk(story=story, shows=[salt_line, harbour], comments={"ada": ada, "ben": ben})
