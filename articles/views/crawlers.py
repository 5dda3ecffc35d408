"""robots.txt, the sitemap (an index of its sections' pages) and the Google News sitemap."""
from __future__ import annotations

from datetime import timedelta

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from articles import pagecache
from articles.pagecache import keys
from articles.models import Article, ArticleQuerySet
from articles.sitemaps import SITEMAPS
from articles.structured_data import absolute_url

# Google News reads only stories first published in the last two days, at most 1,000.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap's index: each section's pages, with when the stories last changed."""
    pagecache.tag(request, keys.STORIES, keys.NAV, keys.SHOWS)
    entries = []
    for section, kind in SITEMAPS.items():
        part = kind() if isinstance(kind, type) else kind
        location = absolute_url(reverse("articles:sitemap_section", args=[section]))
        lastmod = part.get_latest_lastmod()
        entries.append((location, lastmod))
        entries += [(f"{location}?p={page}", lastmod)
                    for page in range(2, part.paginator.num_pages + 1)]
    return TemplateResponse(request, "articles/sitemap_index.xml", {"entries": entries},
                            content_type="application/xml")


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    """One page of one section of the sitemap (404 for a section or page there is not)."""
    # Stories, sections and shows, with when each last changed.
    pagecache.tag(request, keys.STORIES, keys.NAV, keys.SHOWS)
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section,
                                 template_name="articles/sitemap.xml")


class NewsSitemapView(ListView):
    template_name = "articles/news_sitemap.xml"
    content_type = "application/xml"
    context_object_name = "stories"

    def get_queryset(self) -> ArticleQuerySet:
        pagecache.tag(self.request, keys.STORIES)
        now = timezone.now()
        return (
            Article.objects.published(now)
            .first_published_between(now - NEWS_WINDOW, now)
            .select_related("live_version")
            .order_by("-first_published_at", "-pk")[:NEWS_LIMIT]
        )


news_sitemap = NewsSitemapView.as_view()
robots_txt = TemplateView.as_view(
    template_name="robots.txt", content_type="text/plain; charset=utf-8"
)
