"""Whole reader pages served from the cache to anonymous readers, and the calls a page makes
to name what it shows (`tag`).

The middleware comes first in MIDDLEWARE, so a stored page holds every header the rest of
the chain adds (security headers, the content security policy, the ETag) and a hit can be
answered without running any of it; `articles.pagecache.wsgi` answers hits before Django
handles the request at all, from the same entries and by the same rules (`shared_copy`).
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from articles.pagecache.keys import EVERYTHING
from articles.pagecache.store import Entry, quietly, read_fresh, store_entry

_PAGE = "pagecache:page:"

# Cookies that make a page this reader's own: the login, flash messages, plus what other
# apps register (a reader's own details kept by another app, say).
_private_cookies: set[str] = {"messages"}


def register_private_cookies(*names: str) -> None:
    """Requests carrying any of these cookies are never served a shared copy."""
    _private_cookies.update(names)


def tag(request: HttpRequest, *keys: str, until: datetime | None = None) -> None:
    """Name what the page being rendered shows; only tagged pages are cached.

    `until`: when the page changes by itself (a story on it expires), so no copy outlives it.
    """
    named: set[str] = request.__dict__.setdefault("page_cache_keys", set())
    named.update(keys)
    if until is not None:
        earlier = request.__dict__.get("page_cache_until")
        request.__dict__["page_cache_until"] = min(until, earlier) if earlier else until


def _is_private(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or any(
        name in cookies for name in _private_cookies)


def _may_be_cached(request: HttpRequest) -> bool:
    """Whether `request` is one the page cache deals with at all (it may still be a reader's
    own: see `_is_private`)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    # Static files are WhiteNoise's; a cache lookup would only slow them down.
    if request.path.startswith(settings.STATIC_URL):
        return False
    # Plain HTTP is redirected to HTTPS further in; a copy must not skip that.
    return not (settings.SECURE_SSL_REDIRECT and not request.is_secure())


def shared_copy(request: HttpRequest) -> Entry | None:
    """The fresh cached page for `request`, when it may have one: an anonymous GET or HEAD
    carrying no per-reader cookie."""
    if not _may_be_cached(request) or _is_private(request):
        return None
    return quietly(read_fresh, _page_cache_key(request))


def _page_cache_key(request: HttpRequest) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    return _PAGE + hashlib.sha256(address.encode()).hexdigest()


def _is_storable(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not has_vary_header(response, "Cookie")
            and "private" not in cache_control and "no-store" not in cache_control)


def _mark_shared(response: HttpResponse, keys: Iterable[str], rendered_at: float) -> None:
    response["Surrogate-Key"] = " ".join(sorted(keys))
    response["Last-Modified"] = http_date(rendered_at)
    # Browsers ask again each time (a cheap 304 while nothing changed); a CDN keeps the
    # page for s-maxage, or until it is purged by key.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True,
                        s_maxage=settings.PAGE_CACHE_CDN_SECONDS)
    if not response.has_header("ETag"):
        set_response_etag(response)


class PageCacheMiddleware:
    """Serves anonymous GETs of tagged reader pages from the shared cache.

    Never shared: requests carrying a login or a per-reader cookie, and responses that set
    cookies, vary on them or are marked private (a page showing a reader's held comment).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_be_cached(request):
            return self.get_response(request)
        if _is_private(request):
            response = self.get_response(request)
            if request.__dict__.get("page_cache_keys"):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        cache_key = _page_cache_key(request)
        entry = quietly(read_fresh, cache_key)
        if entry is not None:
            return _answer_from(request, entry)

        started = time.time()
        response = self.get_response(request)
        keys = request.__dict__.get("page_cache_keys")
        if not keys:
            return response
        if not _is_storable(response):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        keys = frozenset({*keys, EVERYTHING})
        _mark_shared(response, keys, started)
        timeout = _lifetime(request, started)
        if request.method == "GET" and timeout > 0:
            stored = (response.status_code, list(response.items()), response.content)
            quietly(store_entry, cache_key, keys, started, stored, timeout)
        response["X-Page-Cache"] = "miss"
        return response


def _lifetime(request: HttpRequest, started: float) -> int:
    """Seconds the page may be kept: the setting, or less when something on it expires."""
    until = request.__dict__.get("page_cache_until")
    if until is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, int(until.timestamp() - started))


def _answer_from(request: HttpRequest, entry: Entry) -> HttpResponse:
    """The cached page, or a 304 when the reader's copy is this one."""
    status, headers, content = entry.value
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    # ConditionalGetMiddleware sits further in, and a hit never reaches it.
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(request, etag=response.get("ETag"),
                                           last_modified=last_modified, response=response)
    return response if conditional is None else conditional
