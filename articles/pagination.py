"""Listings that count their stories once per change rather than on every page view.

A COUNT over a busy desk's stories (100,000 on the benchmark's large desk) costs more than
the rest of a listing page together, and its answer only changes when a story in the list
is published, taken down or expires. So the count is kept in the fragment cache under the
listing's page-cache keys, which those changes purge, until the first counted story expires.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Min, QuerySet
from django.utils.functional import cached_property

from articles import pagecache


class KeptCountPaginator(Paginator):
    """A Paginator over stories whose count comes from the fragment cache `name`, kept
    until one of `keys` is purged."""

    def __init__(self, object_list: Any, per_page: int, *, name: str, keys: Iterable[str],
                 **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.name = name
        self.keys = frozenset(keys)

    @cached_property
    def count(self) -> int:
        stories: QuerySet[Any] = self.object_list  # type: ignore[assignment]

        def render() -> pagecache.Rendered:
            figures = stories.order_by().aggregate(
                stories=Count("pk"), next_expiry=Min("expire_at"))
            return pagecache.Rendered(figures["stories"], self.keys, until=figures["next_expiry"])

        name = hashlib.sha256(self.name.encode()).hexdigest()
        return int(pagecache.rendered_fragment(f"count:{name}", render).value)


class KeptCountMixin:
    """For a ListView of stories: its paginator keeps the count under `count_keys()`.

    The listing is named by its path: the page number is in the query string, and every
    page of one listing shares its count.
    """

    request: Any

    def count_keys(self) -> list[str]:
        raise NotImplementedError

    def get_paginator(self, queryset: Any, per_page: int, orphans: int = 0,
                      allow_empty_first_page: bool = True, **kwargs: Any) -> Paginator:
        return KeptCountPaginator(queryset, per_page, orphans=orphans,
                                  allow_empty_first_page=allow_empty_first_page,
                                  name=self.request.path, keys=self.count_keys(), **kwargs)
