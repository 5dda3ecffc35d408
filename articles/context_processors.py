from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from articles.models import Section


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name, base URL and the sections menu that the base template shows."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # Lazy: pages that never show the menu (admin, feeds) pay no query.
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }
