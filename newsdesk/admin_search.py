"""Admin searches cut to what a person types.

The admin turns each word of a search into a condition on every search field: a pasted
novel makes a query the database refuses ("Expression tree is too large"), and PostgreSQL
refuses a NUL in any text. A search is cut to its first MAX_SEARCH_LENGTH characters, with
control characters dropped, before any admin page or autocomplete sees it.
"""
from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from articles.forms import CONTROL_CHARACTER

MAX_SEARCH_LENGTH = 200
# The change lists' search box, and the search-as-you-type boxes.
SEARCH_PARAMETERS = ("q", "term")


class AdminSearchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.path.startswith(reverse("admin:index"))
                and any(name in request.GET for name in SEARCH_PARAMETERS)):
            query = request.GET.copy()
            for name in SEARCH_PARAMETERS:
                if name in query:
                    typed = query.get(name) or ""
                    query[name] = CONTROL_CHARACTER.sub("", typed)[:MAX_SEARCH_LENGTH]
            query._mutable = False
            request.GET = query  # type: ignore[assignment]  # read-only again, as Django's
        return self.get_response(request)
