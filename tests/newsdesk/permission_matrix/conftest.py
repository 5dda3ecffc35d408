"""The matrix's records, made once per test module instead of once per cell."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.newsdesk.permission_matrix.world import Records, World, build


def _settings_for_tests(folder: Path) -> dict[str, Any]:
    """What tests/conftest.py's autouse fixtures set for each test (they cannot reach a
    module-scoped fixture): plain static files, media and purge times in a folder of our
    own, cheap password hashing, one clock."""
    static = folder / "static"
    static.mkdir()
    caches = django_settings.CACHES
    if "purges" in caches:
        caches = {**caches, "purges": {**caches["purges"], "LOCATION": str(folder / "purges")}}
    return {
        "STORAGES": {**django_settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        "MEDIA_ROOT": folder / "media",
        "STATIC_ROOT": static,
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "CACHES": caches,
        "PAGE_CACHE_CLOCK_SKEW_SECONDS": 0,
    }


@pytest.fixture(scope="module")
def records(django_db_setup: None, django_db_blocker: Any,
            tmp_path_factory: Any) -> Iterator[Records]:
    """Every record the rows act on, made once for the module inside a transaction that is
    rolled back when the module is done.

    Each cell's own transaction (pytest-django's, for `django_db`) is a savepoint inside
    this one and is rolled back after the cell, so every cell starts from the database
    `build` left, whatever the cells before it changed. Made per cell, the records cost
    about as much as the cell's own requests."""
    folder = tmp_path_factory.mktemp("permission-matrix")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**_settings_for_tests(folder)):
            cache.clear()
            made = build(media=folder / "media")
        try:
            yield made
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def world(records: Records, client: Any, settings: Any) -> World:
    """One cell's view of the records, for a cell marked `django_db`."""
    # The uploads the records point to, in this test's own media folder.
    if records.media.exists():
        shutil.copytree(records.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return World(client, records)
