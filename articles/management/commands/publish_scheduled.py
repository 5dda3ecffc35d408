from __future__ import annotations

from articles.management.periodic import PeriodicCommand
from articles.services.publishing import publish_due, publish_scheduled


class Command(PeriodicCommand):
    help = (
        "Publish scheduled versions whose time has come and take down expired stories. "
        "Safe to run every minute from cron."
    )
    task = publish_scheduled

    def run(self) -> None:
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
