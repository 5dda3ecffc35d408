"""The reader's search page."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def search_page(request: HttpRequest) -> HttpResponse:
    raise Http404("Not built yet.")
