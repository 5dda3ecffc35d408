from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from articles.services import publish_due
from articles.tasks import publish_scheduled


class Command(BaseCommand):
    help = (
        "Publish scheduled versions whose time has come and take down expired stories. "
        "Safe to run every minute from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Hand the work to the task backend instead of doing it here.",
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = publish_scheduled.enqueue()
            self.stdout.write(f"Enqueued task {result.id} ({result.status}).")
            return
        report = publish_due()
        for version in report.published:
            self.stdout.write(f"Published {version.article.slug} version {version.number}.")
        for article in report.expired:
            self.stdout.write(f"Expired {article.slug}.")
        for version, reason in report.failed:
            self.stderr.write(f"Could not publish {version.article.slug} "
                              f"version {version.number}: {reason}")
        self.stdout.write(
            f"{len(report.published)} published, {len(report.expired)} expired, "
            f"{len(report.failed)} failed."
        )
        if report.failed:
            raise SystemExit(1)
