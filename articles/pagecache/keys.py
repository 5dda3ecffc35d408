"""What each page shows, as page-cache keys: the one place that says so, for the pages that
name their keys (`tag`) and for the changes that purge them (`purge`).

A key names a thing readers see: ``story-12``, ``show-3``, ``section-2``, ``topic-7``,
``author-4``, ``image-40``; ``nav`` (the sections menu on every page); ``stories`` (the
lists of all stories: home, archives, search, the site feed and sitemaps); ``shows`` (the
shows index, and every page naming a show). A page carries the keys of everything on it,
and a change purges the keys of what it changed, so only the pages showing it go stale.
Other apps add keys of their own for what they render on these pages.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from articles.models.image import body_image_ids

if TYPE_CHECKING:
    from articles.models import Article, ArticleVersion

NAV = "nav"
STORIES = "stories"
SHOWS = "shows"
EVERYTHING = "all"


def story_key(pk: int) -> str:
    return f"story-{pk}"


def show_key(pk: int) -> str:
    return f"show-{pk}"


def section_key(pk: int) -> str:
    return f"section-{pk}"


def topic_key(pk: int) -> str:
    return f"topic-{pk}"


def author_key(pk: int) -> str:
    return f"author-{pk}"


def image_key(pk: int) -> str:
    return f"image-{pk}"


# --- the pages -----------------------------------------------------------------------------

def story_page(article: Article, version: ArticleVersion,
               related: Iterable[Article] = ()) -> list[str]:
    """A page of `article` at `version`: the story, its sections and shows (the facts
    boxes), its pictures, and the related stories' teasers. `article`'s sections and shows
    are read (prefetch them)."""
    keys = [story_key(article.pk)]
    keys += [section_key(section.pk) for section in article.sections.all()]
    keys += [show_key(show.pk) for show in article.shows.all()]
    if version.lead_image_id:
        keys.append(image_key(version.lead_image_id))
    keys += [image_key(pk) for pk in body_image_ids(version.body)]
    related = list(related)
    keys += [story_key(story.pk) for story in related]
    keys += related_pictures(related)
    return keys


def story_history_page(article: Article) -> list[str]:
    """The update history of `article` (it names the story's sections)."""
    return [story_key(article.pk), *(section_key(section.pk) for section in article.sections.all())]


def story_changes_page(article: Article) -> list[str]:
    """What changed between two public versions of `article`."""
    return [story_key(article.pk)]


def story_list(list_key: str, teasers: Iterable[str]) -> list[str]:
    """A list of stories (`list_key`: which list, see `lists_of`): the list, and what its
    teasers show (`articles.teasers.Teasers.keys`)."""
    return [list_key, *teasers]


def related_pictures(stories: Iterable[Article]) -> list[str]:
    """The pictures of the related-story teasers of `stories`."""
    return [image_key(story.live_version.lead_image_id) for story in stories
            if story.live_version and story.live_version.lead_image_id]


def show_index(posters: Iterable[int | None]) -> list[str]:
    """The shows index, with the shows' posters."""
    return [SHOWS, *(image_key(pk) for pk in posters if pk)]


def show_hub(show: Any, teasers: Iterable[str]) -> list[str]:
    """A show's hub: its facts, its poster and the stories about it (what their teasers
    show)."""
    poster = [image_key(show.poster_id)] if show.poster_id else []
    return [*story_list(show_key(show.pk), teasers), *poster]


# --- what a change to a story purges ---------------------------------------------------------

def lists_of(article: Article) -> set[str]:
    """The key of every list `article` is in: every story list, its sections', authors',
    topics' and shows' pages, and the shows index (it counts each show's stories)."""
    keys = {STORIES}
    keys.update(section_key(pk) for pk in article.sections.values_list("pk", flat=True))
    keys.update(author_key(pk) for pk in article.authors.values_list("pk", flat=True))
    keys.update(topic_key(topic.pk) for topic in article.topics.all())
    shows = [show_key(show.pk) for show in article.shows.all()]
    if shows:
        keys.update([*shows, SHOWS])
    return keys


def pages_showing(article: Article) -> set[str]:
    """The keys of every page that shows `article`: its own pages and every list it is in."""
    return {story_key(article.pk), *lists_of(article)}


def first_expiry(stories: Iterable[Article]) -> datetime | None:
    """When the first of `stories` expires: a page showing it changes then by itself, with
    no purge to announce it."""
    return min((story.expire_at for story in stories if story.expire_at), default=None)
