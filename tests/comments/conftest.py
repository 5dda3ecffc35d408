"""Fixtures for the comments app: a fake Akismet reached over real HTTP, and a task queue
that waits for a worker."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import TestCase
from django_tasks import default_task_backend

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


class WorkerQueue:
    """The tasks queued for a worker (django-tasks' DummyBackend keeps them and runs
    nothing, as the database backend does until `db_worker` takes them)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    @property
    def queued(self) -> list[tuple[str, list[Any]]]:
        return [(result.task.name, result.args) for result in self.backend.results]

    def run(self) -> None:
        """Run every queued task as the worker does, then forget them."""
        # The worker's transactions commit, so what waits for a commit (cache purges) runs.
        with TestCase.captureOnCommitCallbacks(execute=True):
            for result in list(self.backend.results):
                result.task.call(*result.args, **result.kwargs)
        self.lose()

    def lose(self) -> None:
        self.backend.results.clear()


@pytest.fixture
def worker_queue(settings: Any) -> WorkerQueue:
    """Tasks wait for a worker instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return WorkerQueue(default_task_backend)
