"""Renditions: the resized copies of a picture that pages serve, made once by the task
worker after an upload (or on the spot by a page that needs one first)."""
from __future__ import annotations

import logging
import time
from typing import Any, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from articles import images
from articles.models import Image

logger = logging.getLogger(__name__)


# How long a page waits for another process to finish the renditions it needs, before
# making them itself (the other process may have died).
RENDITION_WAIT_SECONDS = 30


def renditions_make_later(image_id: int) -> None:
    """Have the task worker make every rendition of picture `image_id`."""
    try:
        make_renditions.enqueue(image_id)
    except Exception:
        # A page that needs a rendition makes it on the spot; nothing is lost.
        logger.exception("Could not queue renditions of image %s", image_id)


def image_renditions_ensure(image: Image, crops: Iterable[str] | None = None) -> Image:
    """Make whatever renditions of `crops` (default: all) the image lacks, once.

    One process makes them while any other asking at the same time waits and then reads
    them (a cache lock: shared by every app server when the cache is Redis). The image
    passed in is refreshed with the result.
    """
    wanted = [images.CROPS[name] for name in (crops or images.CROPS)]
    sizes = images.plan(image.width, image.height, wanted)
    if not _missing(image, sizes):
        return image
    lock = f"image-renditions:{image.pk}"
    deadline = time.monotonic() + RENDITION_WAIT_SECONDS
    while not cache.add(lock, "1", timeout=RENDITION_WAIT_SECONDS):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
        image.renditions = Image.objects.values_list("renditions", flat=True).get(pk=image.pk)
        if not _missing(image, sizes):
            return image
    try:
        image.renditions = Image.objects.values_list("renditions", flat=True).get(pk=image.pk)
        missing = _missing(image, sizes)
        if missing:
            _render(image, missing)
    finally:
        cache.delete(lock)
    return image


def _missing(image: Image, sizes: list[images.Size]) -> list[images.Size]:
    return [size for size in sizes
            if any(f"{size.key}.{fmt}" not in image.renditions for fmt in RENDITION_FORMATS)]


RENDITION_FORMATS = ("webp", "jpeg")


_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}


def _render(image: Image, sizes: list[images.Size]) -> None:
    storage = image.file.storage
    focal = f"{round(image.focal_x * 100)}x{round(image.focal_y * 100)}"
    made: dict[str, dict[str, Any]] = {}
    with image.file.open("rb") as source:
        for rendered in images.render(source, sizes, focal_point=image.focal_point,
                                      webp_quality=settings.IMAGES_WEBP_QUALITY,
                                      jpeg_quality=settings.IMAGES_JPEG_QUALITY):
            size = rendered.size
            name = storage.save(
                f"renditions/{image.pk}/{size.key}-{focal}.{_EXTENSIONS[rendered.format]}",
                ContentFile(rendered.data))
            made[f"{size.key}.{rendered.format}"] = {
                "name": name, "width": size.width, "height": size.height}
    with transaction.atomic():
        locked = Image.objects.select_for_update().get(pk=image.pk)
        if locked.focal_point != image.focal_point:
            # The focal point moved while we worked: these crops are already stale.
            transaction.on_commit(lambda: delete_files(storage, [r["name"] for r in made.values()]))
            image.renditions = locked.renditions
            return
        locked.renditions = {**locked.renditions, **made}
        locked.save(update_fields=["renditions"])
    image.renditions = locked.renditions


def delete_files(storage: Any, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s from storage", name, exc_info=True)


@task()
def make_renditions(image_id: int) -> int:
    """Make every rendition of a newly uploaded (or re-focused) picture. Returns how many
    the picture has; a picture deleted meanwhile has none."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image_renditions_ensure(image).renditions)
