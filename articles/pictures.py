"""What pages need to draw library pictures, read from each image's stored rendition list
(no query, no look at the file); a rendition still missing is made on the spot."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import Storage

from articles.images import ImageRejected
from articles.models import Image
from articles.services.renditions import image_renditions_ensure

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Use:
    crop: str
    # The `sizes` attribute: how wide the picture is drawn, matching static/css/site.css.
    sizes: str
    lead: bool = False
    # Beside a headline that says the same, the picture is decoration for screen readers.
    hide_alt: bool = False


USES = {
    "lead": Use("wide", "(min-width: 46rem) 43rem, calc(100vw - 2.5rem)", lead=True),
    "teaser": Use("wide", "(min-width: 40em) 20rem, calc(100vw - 2.5rem)", hide_alt=True),
    "body": Use("original", "(min-width: 46rem) 43rem, calc(100vw - 2.5rem)"),
    "poster": Use("poster", "(min-width: 40em) 12rem, 50vw"),
    # Small pictures beside a linked name: the link says it all.
    "thumbnail": Use("wide", "6rem", hide_alt=True),
    "poster-thumbnail": Use("poster", "4rem", hide_alt=True),
}

def _srcset(storage: Storage, renditions: list[dict[str, Any]]) -> str:
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)


def _renditions(image: Image, crop: str, fmt: str) -> list[dict[str, Any]]:
    """The renditions of one crop, made now if the image lacks them (its task has not run
    yet). Empty if they cannot be made: the page goes without the picture, not down."""
    found = image.renditions_of(crop, fmt)
    if not found:
        try:
            image_renditions_ensure(image, [crop])
        except (OSError, ImageRejected):
            logger.exception("Cannot make renditions of image %s", image.pk)
            return []
        found = image.renditions_of(crop, fmt)
    return found


def picture_context(image: Image, use: str) -> dict[str, Any] | None:
    """What templates/includes/picture.html needs, from the stored rendition list; None if
    the picture has no renditions and none can be made."""
    spec = USES[use]
    webp = _renditions(image, spec.crop, "webp")
    jpeg = _renditions(image, spec.crop, "jpeg")
    if not webp or not jpeg:
        return None
    storage = image.file.storage
    largest = jpeg[-1]
    # The fallback for browsers without srcset: a mid-sized JPEG, not the largest.
    fallback = jpeg[min(1, len(jpeg) - 1)]
    return {
        "alt": "" if spec.hide_alt else image.alt,
        "webp_srcset": _srcset(storage, webp),
        "jpeg_srcset": _srcset(storage, jpeg),
        "src": storage.url(fallback["name"]),
        "sizes": spec.sizes,
        # The ratio of what is drawn: the browser reserves the space before it loads.
        "width": largest["width"],
        "height": largest["height"],
        "lead": spec.lead,
    }


def social_image_url(image: Image) -> str:
    """The 1200x630 JPEG crop for Open Graph and JSON-LD (a storage URL, maybe relative),
    or "" if there is none."""
    renditions = _renditions(image, "social", "jpeg")
    return image.file.storage.url(renditions[-1]["name"]) if renditions else ""
