"""Addresses holding a control character are not found, before anything looks them up.

None of the site's addresses holds one, and PostgreSQL refuses a query holding a NUL: one
check here stands in for one in every view, feed and redirect that looks a slug up.
"""
from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from articles.text import CONTROL_CHARACTER


class UnreadableAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_CHARACTER.search(request.path):
            raise Http404("Nothing is at this address.")
        return self.get_response(request)
