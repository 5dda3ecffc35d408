"""RSS 2.0 and Atom feeds for the site, each show and each section."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("Not built yet.")


latest_rss = latest_atom = show_rss = show_atom = section_rss = section_atom = _todo
