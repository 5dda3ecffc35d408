"""The picture library: uploads (checked through the Pillow seam, `articles.images`), their
words, where they are used, and deletion. Renditions are made in `renditions`."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles import images, pagecache
from articles.models import Article, Image, Show
from articles.models.image import body_has_stray_image_tokens, body_image_ids
from articles.services.permissions import require_permission
from articles.services.renditions import delete_files, renditions_make_later


IMAGE_FIELDS = ("title", "alt_text", "is_decorative", "caption", "credit", "focal_x", "focal_y")


class ImageInUse(Exception):
    """The image is shown somewhere; `usage` says where."""

    def __init__(self, image: Image, usage: ImageUsage) -> None:
        self.usage = usage
        super().__init__(f"“{image.title}” is used by {usage.describe()}. Replace it there "
                         f"first; old versions keep it for their history, so an image used "
                         f"by a story can never be deleted.")


@dataclass
class ImageUsage:
    stories: list[Article]
    shows: list[Show]

    def __bool__(self) -> bool:
        return bool(self.stories or self.shows)

    def describe(self) -> str:
        parts = [f"the story “{article.headline}”" for article in self.stories]
        parts += [f"the show {show.name}" for show in self.shows]
        return ", ".join(parts) or "nothing"


def image_usage(image: Image) -> ImageUsage:
    """Where the image appears: stories (any version, lead or body) and show posters."""
    stories = (Article.objects.filter(Q(versions__lead_image=image)
                                      | Q(versions__body_image_links__image=image))
               .distinct().select_related("latest_version", "live_version")
               .order_by("-created_at"))
    return ImageUsage(stories=list(stories), shows=list(image.poster_of.order_by("name")))


def _inspect(file: Any) -> images.SourceInfo:
    try:
        return images.inspect_upload(
            file, max_bytes=settings.IMAGES_MAX_UPLOAD_MB * 1024 * 1024,
            max_pixels=settings.IMAGES_MAX_MEGAPIXELS * 1_000_000)
    except images.ImageRejected as error:
        raise ValidationError({"file": str(error)}) from None


def _upload_name(original: str, extension: str) -> str:
    """A tidy file name with the extension of what the file really is."""
    stem = slugify(os.path.splitext(os.path.basename(original or ""))[0])[:80]
    return f"{stem or 'image'}.{extension}"


@transaction.atomic
def image_create(*, title: str, file: Any, alt_text: str = "", is_decorative: bool = False,
                 caption: str = "", credit: str = "", focal_x: float = 0.5,
                 focal_y: float = 0.5, by: Any = None, describe_later: bool = False) -> Image:
    """Add a picture to the library after checking it with Pillow; renditions follow in a task.

    A picture needs alt text (or to be marked decorative) before a story or show can use
    it; `describe_later` lets a bulk upload store it first and ask for that next.
    """
    if by is not None:
        require_permission(by, "articles.add_image")
    info = _inspect(file)
    file.name = _upload_name(getattr(file, "name", ""), info.extension)
    image = Image(title=title.strip() or os.path.splitext(file.name)[0], file=file,
                  alt_text=alt_text.strip(), is_decorative=is_decorative, caption=caption.strip(),
                  credit=credit.strip(), focal_x=focal_x, focal_y=focal_y, uploaded_by=by,
                  width=info.width, height=info.height, format=info.format,
                  file_size=file.size)
    if describe_later:
        image.clean_fields()
    else:
        image.full_clean()
    image.save()
    transaction.on_commit(lambda: renditions_make_later(image.pk))
    return image


def can_edit_image(image: Image, user: Any) -> bool:
    """Editors edit any picture; a writer edits their own until a story or show uses it,
    since a change to a picture in use changes live pages behind their versions' backs."""
    if user.has_perm("articles.change_image"):
        return True
    return (user.has_perm("articles.add_image") and image.uploaded_by_id == user.pk
            and not image_usage(image))


@transaction.atomic
def image_update(image: Image, *, by: Any, **changes: Any) -> Image:
    """Change a picture's words or focal point. Moving the focal point remakes its crops."""
    unknown = set(changes) - set(IMAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not image fields: {sorted(unknown)}")
    image = Image.objects.select_for_update().get(pk=image.pk)
    if by is not None and not can_edit_image(image, by):
        raise PermissionDenied("Only editors can change a picture that a story or show uses.")
    old_focal_point = image.focal_point
    for name, value in changes.items():
        setattr(image, name, value.strip() if isinstance(value, str) else value)
    image.full_clean()
    fields = list(changes)
    if image.focal_point != old_focal_point:
        stale = [rendition["name"] for rendition in image.renditions.values()]
        image.renditions = {}
        fields.append("renditions")
        storage = image.file.storage
        transaction.on_commit(lambda: delete_files(storage, stale))
        transaction.on_commit(lambda: renditions_make_later(image.pk))
    image.save(update_fields=fields)
    pagecache.purge(pagecache.image_key(image.pk))
    return image


@transaction.atomic
def image_delete(image: Image, *, by: Any) -> None:
    """Delete a picture nothing uses, with its file and renditions."""
    require_permission(by, "articles.delete_image")
    usage = image_usage(image)
    if usage:
        raise ImageInUse(image, usage)
    storage = image.file.storage
    names = [image.file.name, *(rendition["name"] for rendition in image.renditions.values())]
    pagecache.purge(pagecache.image_key(image.pk))
    image.delete()
    transaction.on_commit(lambda: delete_files(storage, names))


PASTED_PICTURE = re.compile(r"<img\b", re.IGNORECASE)


def check_image_ready(image: Image | None, field: str) -> None:
    if image is not None and not image.is_described():
        raise ValidationError({field: f"“{image.title}” has no alt text yet. Describe it in the "
                                      f"media library (or mark it decorative), then pick it again."})


def check_body_images(body: str) -> list[Image]:
    if body_has_stray_image_tokens(body):
        raise ValidationError({"body": "Put each [image …] in a paragraph of its own: inside "
                                       "other text it cannot become a picture."})
    ids = body_image_ids(body)
    found = Image.objects.in_bulk(ids)
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"body": f"The body places image {', '.join(missing)}, which "
                                       f"{'is' if len(missing) == 1 else 'are'} not in the media "
                                       f"library. Check the number in [image …]."})
    for pk in ids:
        check_image_ready(found[pk], "body")
    return [found[pk] for pk in ids]
