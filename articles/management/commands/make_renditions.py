from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from articles.models import Image
from articles.services.renditions import image_renditions_ensure


class Command(BaseCommand):
    help = ("Make any renditions library pictures lack (after a restore, or for pictures "
            "uploaded while the worker was down). Pages make missing ones too; this does it "
            "ahead of readers.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="Only these image ids.")

    def handle(self, *args: Any, ids: list[int], **options: Any) -> None:
        pictures = Image.objects.order_by("pk")
        if ids:
            pictures = pictures.filter(pk__in=ids)
        checked = made = 0
        for image in pictures.iterator():
            before = len(image.renditions)
            try:
                image_renditions_ensure(image)
            except OSError as error:
                self.stderr.write(f"Image {image.pk} ({image.title}): {error}")
                continue
            checked += 1
            made += len(image.renditions) - before
        self.stdout.write(f"{checked} picture{'' if checked == 1 else 's'} checked, "
                          f"{made} rendition{'' if made == 1 else 's'} made.")
