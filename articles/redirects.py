"""Old WordPress addresses answer with a permanent redirect to their story.

A post's permalink (`/2026/01/copper-valley-renewed/`) is found once the site has no page
there (a 404), so it costs nothing on every other request. WordPress's own short form,
`/?p=123` (and `?page_id=` for pages), is answered before the home page would be drawn.
"""
from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from articles.models import ArticleState, WordPressPost

_ID_PARAMETERS = ("p", "page_id")


def _story_address(posts: QuerySet[WordPressPost]) -> str | None:
    found = (posts.filter(article__state=ArticleState.PUBLISHED)
             .select_related("article").order_by("-imported_at").first())
    return found.article.get_absolute_url() if found else None


class WordPressRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.path == "/":
            for name in _ID_PARAMETERS:
                value = request.GET.get(name, "")
                if value.isdigit() and len(value) < 19:
                    target = _story_address(WordPressPost.objects.filter(wp_id=int(value)))
                    if target:
                        return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            candidates = {request.path, f"{request.path}?{query}" if query else request.path}
            target = _story_address(WordPressPost.objects.filter(old_path__in=candidates))
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
