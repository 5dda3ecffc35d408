"""Costly parts of pages kept in the cache under the same keys and purges as whole pages:
a fragment serves readers whose page cannot be shared (a login, a held comment), and the
first reader after a purge of some other part of the page."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from articles.pagecache.keys import EVERYTHING
from articles.pagecache.store import quietly, read_fresh, store_entry

_FRAGMENT = "pagecache:fragment:"


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
    entry = quietly(read_fresh, _FRAGMENT + name)
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
        quietly(store_entry, _FRAGMENT + name, frozenset({*drawn.keys, EVERYTHING}), started,
                 drawn.value, timeout)


def fragment(name: str, keys: Iterable[str], render: Callable[[], Any]) -> Any:
    """`render()`'s value, from the cache while none of `keys` has been purged since."""
    return drawn_fragment(name, lambda: Drawn(render(), frozenset(keys))).value
