"""Listings that count their stories, and find which ones each page lists, once per change
rather than on every page view.

A COUNT over a busy desk's stories (100,000 on the benchmark's large desk) costs more than
the rest of a listing page together, and its answer only changes when a story in the list
is published, taken down or expires. So the count is kept in the fragment cache under the
listing's page-cache keys, which those changes purge, until the first counted story expires.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from articles import pagecache


class KeptCountPaginator(Paginator):
    """A Paginator over stories whose count, and which stories each page lists, come from
    the fragment cache `name`, kept until one of `keys` is purged or the first counted story
    expires. A page's list is read again only after such a change: which stories a list
    shows was the one query left on a list page once its teasers were kept."""

    def __init__(self, object_list: Any, per_page: int, *, name: str, keys: Iterable[str],
                 **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.name = hashlib.sha256(name.encode()).hexdigest()
        self.keys = frozenset(keys)

    @cached_property
    def _figures(self) -> dict[str, Any]:
        stories: QuerySet[Any] = self.object_list  # type: ignore[assignment]

        def render() -> pagecache.Rendered:
            figures = stories.order_by().aggregate(
                stories=Count("pk"), next_expiry=Min("expire_at"))
            return pagecache.Rendered(figures, self.keys, until=figures["next_expiry"])

        return cast(dict[str, Any],
                    pagecache.rendered_fragment(f"list:{self.name}", render).value)

    @cached_property
    def count(self) -> int:
        return int(self._figures["stories"])

    def page(self, number: Any) -> Page:
        page = super().page(number)
        listed = page.object_list

        def render() -> pagecache.Rendered:
            return pagecache.Rendered(list(listed), self.keys,
                                      until=self._figures["next_expiry"])

        page.object_list = pagecache.rendered_fragment(
            f"list:{self.name}:{page.number}", render).value
        return page


class KeptCountMixin:
    """For a ListView of stories: its paginator keeps the count, and each page's stories,
    under `count_keys()`. A view with `allow_empty = False` is a 404 when the kept count is
    nought.

    The listing is named by its path: the page number is in the query string, and every
    page of one listing shares its count.
    """

    request: Any
    allow_empty: bool

    def get_allow_empty(self) -> bool:
        # ListView would ask the database whether the list is empty: the count says so.
        return True

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        paginated = super().paginate_queryset(queryset, page_size)  # type: ignore[misc]
        if not self.allow_empty and paginated[0].count == 0:
            raise Http404("Nothing is listed here.")
        return paginated

    def count_keys(self) -> list[str]:
        raise NotImplementedError

    def get_paginator(self, queryset: Any, per_page: int, orphans: int = 0,
                      allow_empty_first_page: bool = True, **kwargs: Any) -> Paginator:
        return KeptCountPaginator(queryset, per_page, orphans=orphans,
                                  allow_empty_first_page=allow_empty_first_page,
                                  name=self.request.path, keys=self.count_keys(), **kwargs)
