from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles import pagecache


class Command(BaseCommand):
    help = (
        "Mark every cached page and fragment stale, on every app server. Run it after a "
        "deploy that changes templates, so no page drawn by the old ones is served."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pagecache.purge_everything()
        self.stdout.write("Every cached page and fragment will be drawn again.")
