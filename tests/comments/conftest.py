"""Fixtures for the comments app: a fake Akismet reached over real HTTP."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fake_akismet import DEFAULT_KEY, FakeAkismet


@pytest.fixture(scope="session")
def fake_akismet_server() -> Iterator[FakeAkismet]:
    # No skip on failure: a suite that cannot start this server has not tested Akismet.
    with FakeAkismet() as server:
        yield server


@pytest.fixture
def akismet(fake_akismet_server: FakeAkismet, settings: Any) -> Iterator[FakeAkismet]:
    """Akismet switched on and pointed at a freshly reset fake server.

    Returns the server: read ``.requests`` and switch failure modes with ``.slow()``,
    ``.fail()``, ``.drop()`` and ``.garbage()``.
    """
    fake_akismet_server.reset()
    settings.AKISMET_API_KEY = DEFAULT_KEY
    settings.AKISMET_API_URL = fake_akismet_server.url
    # Short, so the slow-server tests cost half a second each.
    settings.AKISMET_TIMEOUT = 0.5
    # Pinned so an AKISMET_IS_TEST in the environment cannot change what tests expect.
    settings.AKISMET_IS_TEST = False
    yield fake_akismet_server
    # Releases a handler still sleeping for a slow-server test.
    fake_akismet_server.reset()
