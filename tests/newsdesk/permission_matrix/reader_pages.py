"""The reader pages that must not show something to anyone, staff included: drafts,
unpublished versions, held comments. Staff preview those in the admin."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tests.newsdesk.permission_matrix.pages import Check
from tests.newsdesk.permission_matrix.world import World


@dataclass
class ReaderPage:
    """A reader page (`name` in the URL resolver) that must not show something: `hidden`
    says it does not."""

    name: str
    url: Callable[[World], str]
    hidden: Check


def _not_found(w: World, response: Any) -> bool:
    return response.status_code == 404


def _shows_only_live(w: World, response: Any) -> bool:
    html = re.sub(r"<[^>]+>", "", response.content.decode())  # search marks the words found
    hidden = [w.draft_story.latest_version.headline, w.scheduled_story.latest_version.headline,
              w.taken_down_story.latest_version.headline, w.story.latest_version.headline]
    return (response.status_code == 200 and w.story.live_version.headline in html
            and not any(headline in html for headline in hidden))


def _author_with_only_a_draft(w: World) -> str:
    author = w.users["other_writer"]
    w.make_article(by=author, authors=[author], slug="otto-draft")
    return reverse("articles:author", args=[author.username])


def _held_comment_hidden(w: World, response: Any) -> bool:
    html = response.content.decode()
    return (response.status_code == 200 and w.approved_comment.body in html
            and w.held_comment.body not in html)


# Every story and both comments exist before any cell runs (world.py), so each page below is
# drawn with all of them in the database.
READER_PAGES = {
    "reader-draft-story": ReaderPage(
        "articles:detail", lambda w: w.draft_story.get_absolute_url(), _not_found),
    "reader-draft-story-updates": ReaderPage(
        "articles:updates", lambda w: reverse("articles:updates", args=[w.draft_story.slug]),
        _not_found),
    "reader-draft-story-version": ReaderPage(
        "articles:version", lambda w: reverse("articles:version", args=[w.draft_story.slug, 1]),
        _not_found),
    "reader-draft-story-changes": ReaderPage(
        "articles:changes", lambda w: reverse("articles:changes", args=[w.draft_story.slug, 2]),
        _not_found),
    "reader-unpublished-version": ReaderPage(
        "articles:version", lambda w: reverse("articles:version", args=[w.story.slug, 2]),
        _not_found),
    "reader-scheduled-story": ReaderPage(
        "articles:detail", lambda w: w.scheduled_story.get_absolute_url(), _not_found),
    "reader-taken-down-story": ReaderPage(
        "articles:detail", lambda w: w.taken_down_story.get_absolute_url(), _not_found),
    "reader-author-without-live-stories": ReaderPage(
        "articles:author", _author_with_only_a_draft, _not_found),
    "reader-held-comment": ReaderPage(
        "articles:detail", lambda w: w.story.get_absolute_url(), _held_comment_hidden),
    "reader-draft-in-search": ReaderPage(
        "articles:search",
        lambda w: reverse("articles:search") + "?q=Quillfeather", _shows_only_live),
    "reader-draft-in-feed": ReaderPage(
        "articles:feed", lambda w: reverse("articles:feed"), _shows_only_live),
}

