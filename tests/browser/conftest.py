"""Debian's Chromium driven by Playwright against the app on a live server (127.0.0.1).

There is no skip path: `make test` installs the browser, and a run without it fails.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
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


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    def __init__(self, page: Any) -> None:
        self.items: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda request: self.items.append(
            f"request failed: {request.method} {request.url} ({request.failure})"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.items.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url}")


def _new_page(browser: Any, live_server: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    problems = PageProblems(page)
    yield page
    context.close()
    assert problems.items == [], "the page reported problems"


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab; the test fails if any page logged an error or a request failed."""
    yield from _new_page(browser, live_server)


@pytest.fixture
def page_without_js(browser: Any, live_server: Any) -> Iterator[Any]:
    yield from _new_page(browser, live_server, java_script_enabled=False)


@pytest.fixture
def screenshot() -> Any:
    """Save a full-page screenshot under var/browser-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
