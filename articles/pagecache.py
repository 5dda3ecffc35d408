"""The shared page cache: whole reader pages (and costly fragments) kept in the cache and
invalidated by key.

Every cacheable page names what it shows with keys: ``story-12``, ``show-3``,
``section-2``, ``image-40``, ``nav`` (the sections menu on every page), ``stories`` (lists
of all stories). A change purges the keys it touches, and only those pages go stale.

A purge does not hunt for pages to delete: it records, in the shared cache, the time the
key was purged. A cached page remembers when it started rendering and is stale once any of
its keys has been purged since. So a purge is seen by every app server at once, and a purge
that lands while a page is still being rendered (from data read before the change) still
counts. Purge times are kept as long as a page can be, so they need no clean-up.

Each process also keeps its own copies of the entries it read lately. A copy still costs a
round trip to the shared cache for its keys' purge times, a few bytes, but not the entry
itself (a whole page: tens of kilobytes to send and unpickle). Each entry carries the token
kept beside the purge times when it was stored, the epoch. Once the purge times are lost (a
restart, a flush) the token is new, and no entry stored before, nor any copy of one, is
trusted again.

Purge times (and the epoch) live in the ``purges`` cache when settings name one, else in
the default cache with the pages. One machine keeps its pages in process memory, which
other processes cannot reach: cron's ``process_comments`` approving a comment, say. There
the purge times go to files every process shares, so the server hears every purge.

The same keys go out in the ``Surrogate-Key`` header, for a CDN that purges by key.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date

logger = logging.getLogger(__name__)

NAV = "nav"
STORIES = "stories"
SHOWS = "shows"
EVERYTHING = "all"

_PURGED = "pagecache:purged:"
_PAGE = "pagecache:page:"
_EPOCH = "pagecache:epoch"
_FRAGMENT = "pagecache:fragment:"

# Cookies that make a page this reader's own: the login, flash messages, plus what other
# apps register (comments: a reader's held comments and remembered details).
_private_cookies: set[str] = {"messages"}


def story_key(pk: int) -> str:
    return f"story-{pk}"


def comments_key(pk: int) -> str:
    """The comment thread under story `pk` (only its own pages show it)."""
    return f"comments-{pk}"


def show_key(pk: int) -> str:
    return f"show-{pk}"


def section_key(pk: int) -> str:
    return f"section-{pk}"


def topic_key(pk: int) -> str:
    return f"topic-{pk}"


def author_key(pk: int) -> str:
    return f"author-{pk}"


def image_key(pk: int) -> str:
    return f"image-{pk}"


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


def purge(*keys: str) -> None:
    """Make every page and fragment naming any of `keys` stale, once the transaction commits."""
    if keys:
        transaction.on_commit(lambda: _mark_purged(set(keys)))


def purge_everything() -> None:
    purge(EVERYTHING)


def _mark_purged(keys: set[str]) -> None:
    # Kept as long as a page or fragment may live: after that nothing older is left to
    # compare with.
    keep = max(settings.PAGE_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS, 1) + 60
    now = time.time()
    _purges().set_many({_PURGED + key: now for key in keys}, timeout=keep)
    if settings.CDN_PURGE_URL:
        from articles.tasks import purge_cdn  # the tasks module imports the services

        purge_cdn.enqueue(sorted(keys))


def cdn_purge(keys: list[str]) -> None:
    """Tell the CDN to drop every page carrying any of `keys`. Raises on failure, so the
    task shows as failed; until then the CDN keeps a page PAGE_CACHE_CDN_SECONDS at most."""
    response = httpx.post(settings.CDN_PURGE_URL, timeout=10, headers={
        "Surrogate-Key": " ".join(keys), "Fastly-Key": settings.CDN_PURGE_TOKEN,
        "Accept": "application/json"})
    response.raise_for_status()


@dataclass(frozen=True)
class _Entry:
    keys: frozenset[str]
    rendered_at: float
    value: Any
    # When the shared cache lets it go (time.time()); a process's copy goes no later.
    expires_at: float = 0.0
    epoch: str = ""


def _is_fresh(entry: _Entry, purged: dict[str, float]) -> bool:
    """Whether `entry` was drawn after the last purge of each of its keys (`purged`: the
    purge times found, by purge-time cache key)."""
    # Purge times and render times are read off different app servers' clocks. A page
    # counts as drawn this much earlier than its own clock said, so a small skew never
    # keeps a stale page; the price is a few extra draws in the moments after a purge.
    started = entry.rendered_at - settings.PAGE_CACHE_CLOCK_SKEW_SECONDS
    return entry.epoch == purged.get(_EPOCH) and all(
        purged.get(_PURGED + key, 0.0) < started for key in entry.keys)


# The keys each cached entry named when this process last read it. They seldom change, so
# the entry and the purge times of its keys are read in one round trip to the cache, and
# only an entry whose keys changed costs a second one.
_keys_seen: dict[str, frozenset[str]] = {}
_KEYS_SEEN_LIMIT = 20_000


def _purges() -> BaseCache:
    """Where purge times and the epoch are kept."""
    return caches["purges"] if "purges" in settings.CACHES else cache


def _read(cache_key: str | None, keys: Iterable[str]) -> dict[str, Any]:
    """The epoch, the purge times of `keys` and, if named, the entry under `cache_key`: in
    one round trip when they share a cache."""
    wanted = [_EPOCH, *(_PURGED + key for key in keys)]
    if cache_key is None:
        return _purges().get_many(wanted)
    if "purges" not in settings.CACHES:
        return cache.get_many([cache_key, *wanted])
    found = _purges().get_many(wanted)
    entry = cache.get(cache_key)
    if entry is not None:
        found[cache_key] = entry
    return found


def _read_fresh(cache_key: str) -> _Entry | None:
    """The entry under `cache_key` if it is still fresh, else None."""
    held = _local_copy(cache_key)
    if held is not None:
        if _is_fresh(held, _read(None, held.keys)):
            return held
        _local_drop(cache_key)
    guess = _keys_seen.get(cache_key, frozenset())
    found = _read(cache_key, guess)
    entry = found.pop(cache_key, None)
    if not isinstance(entry, _Entry):
        return None
    if entry.keys != guess:
        if len(_keys_seen) >= _KEYS_SEEN_LIMIT:
            _keys_seen.clear()
        _keys_seen[cache_key] = entry.keys
        found = _read(None, entry.keys)
    if not _is_fresh(entry, found):
        return None
    _local_keep(cache_key, entry)
    return entry


def _store(cache_key: str, keys: frozenset[str], started: float, value: Any,
           timeout: int) -> None:
    cache.set(cache_key, _Entry(keys, started, value, expires_at=time.time() + timeout,
                                epoch=_epoch()), timeout=timeout)


_local: OrderedDict[str, _Entry] = OrderedDict()
_local_lock = threading.Lock()  # gthread workers read from several threads


def _local_copy(cache_key: str) -> _Entry | None:
    with _local_lock:
        held = _local.get(cache_key)
        if held is None:
            return None
        if held.expires_at <= time.time():
            del _local[cache_key]
            return None
        _local.move_to_end(cache_key)
        return held


def _local_keep(cache_key: str, entry: _Entry) -> None:
    if settings.PAGE_CACHE_LOCAL_ENTRIES <= 0 or entry.expires_at <= time.time():
        return
    with _local_lock:
        _local[cache_key] = entry
        _local.move_to_end(cache_key)
        while len(_local) > settings.PAGE_CACHE_LOCAL_ENTRIES:
            _local.popitem(last=False)


def _local_drop(cache_key: str) -> None:
    with _local_lock:
        _local.pop(cache_key, None)


def _epoch() -> str:
    """The token kept beside the purge times, made now if there is none (they were just
    lost, or never kept)."""
    purges = _purges()
    epoch = purges.get(_EPOCH)
    if epoch is None:
        purges.add(_EPOCH, secrets.token_hex(8), timeout=None)
        epoch = purges.get(_EPOCH, "")
    return str(epoch)


@dataclass(frozen=True)
class Drawn:
    """A drawn fragment, the keys of what it shows, and when it changes by itself."""

    value: Any
    keys: frozenset[str]
    until: datetime | None = None


def drawn_fragment(name: str, draw: Callable[[], Drawn]) -> Drawn:
    """What `draw()` returns, from the cache while none of its keys has been purged since.

    For fragments whose keys are only known once drawn (a story's shows and sections):
    the keys come back with a cached copy too, so the page can name them.
    """
    cached = fragment_get(name)
    if cached is not None:
        return cached
    started = time.time()
    drawn = draw()
    fragment_set(name, drawn, started)
    return drawn


def fragment_get(name: str) -> Drawn | None:
    """The cached fragment `name` if none of its keys has been purged since it was drawn."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return None
    entry = _quietly(_read_fresh, _FRAGMENT + name)
    if entry is not None:
        return Drawn(entry.value, entry.keys)
    return None


def fragment_set(name: str, drawn: Drawn, started: float) -> None:
    """Keep `drawn`, whose drawing started at `started` (time.time(): a purge after that
    makes it stale)."""
    timeout = settings.FRAGMENT_CACHE_SECONDS
    if drawn.until is not None:
        timeout = min(timeout, int(drawn.until.timestamp() - started))
    if timeout > 0:
        _quietly(_store, _FRAGMENT + name, frozenset({*drawn.keys, EVERYTHING}), started,
                 drawn.value, timeout)


def fragment(name: str, keys: Iterable[str], render: Callable[[], Any]) -> Any:
    """`render()`'s value, from the cache while none of `keys` has been purged since."""
    return drawn_fragment(name, lambda: Drawn(render(), frozenset(keys))).value


# --- the middleware -------------------------------------------------------------------------

def _is_private(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or any(
        name in cookies for name in _private_cookies)


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
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if _is_private(request):
            response = self.get_response(request)
            if request.__dict__.get("page_cache_keys"):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        cache_key = _page_cache_key(request)
        entry = _quietly(_read_fresh, cache_key)
        if entry is not None:
            return _from_entry(entry)

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
        response["X-Page-Cache"] = "miss"
        timeout = _lifetime(request, started)
        if request.method == "GET" and timeout > 0:
            stored = (response.status_code, list(response.items()), response.content)
            _quietly(_store, cache_key, keys, started, stored, timeout)
        return response


def _lifetime(request: HttpRequest, started: float) -> int:
    """Seconds the page may be kept: the setting, or less when something on it expires."""
    until = request.__dict__.get("page_cache_until")
    if until is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, int(until.timestamp() - started))


def _quietly(operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A cache call whose failure costs a render, never the page: an unreachable cache
    (Redis restarting) must not take the site down, and /healthz reports it."""
    try:
        return operation(*args, **kwargs)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None


def _from_entry(entry: _Entry) -> HttpResponse:
    status, headers, content = entry.value
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response
