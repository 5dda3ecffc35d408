from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from comments.services.upkeep import comments_purge


class Command(BaseCommand):
    help = ("Delete spam and trashed comments untouched for COMMENTS_PURGE_AFTER_DAYS days. "
            "process_comments does this too; run this one by hand.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = comments_purge()
        self.stdout.write(f"Purged {count} comment{'s' if count != 1 else ''} (spam and trash "
                          f"untouched for {settings.COMMENTS_PURGE_AFTER_DAYS} days).")
