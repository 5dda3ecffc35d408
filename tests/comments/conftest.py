"""Fixtures for the comments app: a task queue that waits for a worker. (The fake Akismet
server is in tests/conftest.py: the browser tests use it too.)"""
from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase
from django_tasks import default_task_backend


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
