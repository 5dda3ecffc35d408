"""What a reader's browser does in the comments tests: post the comment form from the
story's page (each post from a fresh address), read the page and the thread on it.
The fixtures are imported by the test modules that use them."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.forms import new_form_key, started_token


ORIGIN = "http://testserver"
_ips = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def approve_all(settings):
    settings.COMMENTS_MODERATION = "approve_ham"


@pytest.fixture
def story(live_article):
    return live_article


def form_data(**overrides):
    """What a browser sends from a form shown ten seconds ago."""
    data = {
        "name": "Mina Cho",
        "email": "mina@example.org",
        "url": "",
        "body": "Great news about filming!",
        "parent": "",
        "homepage": "",
        "started": started_token(timezone.now() - timedelta(seconds=10)),
        "key": new_form_key(),
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post(client, article, *, ip=None, headers=None, **fields):
    """Post the comment form for `article` from its own page. Each post comes from a fresh
    IP and email unless the test names them, so the rate limits bite only where asked."""
    n = next(_ips)
    fields.setdefault("email", f"reader{n}@example.org")
    return client.post(
        f"/comments/post/{article.pk}/", form_data(**fields),
        headers={"Origin": ORIGIN, **(headers or {})} if headers is not False else None,
        REMOTE_ADDR=ip or f"198.51.{n // 250 % 250}.{n % 250 + 1}",
    )


def page(client, article, query=""):
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


class _Thread(HTMLParser):
    """The nesting of comments on a page: [(pk, [(pk, [...]), ...]), ...]."""

    def __init__(self):
        super().__init__()
        self.root: list = []
        self.stack = [(None, self.root)]
        self.open_li: list = []

    def handle_starttag(self, tag, attrs):
        if tag != "li":
            return
        attrs = dict(attrs)
        is_comment = "comment" in (attrs.get("class") or "").split()
        self.open_li.append(is_comment)
        if is_comment:
            children: list = []
            self.stack[-1][1].append((int(attrs["id"].removeprefix("comment-")), children))
            self.stack.append((attrs["id"], children))

    def handle_endtag(self, tag):
        if tag == "li" and self.open_li.pop():
            self.stack.pop()


def thread_of(html):
    parser = _Thread()
    parser.feed(html)
    return parser.root


def textarea(html):
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.DOTALL)
    assert match, "the form is not on the page"
    return match.group(1).strip()
