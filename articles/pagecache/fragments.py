"""Costly parts of pages kept in the cache under the same keys and purges as whole pages:
a fragment serves readers whose page cannot be shared (a login, a held comment), and the
first reader after a purge of some other part of the page."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings

from articles.pagecache.keys import EVERYTHING
from articles.pagecache.store import quietly, read_fresh, read_fresh_many, store_entry

_FRAGMENT = "pagecache:fragment:"

K = TypeVar("K")


@dataclass(frozen=True)
class Rendered:
    """A rendered fragment, the keys of what it shows, and when it changes by itself."""

    value: Any
    keys: frozenset[str]
    until: datetime | None = None


def rendered_fragment(name: str, render: Callable[[], Rendered]) -> Rendered:
    """What `render()` returns, from the cache while none of its keys has been purged since.

    For fragments whose keys are only known once rendered (a story's shows and sections):
    the keys come back with a cached copy too, so the page can name them.
    """
    cached = fragment_get(name)
    if cached is not None:
        return cached
    started = time.time()
    rendered = render()
    fragment_set(name, rendered, started)
    return rendered


def fragment_get(name: str) -> Rendered | None:
    """The cached fragment `name` if none of its keys has been purged since it was rendered."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return None
    entry = quietly(read_fresh, _FRAGMENT + name)
    if entry is not None:
        return Rendered(entry.value, entry.keys)
    return None


def fragments_get(names: Iterable[str]) -> dict[str, Rendered]:
    """The cached fragments among `names` that are still fresh, by name, in one go: for
    a list of like parts (one per story in a feed), where one lookup each would cost a
    round trip each."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return {}
    found = quietly(read_fresh_many, [_FRAGMENT + name for name in names]) or {}
    return {key.removeprefix(_FRAGMENT): Rendered(entry.value, entry.keys)
            for key, entry in found.items()}


def fragments_each(names: Mapping[K, str],
                   render: Callable[[list[K]], Iterable[tuple[K, Rendered]]]) -> dict[K, Rendered]:
    """A fragment for each of `names` (by what it is a fragment of: a story's pk, say),
    from the cache in one go, the missing ones from `render(missing)`, which yields
    (which, rendered) for each it can render and is called once for all of them."""
    cached = fragments_get(names.values())
    found = {which: cached[name] for which, name in names.items() if name in cached}
    missing = [which for which in names if which not in found]
    if missing:
        started = time.time()
        for which, rendered in render(missing):
            fragment_set(names[which], rendered, started)
            found[which] = rendered
    return found


def fragment_set(name: str, rendered: Rendered, started: float) -> None:
    """Keep `rendered`, whose rendering started at `started` (time.time(): a purge after that
    makes it stale)."""
    timeout = settings.FRAGMENT_CACHE_SECONDS
    if rendered.until is not None:
        timeout = min(timeout, int(rendered.until.timestamp() - started))
    if timeout > 0:
        quietly(store_entry, _FRAGMENT + name, frozenset({*rendered.keys, EVERYTHING}), started,
                 rendered.value, timeout)


def fragment(name: str, keys: Iterable[str], render: Callable[[], Any]) -> Any:
    """`render()`'s value, from the cache while none of `keys` has been purged since."""
    return rendered_fragment(name, lambda: Rendered(render(), frozenset(keys))).value
