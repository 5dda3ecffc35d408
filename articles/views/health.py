"""/healthz: can this app server reach what it needs? For load balancers and monitors."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("a value written to the cache did not come back")
    cache.delete(key)


def _storage() -> None:
    # Written and removed, since uploads need a storage that takes files, not one that is
    # merely there.
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every part "ok", or 503 naming what failed (the details go to the log)."""
    report: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.exception("Health check failed: %s", name)
            report[name] = f"error: {type(error).__name__}"
        else:
            report[name] = "ok"
    healthy = all(state == "ok" for state in report.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **report},
                        status=200 if healthy else 503)
