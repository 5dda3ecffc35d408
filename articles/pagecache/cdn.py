"""The CDN in front, if any: pages go out with a ``Surrogate-Key`` header naming their keys,
and each purge is passed on to the CDN by the task worker."""
from __future__ import annotations

import httpx
from django.conf import settings
from django_tasks import task


def cdn_purge(keys: list[str]) -> None:
    """Tell the CDN to drop every page carrying any of `keys`. Raises on failure, so the
    task shows as failed; until then the CDN keeps a page PAGE_CACHE_CDN_SECONDS at most."""
    response = httpx.post(settings.CDN_PURGE_URL, timeout=10, headers={
        "Surrogate-Key": " ".join(keys), "Fastly-Key": settings.CDN_PURGE_TOKEN,
        "Accept": "application/json"})
    response.raise_for_status()


@task()
def purge_cdn(keys: list[str]) -> int:
    """Pass a purge on to the CDN in front (see `cdn_purge`); returns how many keys."""
    cdn_purge(keys)
    return len(keys)
