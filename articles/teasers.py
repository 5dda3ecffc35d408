"""Story teasers: the headline, picture, sections and dates that every list of stories is
made of (home, sections, show hubs, topics, authors, the monthly archive), and the parts of
a search result that do not depend on the search.

Each is kept in the fragment cache until its story, its picture or the sections menu
changes, so a list page reads only which stories it lists and then their teasers, in two
round trips to the cache however many there are: rendering each teaser's responsive
picture, and loading each story's version, sections and picture, were most of a list
page's work. A publish purges the lists, and the next reader re-renders the new story's
teaser, not the page's twenty.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from articles import pagecache
from articles.models import Article
from articles.pagecache import keys

TEASER_TEMPLATE = "articles/includes/teaser.html"


@dataclass(frozen=True)
class Teasers:
    """The rendered teasers of a list, in its order, and the keys of what they show."""

    html: list[SafeString]
    keys: frozenset[str]


def teasers(stories: Sequence[Article], level: int = 2) -> Teasers:
    """The teasers of `stories` (only their pks are read: see `ArticleQuerySet.for_teasers`),
    with headlines at `level`."""
    def render(story: Article) -> SafeString:
        return render_to_string(TEASER_TEMPLATE, {"article": story, "level": level})

    pks = [story.pk for story in stories]
    cached = _each_story(pks, f"teaser-{level}", render)
    found = [cached[pk] for pk in pks if pk in cached]
    return Teasers([teaser.value for teaser in found],
                   frozenset().union(*(teaser.keys for teaser in found)))


@dataclass(frozen=True)
class HitFrame:
    """What a search result shows of its story whatever was searched."""

    url: str
    kicker: SafeString
    dates: SafeString


def hit_frames(pks: list[int]) -> dict[int, HitFrame]:
    """The frames of the search results for stories `pks`, by pk."""
    def render(story: Article) -> HitFrame:
        return HitFrame(
            url=story.get_absolute_url(),
            kicker=render_to_string("articles/includes/kicker.html",
                                    {"sections": story.sections.all()}),
            dates=render_to_string("articles/includes/dates.html", {"article": story}),
        )

    return {pk: frame.value for pk, frame in _each_story(pks, "hit", render).items()}


def _each_story(pks: list[int], kind: str,
                render: Callable[[Article], Any]) -> dict[int, pagecache.Rendered]:
    """`render(story)` for each live story of `pks`, by pk, from the fragment cache while
    what a teaser shows is unchanged."""
    def render_missing(missing: list[int]) -> Iterator[tuple[int, pagecache.Rendered]]:
        # Published still: one may have been taken down since the list was read.
        for story in Article.objects.published().filter(pk__in=missing).for_teaser_parts():
            yield story.pk, pagecache.Rendered(render(story), frozenset(teaser_keys(story)))

    return pagecache.fragments_each({pk: f"{kind}-{pk}" for pk in pks}, render_missing)


def teaser_keys(story: Article) -> set[str]:
    """What a teaser shows: its story, its picture, and its sections' names (renaming a
    section purges NAV)."""
    shown = {keys.story_key(story.pk), keys.NAV}
    if story.live_version and story.live_version.lead_image_id:
        shown.add(keys.image_key(story.live_version.lead_image_id))
    return shown
