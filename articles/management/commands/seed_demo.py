from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles.demo.seed import seed_desk


class Command(BaseCommand):
    help = ("Create the demo desk: sections, writers, an editor, shows with posters and tracker "
            "histories, stories with versions, lead pictures and stills. Safe to run again.")

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = seed_desk()
        self.stdout.write(
            f"Demo content ready: {seeded.stories_added} stories added, {seeded.stories} in "
            f"all; {seeded.shows} shows with {seeded.tracker_changes} tracker changes; "
            f"{seeded.images_added} pictures drawn, {seeded.images} in the library."
        )
