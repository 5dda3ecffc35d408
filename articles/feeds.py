"""RSS 2.0 and Atom feeds for the site, each show and each section."""
from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)
from django.utils.html import format_html

from articles import pagecache
from articles.models import (
    Article,
    ArticleQuerySet,
    Section,
    Show,
    ShowSlugRedirect,
)
from articles.pagecache import keys
from articles.people import display_name
from articles.structured_data import absolute_url
from articles.text import CONTROL_CHARACTER

FEED_LENGTH = 30


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return CONTROL_CHARACTER.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(part) for part in value)
    return value


class XmlSafeFeed(SyndicationFeed):
    """XML 1.0 has no place for control characters, and one would fail the whole feed. The
    forms refuse them, but text saved before they did may still hold one: it is dropped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*map(_xml_safe, args),
                         **{name: _xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*map(_xml_safe, args),
                         **{name: _xml_safe(value) for name, value in kwargs.items()})

    def write(self, outfile: Any, encoding: str) -> None:
        # Written to the response in one piece: handed the response itself, the XML writer
        # wraps it in a text stream and writes each tag and string through on its own, a
        # thousand writes a feed, which cost as much as the rest of the feed together.
        text = io.StringIO()
        super().write(text, encoding)
        outfile.write(text.getvalue().encode(encoding))


class RssWithUpdates(XmlSafeFeed, Rss201rev2Feed):
    """RSS 2.0 has no updated date for an item; Atom's element, already declared on the
    root, carries it so readers can tell an updated story from a new one."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class AtomFeed(XmlSafeFeed, Atom1Feed):
    pass


def story_guid(article: Article) -> str:
    """A tag: URI that names the story for good: its address and words may change, these
    parts never do once it is first published."""
    assert article.first_published_at is not None
    host = urlsplit(settings.SITE_URL).hostname
    published = article.first_published_at.astimezone(UTC).date().isoformat()
    return f"tag:{host},{published}:story/{article.pk}"


class StoryFeed(Feed):
    """The items every Newsdesk feed shares; subclasses choose the stories and the words."""

    feed_type: type[SyndicationFeed] = RssWithUpdates
    url_name: str  # the feed's own route, for its self link
    item_guid_is_permalink = False

    def stories(self, obj: Any) -> ArticleQuerySet:
        raise NotImplementedError

    def url_kwargs(self, obj: Any) -> dict[str, str]:
        return {}

    def items(self, obj: Any) -> list[FeedItem]:
        # None for Django's loop over items: `get_feed` adds them itself.
        return []

    # Django gives a feed a Last-Modified header (its newest item's date) when these exist.
    def item_pubdate(self, item: FeedItem) -> datetime | None:
        return item.pubdate

    def item_updateddate(self, item: FeedItem) -> datetime | None:
        return item.updateddate

    def feed_items(self, obj: Any) -> list[FeedItem]:
        """The feed's items, newest first. Which stories they are is kept, like a list
        page's, until a change to the list purges its key or one of them expires: on a big
        desk, sorting a show's thousands of stories for its newest thirty was most of its
        feed's time."""
        def listed() -> pagecache.Rendered:
            rows = list(self.stories(obj).newest_first()
                        .values_list("pk", "expire_at")[:FEED_LENGTH])
            return pagecache.Rendered([pk for pk, _ in rows], frozenset({self.list_key(obj)}),
                                      until=min((at for _, at in rows if at), default=None))

        pks = pagecache.rendered_fragment(f"feed-list:{self.list_key(obj)}", listed).value
        return feed_items(pks)

    def list_key(self, obj: Any) -> str:
        """The key every change to the stories this feed lists purges."""
        raise NotImplementedError

    def get_feed(self, obj: Any, request: HttpRequest) -> SyndicationFeed:
        # Items name their sections and shows as categories: renaming one purges NAV
        # (sections) or SHOWS, so the feed names those too.
        pagecache.tag(request, self.list_key(obj), keys.NAV, keys.SHOWS)
        feed = super().get_feed(obj, request)  # the channel, with no items
        # Added straight from what `feed_items` keeps: Django's loop asks a dozen hooks of
        # each item, each found by introspection, which cost more than writing the XML.
        for item in self.feed_items(obj):
            feed.add_item(**item.entry())
        return feed

    def feed_url(self, obj: Any) -> str:
        return absolute_url(reverse(self.url_name, kwargs=self.url_kwargs(obj)))

    def description(self, obj: Any) -> str:
        raise NotImplementedError

    def subtitle(self, obj: Any) -> str:
        # Atom's name for the RSS description; RSS ignores it.
        return self.description(obj)

@dataclass(frozen=True)
class FeedItem:
    """What every feed says of one story, whichever feed and format lists it."""

    title: str
    description: str
    link: str
    guid: str
    pubdate: datetime | None
    updateddate: datetime | None
    author_name: str
    categories: list[str]

    @classmethod
    def of(cls, story: Article) -> FeedItem:
        """`story` (from `ArticleQuerySet.for_feed`) as a feed item."""
        authors = story.feed_authors  # type: ignore[attr-defined]
        return cls(title=_item_title(story), description=_item_description(story),
                   link=absolute_url(story.get_absolute_url()), guid=story_guid(story),
                   pubdate=story.first_published_at, updateddate=story.last_updated_at,
                   author_name=", ".join(display_name(author) for author in authors),
                   categories=_item_categories(story))

    def entry(self) -> dict[str, Any]:
        """The item as `SyndicationFeed.add_item` takes it."""
        return {"title": self.title, "link": self.link, "description": self.description,
                "unique_id": self.guid, "unique_id_is_permalink": False,
                "pubdate": self.pubdate, "updateddate": self.updateddate,
                "author_name": self.author_name, "categories": self.categories}


def feed_items(pks: list[int]) -> list[FeedItem]:
    """The feed items of the stories `pks`, in that order.

    Each is kept in the fragment cache until its story changes (or one of its sections or
    shows does: items name them), so a publish re-renders that story's item and those about
    the same shows, not the whole feed: the item query and its four prefetches were most of
    a feed's work.
    """
    def render(missing: list[int]) -> Iterator[tuple[int, pagecache.Rendered]]:
        # Published still: one may have been pulled since the list was read.
        for story in Article.objects.published().filter(pk__in=missing).for_feed():
            yield story.pk, pagecache.Rendered(FeedItem.of(story), frozenset(_item_keys(story)))

    found = pagecache.fragments_each({pk: f"feed-item-{pk}" for pk in pks}, render)
    return [found[pk].value for pk in pks if pk in found]


def _item_keys(story: Article) -> set[str]:
    """What an item shows: its story, and the names of its sections (renaming one purges
    NAV) and shows. Not SHOWS: every story published about any show purges that."""
    shows = {keys.show_key(link.tag_id) for link in story.feed_shows}  # type: ignore[attr-defined]
    return {keys.story_key(story.pk), keys.NAV, *shows}


def _item_title(story: Article) -> str:
    """The headline, then the latest update's label unless the headline has it already
    (editors often write “… [March Update]” into the headline itself)."""
    headline = story.headline
    label = getattr(story, "latest_update_label", None)
    if label and label.casefold() not in headline.casefold():
        return f"{headline} [{label}]"
    return headline


def _item_description(story: Article) -> str:
    assert story.live_version is not None
    summary = format_html("<p>{}</p>", story.live_version.standfirst)
    label = getattr(story, "latest_update_label", None)
    if label:
        note = getattr(story, "latest_update_note", "")
        summary += format_html("<p><strong>Latest update: {}</strong> — {}</p>", label, note)
    return summary


def _item_categories(story: Article) -> list[str]:
    """Its sections, then its shows, then its topics, each name once."""
    names = [section.name for section in story.feed_sections]  # type: ignore[attr-defined]
    names += [link.tag.name for link in story.feed_shows]  # type: ignore[attr-defined]
    names += [link.tag.name for link in story.feed_topics]  # type: ignore[attr-defined]
    return list(dict.fromkeys(names))


class LatestStoriesFeed(StoryFeed):
    url_name = "articles:feed"

    def stories(self, obj: None) -> ArticleQuerySet:
        return Article.objects.published()

    def list_key(self, obj: None) -> str:
        return keys.STORIES

    def title(self, obj: None) -> str:
        return f"{settings.SITE_NAME}: latest stories"

    def link(self, obj: None) -> str:
        return absolute_url(reverse("articles:home"))

    def description(self, obj: None) -> str:
        return f"The newest and latest updated stories from {settings.SITE_NAME}."


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = AtomFeed
    url_name = "articles:feed_atom"


class _ShowMoved(Exception):
    def __init__(self, show: Show) -> None:
        self.show = show


class ShowFeed(StoryFeed):
    """Stories about one show. An address the show used to have answers with a 301."""

    url_name = "articles:show_feed"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except _ShowMoved as moved:
            return HttpResponsePermanentRedirect(
                reverse(self.url_name, kwargs=self.url_kwargs(moved.show))
            )

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Show:
        slug = kwargs["slug"]
        show = Show.objects.filter(slug=slug).first()
        if show is not None:
            return show
        redirect = get_object_or_404(ShowSlugRedirect.objects.select_related("show"), old_slug=slug)
        raise _ShowMoved(redirect.show)

    def stories(self, obj: Show) -> ArticleQuerySet:
        return Article.objects.published().about_show(obj)

    def list_key(self, obj: Show) -> str:
        return keys.show_key(obj.pk)

    def url_kwargs(self, obj: Show) -> dict[str, str]:
        return {"slug": obj.slug}

    def title(self, obj: Show) -> str:
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj: Show) -> str:
        return absolute_url(obj.get_absolute_url())

    def description(self, obj: Show) -> str:
        return f"The latest stories about {obj.name} from {settings.SITE_NAME}."


class ShowAtomFeed(ShowFeed):
    feed_type = AtomFeed
    url_name = "articles:show_feed_atom"


class SectionFeed(StoryFeed):
    url_name = "articles:section_feed"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Section:
        return get_object_or_404(Section, slug=kwargs["slug"])

    def stories(self, obj: Section) -> ArticleQuerySet:
        return Article.objects.published().in_section(obj)

    def list_key(self, obj: Section) -> str:
        return keys.section_key(obj.pk)

    def url_kwargs(self, obj: Section) -> dict[str, str]:
        return {"slug": obj.slug}

    def title(self, obj: Section) -> str:
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj: Section) -> str:
        return absolute_url(obj.get_absolute_url())

    def description(self, obj: Section) -> str:
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed
    url_name = "articles:section_feed_atom"


latest_rss = LatestStoriesFeed()
latest_atom = LatestStoriesAtomFeed()
show_rss = ShowFeed()
show_atom = ShowAtomFeed()
section_rss = SectionFeed()
section_atom = SectionAtomFeed()
