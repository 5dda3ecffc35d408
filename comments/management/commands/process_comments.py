from __future__ import annotations

from articles.management.periodic import PeriodicCommand
from comments.services.upkeep import process_comments


class Command(PeriodicCommand):
    help = (
        "Retry Akismet checks and reports that failed, mail moderators a digest of held "
        "comments, and purge old spam and trash. Run it every minute from cron."
    )
    task = process_comments
