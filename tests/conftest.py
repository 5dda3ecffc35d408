"""Factory fixtures. Test data goes through the services, as the admin's does."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, ArticleVersion, Image, Section, Show
from articles.services.images import image_create
from articles.services.publishing import article_publish
from articles.services.sections import section_create
from articles.services.shows import show_create
from articles.services.stories import CONTENT_FIELDS, article_create, version_create
from tests.fake_akismet import DEFAULT_KEY, FakeAkismet

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    """Give each test run its own test database, so runs in one checkout never collide."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"].endswith("sqlite3"):
        root, extension = os.path.splitext(test["NAME"])
        test["NAME"] = f"{root}-{os.getpid()}{extension}"
    else:
        test["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any, tmp_path: Any) -> None:
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # Real hashing costs half a second per user; tests are not about password strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any, tmp_path: Any) -> None:
    """Each test starts with an empty cache, as a freshly started site does: pages, the
    menu and comment threads cached by an earlier test (whose ids the database may hand
    out again) are never served to this one. Purge times are files (on one machine): each
    test has its own folder of them, never another run's."""
    from django.core.cache import cache

    if "purges" in settings.CACHES:
        settings.CACHES = {**settings.CACHES, "purges": {
            **settings.CACHES["purges"], "LOCATION": str(tmp_path / "purges")}}
    cache.clear()


@pytest.fixture(autouse=True)
def _one_clock(settings: Any) -> None:
    """One test process is one clock: a page drawn right after a purge is fresh. (The
    allowance for app servers' clocks disagreeing has its own test.)"""
    settings.PAGE_CACHE_CLOCK_SKEW_SECONDS = 0


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run a change as if its request's transaction committed (a test's never does): what
    waits for the commit, such as page-cache purges, happens."""

    def run(change: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def make_user(django_user_model: Any) -> Any:
    def make(role: str | None = "Writers", **fields: Any) -> Any:
        n = next(_counter)
        fields.setdefault("username", f"user{n}")
        fields.setdefault("first_name", f"Person{n}")
        fields.setdefault("last_name", "Example")
        fields.setdefault("email", f"user{n}@newsdesk.example")
        fields.setdefault("is_staff", role is not None)
        user = django_user_model.objects.create_user(password="pw-for-tests-123", **fields)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def writer(make_user: Any) -> Any:
    return make_user("Writers", username="wendy", first_name="Wendy", last_name="Park")


@pytest.fixture
def editor(make_user: Any) -> Any:
    return make_user("Editors", username="eddie", first_name="Eddie", last_name="Stone")


@pytest.fixture
def moderator(make_user: Any) -> Any:
    return make_user("Moderators", username="molly")


@pytest.fixture
def make_section() -> Any:
    def make(**fields: Any) -> Section:
        n = next(_counter)
        fields.setdefault("name", f"Section {n}")
        fields.setdefault("slug", f"section-{n}")
        return section_create(**fields)

    return make


@pytest.fixture
def section(make_section: Any) -> Section:
    return make_section(name="TV News", slug="tv-news")


def content(**overrides: Any) -> dict[str, Any]:
    data = {
        "headline": "When will The Salt Line season 2 arrive?",
        "standfirst": "Everything we know about the return of the coastal thriller.",
        "body": "<h2>Has filming started?</h2><p>Not yet. The cast reunites in spring.</p>",
        "kind": "update",
        "update_label": "",
        "public_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_article(writer: Any, section: Section) -> Any:
    def make(*, slug: str | None = None, by: Any = None, sections: Any = None,
             authors: Any = None, at: Any = None, shows: Any = (), topics: Any = (),
             **overrides: Any) -> Article:
        version = article_create(
            slug=slug or f"story-{next(_counter)}",
            sections=sections or [section],
            authors=authors or [by or writer],
            by=by or writer,
            at=at,
            shows=shows,
            topics=topics,
            **content(**overrides),
        )
        return version.article

    return make


@pytest.fixture
def revise(writer: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Save a new version of a story (as its writer unless `by` is given), committed as an
    admin request's would be (page-cache purges included)."""

    def make(article: Article, *, by: Any = None, **overrides: Any) -> ArticleVersion:
        article.refresh_from_db()
        latest = article.latest_version
        base = {name: getattr(latest, name) for name in CONTENT_FIELDS}
        # Like the admin form: a new change starts without the last one's label and note.
        base.update(kind="update", update_label="", public_note="")
        base.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return version_create(article, by=by or writer, based_on=None, **base)

    return make


@pytest.fixture
def publish(editor: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Publish a version, committed as an admin request's would be."""

    def make(version: ArticleVersion, *, days_ago: float | None = None) -> ArticleVersion:
        now = timezone.now() - timedelta(days=days_ago) if days_ago is not None else None
        with django_capture_on_commit_callbacks(execute=True):
            return article_publish(version, by=editor, now=now)

    return make


# How long a story given `expire_soon` has left: a test then sleeps past it.
EXPIRES_IN_SECONDS = 1.5


@pytest.fixture
def expire_soon(editor: Any) -> Any:
    """`expire(article)`: a live story set to expire EXPIRES_IN_SECONDS from now. Nothing is
    purged (expiry never is: cron may be minutes away), so what a page keeps must end with
    the story by itself."""

    def expire(article: Article) -> None:
        article.refresh_from_db()
        live = article.live_version
        assert live is not None
        version_create(article, by=editor, based_on=None,
                       expire_at=timezone.now() + timedelta(seconds=EXPIRES_IN_SECONDS),
                       headline=live.headline, standfirst=live.standfirst)

    return expire


@pytest.fixture
def live_article(make_article: Any, publish: Any) -> Article:
    """A story published ten days ago, version 1 live."""
    article = make_article(slug="salt-line-season-2")
    publish(article.latest_version, days_ago=10)
    article.refresh_from_db()
    return article


@pytest.fixture
def make_show() -> Any:
    """A show, created as the system would (no acting user)."""

    def make(**fields: Any) -> Show:
        n = next(_counter)
        fields.setdefault("name", f"Show {n}")
        fields.setdefault("platform", "Netflix")
        return show_create(by=None, **fields)

    return make


@pytest.fixture
def show(make_show: Any) -> Show:
    return make_show(name="The Salt Line", platform="Netflix", status="renewed", season=2)


@pytest.fixture
def make_image(django_capture_on_commit_callbacks: Any) -> Any:
    """A described library picture with its renditions made, as after a real upload (the
    rendition task runs once the upload commits; a test transaction never commits)."""

    def make(file: Any = None, **fields: Any) -> Image:
        from tests import imagefiles

        fields.setdefault("title", f"Picture {next(_counter)}")
        fields.setdefault("alt_text", "Two actors on a rainy harbour wall")
        with django_capture_on_commit_callbacks(execute=True):
            image = image_create(file=file or imagefiles.jpeg(1600, 900), **fields)
        image.refresh_from_db()
        return image

    return make


@pytest.fixture(scope="session")
def fake_akismet_server() -> Iterator[FakeAkismet]:
    # No skip on failure: a suite that cannot start this server has not tested Akismet.
    with FakeAkismet() as server:
        yield server


@pytest.fixture
def akismet(fake_akismet_server: FakeAkismet, settings: Any) -> Iterator[FakeAkismet]:
    """Akismet switched on and pointed at a freshly reset fake server.

    Returns the server: read ``.requests`` and switch failure modes with ``.slow()``,
    ``.fail()``, ``.drop()`` and ``.garbage()``.
    """
    fake_akismet_server.reset()
    settings.AKISMET_API_KEY = DEFAULT_KEY
    settings.AKISMET_API_URL = fake_akismet_server.url
    # Short, so the slow-server tests cost half a second each.
    settings.AKISMET_TIMEOUT = 0.5
    # Pinned so an AKISMET_IS_TEST in the environment cannot change what tests expect.
    settings.AKISMET_IS_TEST = False
    yield fake_akismet_server
    # Releases a handler still sleeping for a slow-server test.
    fake_akismet_server.reset()
