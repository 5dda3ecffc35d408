"""Posting a comment, and the privacy page the comment form links to."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    raise Http404("Not built yet.")


def privacy(request: HttpRequest) -> HttpResponse:
    raise Http404("Not built yet.")
