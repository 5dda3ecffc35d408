"""The sitemap's sections: stories, sections, shows and the fixed pages."""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article, ArticleQuerySet, Section, Show
from articles.pagecache import keys
from articles.pagination import KeptCountPaginator

STORIES_PER_PAGE = 1000


def _newest_live_story(**link: Any) -> Subquery:
    """When the newest live story matching `link` (an OuterRef filter) was last updated."""
    stories = Article.objects.published().filter(**link).order_by("-last_updated_at")
    return Subquery(stories.values("last_updated_at")[:1])


class SiteSitemap(Sitemap):
    """Locations on settings.SITE_URL, whatever host or scheme the crawler asked with,
    matching the canonical links the pages give."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site: Any = None) -> str:
        return settings.SITE_URL.split("://", 1)[1]

    def get_latest_lastmod(self) -> datetime | None:
        """The newest entry's lastmod, for the index. Django's gives none at all when one
        entry has none (a section with no live story yet)."""
        lastmod = getattr(self, "lastmod", None)
        if not callable(lastmod):
            return None
        return max((when for item in self.items() if (when := lastmod(item))), default=None)


class StorySitemap(SiteSitemap):
    """Every live story, most lately updated first, a thousand to a page: a big desk's
    hundred thousand stories in one answer would be megabytes for each crawler's visit."""

    limit = STORIES_PER_PAGE

    @cached_property
    def paginator(self) -> Paginator:  # type: ignore[override]
        # The count of live stories is kept until one is published, taken down or expires.
        return KeptCountPaginator(self.items(), self.limit, name="sitemap-stories",
                                  keys=[keys.STORIES])

    def get_latest_lastmod(self) -> datetime | None:
        latest: datetime | None = Article.objects.published().aggregate(
            latest=Max("last_updated_at"))["latest"]
        return latest

    def items(self) -> ArticleQuerySet:
        return (
            Article.objects.published()
            .only("slug", "last_updated_at")
            .order_by("-last_updated_at", "-pk")
        )

    def lastmod(self, item: Article) -> datetime | None:
        return item.last_updated_at

    def location(self, item: Article) -> str:
        # A thousand reverse() calls a page were most of its work; a story's address is
        # its slug under one prefix.
        return f"{self._story_prefix}{item.slug}/"

    @cached_property
    def _story_prefix(self) -> str:
        return reverse("articles:detail", args=["-"]).removesuffix("-/")


class SectionSitemap(SiteSitemap):
    def items(self) -> QuerySet[Section]:
        return Section.objects.annotate(latest_story_at=_newest_live_story(sections=OuterRef("pk")))

    def lastmod(self, item: Section) -> datetime | None:
        return getattr(item, "latest_story_at", None)


class ShowSitemap(SiteSitemap):
    """Every show's page. It changes when a story about the show is published or updated,
    or when its facts are confirmed, whichever came last."""

    def items(self) -> QuerySet[Show]:
        return Show.objects.annotate(
            latest_story_at=_newest_live_story(show_links__tag=OuterRef("pk"))
        ).order_by("name", "pk")

    def lastmod(self, item: Show) -> datetime | None:
        dates = [getattr(item, "latest_story_at", None)]
        if item.last_confirmed:
            dates.append(timezone.make_aware(datetime.combine(item.last_confirmed, time.min)))
        return max((d for d in dates if d is not None), default=None)


class PageSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return ["articles:home", "articles:shows", "articles:archive"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": PageSitemap,
    "sections": SectionSitemap,
    "shows": ShowSitemap,
    "stories": StorySitemap,
}
