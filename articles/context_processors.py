from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from articles import pagecache
from articles.models import Section


def nav_sections() -> list[Section]:
    """The sections menu, from the cache until a section changes (which purges NAV)."""
    return pagecache.fragment("nav-sections", [pagecache.NAV],
                              lambda: list(Section.objects.all()))


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name, base URL and the sections menu that the base template shows."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # Lazy: pages that never show the menu (admin, feeds) do not ask for it.
        "nav_sections": SimpleLazyObject(nav_sections),
    }
