from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from articles.services.publishing import publish_scheduled
from comments.services.upkeep import process_comments

# Stories first: a story going live is what readers are waiting for.
PERIODIC_TASKS = (publish_scheduled, process_comments)


class Command(BaseCommand):
    help = (
        "Queue the periodic work for the task worker: publish scheduled versions and take "
        "down expired stories, then retry Akismet checks and reports, mail moderators and "
        "purge old spam. Cron runs it every minute; with in-process tasks it does the work "
        "itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for periodic in PERIODIC_TASKS:
            result = periodic.enqueue()
            self.stdout.write(f"{periodic.name}: task {result.id} {result.status.lower()}.")
            if result.status == TaskResultStatus.FAILED:
                failed.append(periodic.name)
        if failed:
            # Only in-process tasks fail here; a worker reports its own failures.
            raise CommandError(f"Failed: {', '.join(failed)} (the traceback is in the log).")
