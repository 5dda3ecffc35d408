"""Pictures as the admin's pages show them: small previews made from renditions, and the
pictures a story body can place."""
from __future__ import annotations

from typing import Any

from django.utils.html import format_html

from articles.models import Image


def image_thumbnail(image: Image, *, width: int = 96) -> str:
    """The smallest "wide" JPEG rendition, shown `width` pixels wide. Never the original:
    it may be tens of megabytes, and a library page shows dozens."""
    renditions = image.renditions_of("wide", "jpeg")
    if not renditions:
        return format_html('<span class="image-thumb image-thumb-pending" style="width:{}px">'
                           'No preview yet</span>', width)
    smallest = renditions[0]
    return format_html(
        '<img class="image-thumb" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        image.file.storage.url(smallest["name"]), width,
        round(width * smallest["height"] / smallest["width"]),
    )


def body_picture_choices(limit: int = 5) -> list[dict[str, Any]]:
    """The most recent pictures a story body can place, for the story form's panel."""
    return [{"image": image, "thumbnail": image_thumbnail(image, width=64),
             "token": f"[image {image.pk}]"}
            for image in Image.objects.described()[:limit]]

