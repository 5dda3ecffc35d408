"""Show hubs, the shows index, topic pages and the dated archive."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("Not built yet.")


show_list = show_detail = topic_detail = archive_index = archive_month = _todo
