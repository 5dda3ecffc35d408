"""/healthz tells a load balancer whether this app server can reach its database, cache
and storage."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_all_parts_reachable_answers_200_and_leaves_nothing_behind(client, settings, tmp_path):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok",
                               "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]
    # The probe file was written (its folder is there) and removed again.
    assert list((tmp_path / "media" / "healthz").iterdir()) == []


def test_an_unreachable_cache_answers_503_naming_it(client, settings, caplog):
    # Nothing listens on port 1: a Redis that is down.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok",
                               "cache": "error: ConnectionError", "storage": "ok"}
    assert "Health check failed: cache" in caplog.text


def test_a_storage_that_takes_no_files_answers_503_naming_it(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(blocker / "media")}}}

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["storage"].startswith("error: ") and body["database"] == body["cache"] == "ok"


def test_only_reading_is_allowed(client):
    assert client.post("/healthz").status_code == 405
