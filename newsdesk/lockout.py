"""The page a paused sign-in gets (django-axes calls `locked_out`)."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin import site
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(request: HttpRequest, credentials: dict[str, Any] | None,
               *args: Any, **kwargs: Any) -> HttpResponse:
    """Says what happened, for how long, and what to do; 429 Too Many Requests."""
    return render(request, "admin/locked_out.html", {
        **site.each_context(request),
        "title": "Too many failed sign-ins",
        "failures": settings.ADMIN_LOGIN_FAILURES,
        "minutes": settings.ADMIN_LOGIN_PAUSE_MINUTES,
    }, status=429)
