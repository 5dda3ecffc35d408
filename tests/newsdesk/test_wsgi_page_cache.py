"""The production entry point (`newsdesk.wsgi.application`) answers page-cache hits before
Django handles the request, and only where the page cache itself would: nothing one reader
may see alone reaches another, and a purge lands before the next hit."""
from __future__ import annotations

from dataclasses import dataclass
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from comments.models import Comment, CommentState
from comments.readers import AUTHOR_COOKIE, HELD_COOKIE
from newsdesk.wsgi import application
from tests.comments.reader import post

pytestmark = pytest.mark.django_db


@dataclass
class Answer:
    status: str
    headers: dict[str, str]
    body: bytes
    reached_django: bool


def wsgi(path: str, *, method: str = "GET", host: str = "testserver",
         cookies: dict[str, str] | None = None, **environ: str) -> Answer:
    """One request through the WSGI application, as gunicorn makes it."""
    address, _, query = path.partition("?")
    request = {"REQUEST_METHOD": method, "PATH_INFO": address, "QUERY_STRING": query,
               "HTTP_HOST": host, **environ}
    if cookies:
        request["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    setup_testing_defaults(request)
    answered: dict = {}
    started: list = []

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    def django_started(**kwargs):
        started.append(True)

    # As Django's test client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(django_started)
    try:
        result = application(request, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.disconnect(django_started)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Answer(answered["status"], answered["headers"], body, bool(started))


def cached(path: str) -> Answer:
    first = wsgi(path)
    assert first.status == "200 OK" and first.headers["X-Page-Cache"] == "miss"
    return first


def test_a_cached_page_is_answered_before_django_with_the_same_page_and_headers(
        live_article):
    url = live_article.get_absolute_url()
    first = cached(url)
    assert first.reached_django

    again = wsgi(url)

    assert not again.reached_django
    assert again.status == "200 OK"
    assert again.body == first.body
    assert again.headers["X-Page-Cache"] == "hit"
    # Everything the middleware chain added is there though none of it ran.
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                 "Referrer-Policy", "ETag", "Cache-Control", "Content-Type"):
        assert again.headers[name] == first.headers[name], name


def test_every_kind_of_listing_is_answered_early_too(live_article):
    for url in ("/", "/feed/", live_article.get_absolute_url() + "updates/"):
        cached(url)
        assert not wsgi(url).reached_django, url


def test_head_gets_the_headers_and_no_body(live_article):
    url = live_article.get_absolute_url()
    first = cached(url)

    head = wsgi(url, method="HEAD")

    assert not head.reached_django
    assert head.body == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]


@pytest.mark.parametrize("cookie", ["sessionid", "messages", HELD_COOKIE, AUTHOR_COOKIE])
def test_a_reader_with_a_cookie_of_their_own_always_reaches_django(live_article, cookie):
    url = live_article.get_absolute_url()
    cached(url)

    mine = wsgi(url, cookies={cookie: "something", "theme": "dark"})

    assert mine.reached_django
    assert "X-Page-Cache" not in mine.headers
    # A cookie nobody registered (a theme switch, analytics) still gets the shared copy.
    assert not wsgi(url, cookies={"theme": "dark"}).reached_django


def test_a_held_comment_is_shown_to_its_author_only(live_article, settings):
    url = live_article.get_absolute_url()
    cached(url)
    browser = Client()
    response = post(browser, live_article, name="New Reader",
                    body="My first comment, waiting for a moderator.")
    assert Comment.objects.get().state == CommentState.PENDING
    held = {HELD_COOKIE: response.cookies[HELD_COOKIE].value}

    mine = wsgi(url, cookies=held)
    someone_else = wsgi(url)

    assert mine.reached_django
    assert b"My first comment, waiting for a moderator." in mine.body
    assert "private" in mine.headers["Cache-Control"]
    assert not someone_else.reached_django
    assert b"My first comment, waiting for a moderator." not in someone_else.body


def test_a_published_update_lands_before_the_next_hit(live_article, revise, publish,
                                                      committed):
    url = live_article.get_absolute_url()
    cached(url)
    assert not wsgi(url).reached_django

    committed(publish, revise(live_article, headline="The Salt Line season 2 has a date",
                              update_label="May Update", public_note="A date at last."))

    after = wsgi(url)
    assert after.reached_django
    assert b"The Salt Line season 2 has a date" in after.body
    assert not wsgi(url).reached_django


def test_a_browser_asking_whether_the_page_changed_gets_a_304(live_article):
    url = live_article.get_absolute_url()
    etag = cached(url).headers["ETag"]

    unchanged = wsgi(url, HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status.startswith("304")
    assert unchanged.body == b""


def test_a_host_django_refuses_is_refused_not_served(live_article):
    url = live_article.get_absolute_url()
    cached(url)

    stranger = wsgi(url, host="evil.example")

    assert stranger.status.startswith("400")
    assert stranger.reached_django


def test_plain_http_is_left_to_django_to_send_to_https(live_article, settings):
    url = live_article.get_absolute_url()
    settings.SECURE_SSL_REDIRECT = True
    secure = {"wsgi.url_scheme": "https", "HTTPS": "on"}
    assert wsgi(url, **secure).headers["X-Page-Cache"] == "miss"

    plain = wsgi(url)

    # SecurityMiddleware, which redirects, read the setting when the server started; what
    # matters here is that the early path handed the request on instead of answering it.
    assert plain.reached_django
    assert "X-Page-Cache" not in plain.headers
    assert not wsgi(url, **secure).reached_django


def test_page_cache_off_sends_everything_to_django(live_article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = live_article.get_absolute_url()
    wsgi(url)

    assert wsgi(url).reached_django
