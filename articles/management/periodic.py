"""The shape of the commands cron runs every minute: the work done in the command, or, with
``--enqueue``, handed to the task worker as the task of the same name."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class PeriodicCommand(BaseCommand):
    """Subclasses name their `task`; `run()` does its work here and prints the figures it
    returns, unless a subclass reports in more detail."""

    task: Any  # a django_tasks Task

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Hand the work to the task backend instead of doing it here.",
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = self.task.enqueue()
            self.stdout.write(f"Enqueued task {result.id} ({result.status}).")
            return
        self.run()

    def run(self) -> None:
        done = self.task.call()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in done.items()) + ".")
