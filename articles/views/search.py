"""The reader's search page."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.generic import ListView

from articles.pagecache import keys
from articles.search import MAX_QUERY_LENGTH, Hit, SearchResults, clean_query, search
from articles.views.stories import PageKeysMixin


class SearchView(PageKeysMixin, ListView):
    """Live stories matching ?q=, best first. No query, or too long a one, searches nothing."""

    template_name = "articles/search.html"
    context_object_name = "hits"
    paginate_by = settings.NEWSDESK_PAGE_SIZE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.query = clean_query(request.GET.get("q", ""))
        self.too_long = len(self.query) > MAX_QUERY_LENGTH
        return super().get(request, *args, **kwargs)

    # Not a QuerySet: ListView's Paginator needs only count() and slicing.
    def get_queryset(self) -> SearchResults | list[Hit]:  # type: ignore[override]
        if not self.query or self.too_long:
            return []
        return search(self.query)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            # The header's search box shows it again; a too-long query is cut to what fits.
            search_query=self.query[:MAX_QUERY_LENGTH],
            searched=bool(self.query) and not self.too_long,
            too_long=self.too_long,
            max_length=MAX_QUERY_LENGTH,
        )
        return context

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        # Results hold stories' words and show names (shows are searchable by name).
        return [keys.STORIES, keys.SHOWS]


search_page = SearchView.as_view()
