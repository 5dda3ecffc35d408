"""Page-cache hits answered before Django handles the request.

A hit needs no URL resolving, no middleware, no database and no signals: only the request's
address, its cookies and one round trip to the cache. Wrapping the WSGI application lets
the app server hand those requests straight back; everything else, and every request the
page cache may not answer (a login, a per-reader cookie, a conditional GET, a host Django
would refuse), goes to Django as before. The rules are the middleware's own
(`shared_copy`), and so are the entries: the middleware stores them, headers and all.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from articles.pagecache.middleware import shared_copy
from articles.pagecache.store import Entry

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# A browser asking "has it changed?" gets its 304 from the middleware, which knows how.
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def serve_cached_pages(application: WSGIApplication) -> WSGIApplication:
    """`application`, answering page-cache hits itself."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        entry = _copy_for(environ)
        if entry is None:
            return application(environ, start_response)
        status, headers, content = entry.value
        start_response(f"{status} {HTTPStatus(status).phrase}",
                       [*headers, ("X-Page-Cache", "hit")])
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else content]

    return app


def _copy_for(environ: dict[str, Any]) -> Entry | None:
    """The shared copy that answers this request, if one may and does."""
    if any(name in environ for name in _CONDITIONAL):
        return None  # "has it changed?": the middleware answers with its 304
    try:
        return shared_copy(WSGIRequest(environ))
    except DisallowedHost:
        return None  # Django answers it with its 400
