"""robots.txt and the Google News sitemap."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("Not built yet.")


robots_txt = news_sitemap = sitemap = _todo
