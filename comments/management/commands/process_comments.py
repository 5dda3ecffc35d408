from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from comments.tasks import process_comments


class Command(BaseCommand):
    help = (
        "Retry Akismet checks and reports that failed, mail moderators a digest of held "
        "comments, and purge old spam and trash. Run it every minute from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Hand the work to the task backend instead of doing it here.",
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = process_comments.enqueue()
            self.stdout.write(f"Enqueued task {result.id} ({result.status}).")
            return
        done = process_comments.call()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in done.items()) + ".")
