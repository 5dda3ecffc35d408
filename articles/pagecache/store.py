"""Where cached entries and purge times are kept, and how an entry is known to be fresh.

A purge does not hunt for pages to delete: it records, in the shared cache, the time the
key was purged. A cached entry remembers when it started rendering and is stale once any of
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
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db import transaction

from articles.pagecache.cdn import purge_cdn
from articles.pagecache.keys import EVERYTHING

logger = logging.getLogger(__name__)

_PURGED = "pagecache:purged:"
_EPOCH = "pagecache:epoch"


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
        purge_cdn.enqueue(sorted(keys))



@dataclass(frozen=True)
class Entry:
    keys: frozenset[str]
    rendered_at: float
    value: Any
    # When the shared cache lets it go (time.time()); a process's copy goes no later.
    expires_at: float = 0.0
    epoch: str = ""


def _is_fresh(entry: Entry, purged: dict[str, float]) -> bool:
    """Whether `entry` was rendered after the last purge of each of its keys (`purged`: the
    purge times found, by purge-time cache key)."""
    # Purge times and render times are read off different app servers' clocks. A page
    # counts as rendered this much earlier than its own clock said, so a small skew never
    # keeps a stale page; the price is a few extra renders in the moments after a purge.
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


def read_fresh(cache_key: str) -> Entry | None:
    """The entry under `cache_key` if it is still fresh, else None."""
    held = _local_copy(cache_key)
    if held is not None:
        if _is_fresh(held, _read(None, held.keys)):
            return held
        _local_drop(cache_key)
    guess = _keys_seen.get(cache_key, frozenset())
    found = _read(cache_key, guess)
    entry = found.pop(cache_key, None)
    if not isinstance(entry, Entry):
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


def read_fresh_many(cache_keys: Iterable[str]) -> dict[str, Entry]:
    """The fresh entries among `cache_keys`, by key, in two round trips to the cache
    however many there are: the entries this process holds no copy of, then the purge
    times of all of them."""
    wanted = list(cache_keys)
    held = {key: entry for key in wanted if (entry := _local_copy(key)) is not None}
    absent = [key for key in wanted if key not in held]
    fetched = {key: entry for key, entry in (cache.get_many(absent) if absent else {}).items()
               if isinstance(entry, Entry)}
    entries = {**held, **fetched}
    if not entries:
        return {}
    purged = _read(None, {key for entry in entries.values() for key in entry.keys})
    fresh = {}
    for cache_key, entry in entries.items():
        if _is_fresh(entry, purged):
            fresh[cache_key] = entry
            if cache_key in fetched:
                _local_keep(cache_key, entry)
        elif cache_key in held:
            _local_drop(cache_key)
    return fresh


def store_entry(cache_key: str, keys: frozenset[str], started: float, value: Any,
           timeout: int) -> None:
    cache.set(cache_key, Entry(keys, started, value, expires_at=time.time() + timeout,
                                epoch=_epoch()), timeout=timeout)


_local: OrderedDict[str, Entry] = OrderedDict()
_local_lock = threading.Lock()  # gthread workers read from several threads


def _local_copy(cache_key: str) -> Entry | None:
    with _local_lock:
        held = _local.get(cache_key)
        if held is None:
            return None
        if held.expires_at <= time.time():
            del _local[cache_key]
            return None
        _local.move_to_end(cache_key)
        return held


def _local_keep(cache_key: str, entry: Entry) -> None:
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


def quietly(operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A cache call whose failure costs a render, never the page: an unreachable cache
    (Redis restarting) must not take the site down, and /healthz reports it."""
    try:
        return operation(*args, **kwargs)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None
