from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the reader search index from the stories live now. For recovery: "
        "publishing keeps the index up to date on its own."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"Search index rebuilt: {count} live stor{'y' if count == 1 else 'ies'}.")
