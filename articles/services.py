"""Domain operations on stories. Admin, views, commands, tasks and tests all call these."""
from __future__ import annotations

import logging
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from articles import images, pagecache, search
from articles.models import (
    Article,
    ArticleState,
    ArticleVersion,
    BodyImage,
    Image,
    PublicationEvent,
    Section,
    Show,
    ShowAlias,
    ShowFactChange,
    ShowSlugRedirect,
    ShowStatus,
    SlugRedirect,
    TrackerFact,
    VersionKind,
)
from articles.models.image import body_has_stray_image_tokens, body_image_ids

logger = logging.getLogger(__name__)

Action = PublicationEvent.Action

PUBLISH_PERMISSION = "articles.publish_article"
EDIT_ANY_PERMISSION = "articles.change_any_article"


class StaleVersionError(Exception):
    """Someone saved a newer version since the editor opened the form."""

    def __init__(self, latest: ArticleVersion) -> None:
        self.latest = latest
        who = display_name(latest.created_by) if latest.created_by else "someone"
        when = date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT")
        super().__init__(
            f"{who} saved version {latest.number} of this story at {when}, after you "
            f"started editing. Your changes have not been saved yet: they are still in the "
            f"form. Open the story in a new tab to see their version, copy over what you "
            f"need, and save again."
        )


@dataclass
class PublishReport:
    published: list[ArticleVersion] = field(default_factory=list)
    expired: list[Article] = field(default_factory=list)
    failed: list[tuple[ArticleVersion, str]] = field(default_factory=list)


def display_name(user: Any) -> str:
    """How a person is named on pages, in the admin and in logs."""
    return (user.get_full_name() or user.get_username()) if user else "the system"


def can_edit(article: Article, user: Any) -> bool:
    if user.has_perm(EDIT_ANY_PERMISSION):
        return True
    return user.has_perm("articles.change_article") and article.authors.filter(pk=user.pk).exists()


def _require(user: Any, permission: str) -> None:
    # `by=None` is the system itself: scheduled publishing and expiry.
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to do this ({permission}).")


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _log(article: Article, action: str, *, by: Any, version: ArticleVersion | None = None,
         detail: str = "", at: datetime | None = None) -> PublicationEvent:
    return PublicationEvent.objects.create(
        article=article, version=version, action=action, by=by, detail=detail,
        at=at or timezone.now(),
    )


def _pages_of(article: Article) -> set[str]:
    """The page-cache keys of every page that shows `article`: its own pages, and each
    list it is in (home, its sections, shows, topics and authors, the shows index)."""
    keys = {pagecache.story_key(article.pk), pagecache.STORIES}
    keys.update(pagecache.section_key(pk) for pk in article.sections.values_list("pk", flat=True))
    keys.update(pagecache.author_key(pk) for pk in article.authors.values_list("pk", flat=True))
    keys.update(pagecache.topic_key(topic.pk) for topic in article.topics.all())
    shows = [pagecache.show_key(show.pk) for show in article.shows.all()]
    if shows:
        keys.update([*shows, pagecache.SHOWS])  # the index counts each show's stories
    return keys


def _metadata(article: Article, tracker: dict[str, Any] | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "slug": article.slug,
        "sections": sorted(s.name for s in article.sections.all()),
        "authors": sorted(display_name(u) for u in article.authors.all()),
        # Tags are saved beside the article, not in it: copy them so history shows them.
        "shows": sorted(show.name for show in article.shows.all()),
        "topics": sorted(topic.name for topic in article.topics.all()),
        "expire_at": article.expire_at.isoformat() if article.expire_at else None,
    }
    if tracker:
        metadata["tracker"] = tracker
    return metadata


def _append_version(article: Article, *, by: Any, restored_from: ArticleVersion | None = None,
                    at: datetime | None = None, tracker: dict[str, Any] | None = None,
                    **content: Any) -> ArticleVersion:
    """Add the next-numbered version. The caller holds the article's row lock."""
    number = article.latest_version_number + 1
    if PASTED_PICTURE.search(content.get("body", "")):
        # The sanitizer would drop it without a word; say so while the writer can act.
        raise ValidationError({"body": "A picture was pasted into the body. Pictures come from "
                                       "the media library: upload it there and put [image N] "
                                       "in a paragraph of its own where it should appear."})
    _check_image_ready(content.get("lead_image"), "lead_image")
    version = ArticleVersion(
        article=article, number=number, created_by=by, restored_from=restored_from,
        metadata=_metadata(article, tracker), created_at=at or timezone.now(), **content,
    )
    version.full_clean(exclude=["article", "created_by", "restored_from", "lead_image"])
    version.save()
    # Checked on the cleaned body that save() derives; raising here rolls the version back.
    body_images = _check_body_images(version.body)
    BodyImage.objects.bulk_create(BodyImage(version=version, image=image) for image in body_images)
    article.latest_version_number = number
    article.latest_version = version
    article.save(update_fields=["latest_version_number", "latest_version"])
    return version


@transaction.atomic
def article_create(*, slug: str, sections: Iterable[Section], authors: Iterable[Any] = (),
                   by: Any, expire_at: datetime | None = None, at: datetime | None = None,
                   shows: Iterable[Show] = (), topics: Iterable[str] = (),
                   tracker: dict[str, Any] | None = None, **content: Any) -> ArticleVersion:
    """Create a draft story and its first version. Authors default to `by`.

    `at` backdates the save, for imports and demo content; it defaults to now. `tracker`
    is a tracker report for one of `shows` (see `tracker_report`).
    """
    _require(by, "articles.add_article")
    sections = _non_empty(sections, "sections", "Pick at least one section.")
    if SlugRedirect.objects.filter(old_slug=slug).exists():
        raise ValidationError({"slug": "This web address used to belong to another story."})
    article = Article(slug=slug, expire_at=expire_at, created_at=at or timezone.now())
    article.full_clean(exclude=["sections", "authors"])
    article.save()
    article.sections.set(sections)
    article.authors.set(list(authors) or [by])
    _set_tags(article, shows=shows, topics=topics)
    return _append_version(article, by=by, at=at, tracker=_tracker_for(article, tracker),
                           **content)


@transaction.atomic
def version_create(article: Article, *, by: Any, based_on: int | None,
                   slug: str | None = None, sections: Iterable[Section] | None = None,
                   authors: Iterable[Any] | None = None, expire_at: Any = ...,
                   shows: Iterable[Show] | None = None, topics: Iterable[str] | None = None,
                   tracker: dict[str, Any] | None = None,
                   restored_from: ArticleVersion | None = None, at: datetime | None = None,
                   **content: Any) -> ArticleVersion:
    """Save a new version of `article`, with any change to its slug, sections, authors,
    expiry, shows or topics, and optionally a tracker report (see `tracker_report`).

    `based_on` is the version number the editor started from; if someone saved since,
    StaleVersionError is raised and nothing is written. None skips that check.
    """
    article = _lock(article)
    shows = list(shows) if shows is not None else None
    topics = list(topics) if topics is not None else None
    if by is not None and not can_edit(article, by):
        raise PermissionDenied("You can only edit stories you are an author of.")
    if based_on is not None and article.latest_version_number != based_on:
        raise StaleVersionError(article.versions.select_related("created_by").get(
            number=article.latest_version_number))
    if article.first_published_at is not None and by is not None and not by.has_perm(PUBLISH_PERMISSION):
        _refuse_live_metadata_change(article, slug=slug, sections=sections, authors=authors,
                                     expire_at=expire_at, shows=shows, topics=topics)
    # Sections, authors, shows, topics, address and expiry show on the live story at once.
    pages_before = _pages_of(article) if article.is_live() else set()
    changed: list[str] = []
    if slug is not None and slug != article.slug:
        _change_slug(article, slug)
        changed.append("slug")
    if expire_at is not ... and expire_at != article.expire_at:
        article.expire_at = expire_at
        changed.append("expire_at")
    if changed:
        article.save(update_fields=changed)
    if sections is not None:
        article.sections.set(_non_empty(sections, "sections", "Pick at least one section."))
    if authors is not None:
        article.authors.set(_non_empty(authors, "authors", "A story needs at least one author."))
    tags_changed = _set_tags(article, shows=shows, topics=topics)
    version = _append_version(article, by=by, restored_from=restored_from, at=at,
                              tracker=_tracker_for(article, tracker), **content)
    if tags_changed and article.is_live():
        search.index_article(article)  # show names are searchable at once
    if pages_before:
        pages_after = _pages_of(article)
        if changed or pages_after != pages_before:
            pagecache.purge(*pages_before, *pages_after)
    return version


def _set_tags(article: Article, *, shows: Iterable[Show] | None,
              topics: Iterable[str] | None) -> bool:
    """Replace the story's shows and topics (None leaves them); True if either changed."""
    changed = False
    if shows is not None:
        shows = list(shows)
        if {s.pk for s in shows} != {s.pk for s in article.shows.all()}:
            article.shows.set(shows)
            changed = True
    if topics is not None:
        names = _topic_names(topics)
        if {n.lower() for n in names} != {t.name.lower() for t in article.topics.all()}:
            article.topics.set(names)
            changed = True
    if changed:
        # taggit caches what it prefetched; the snapshot below must see the new tags.
        getattr(article, "_prefetched_objects_cache", {}).pop("shows", None)
        getattr(article, "_prefetched_objects_cache", {}).pop("topics", None)
    return changed


def _topic_names(topics: Iterable[str]) -> list[str]:
    names: dict[str, str] = {}
    for raw in topics:
        name = " ".join(str(raw).split())
        if len(name) > 100:
            raise ValidationError({"topics": f"“{name[:30]}…” is too long for a topic "
                                             f"(100 characters at most)."})
        if name and not slugify(name, allow_unicode=True):
            raise ValidationError({"topics": f"“{name}” has no letters or digits to make a topic "
                                             f"address from. Use a word."})
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())


def _non_empty(items: Iterable[Any], field_name: str, message: str) -> list[Any]:
    items = list(items)
    if not items:
        raise ValidationError({field_name: message})
    return items


def _refuse_live_metadata_change(article: Article, *, slug: str | None,
                                 sections: Iterable[Section] | None,
                                 authors: Iterable[Any] | None, expire_at: Any,
                                 shows: Iterable[Show] | None,
                                 topics: Iterable[str] | None) -> None:
    """On a published story these change what readers see at once, so editors decide."""
    changes = []
    if slug is not None and slug != article.slug:
        changes.append("web address")
    if sections is not None and {s.pk for s in sections} != set(
            article.sections.values_list("pk", flat=True)):
        changes.append("sections")
    if authors is not None and {u.pk for u in authors} != set(
            article.authors.values_list("pk", flat=True)):
        changes.append("authors")
    if expire_at is not ... and expire_at != article.expire_at:
        changes.append("expiry")
    if shows is not None and {s.pk for s in shows} != {s.pk for s in article.shows.all()}:
        changes.append("shows")
    if topics is not None and {n.lower() for n in _topic_names(topics)} != {
            t.name.lower() for t in article.topics.all()}:
        changes.append("topics")
    if changes:
        raise PermissionDenied(
            f"Only editors can change the {', '.join(changes)} of a published story. Your "
            f"words can still be saved: leave those fields as they were."
        )


def _change_slug(article: Article, new_slug: str) -> None:
    if Article.objects.filter(slug=new_slug).exclude(pk=article.pk).exists():
        raise ValidationError({"slug": "Another story already uses this web address."})
    taken = SlugRedirect.objects.filter(old_slug=new_slug).exclude(article=article)
    if taken.exists():
        raise ValidationError({"slug": "This web address used to belong to another story."})
    SlugRedirect.objects.filter(old_slug=new_slug, article=article).delete()
    if article.first_published_at is not None:
        SlugRedirect.objects.update_or_create(old_slug=article.slug, defaults={"article": article})
    article.slug = new_slug


def _check_publishable(article: Article, version: ArticleVersion) -> None:
    if version.published_at is not None:
        raise ValidationError(
            f"Version {version.number} has already been published. To bring it back, "
            f"restore it as a new version."
        )
    if article.live_version and version.number < article.live_version.number:
        raise ValidationError(
            f"Version {version.number} is older than the live version "
            f"{article.live_version.number}. Restore it to publish it again."
        )
    if article.first_published_at is None:
        return
    # Keyed by field, so the admin form shows each message beside its input.
    missing: dict[str, str] = {}
    if version.kind == VersionKind.UPDATE:
        if not version.update_label.strip():
            missing["update_label"] = ("An update needs a label, e.g. “March Update”. For a "
                                       "silent fix, choose “Minor fix”.")
        if not version.public_note.strip():
            missing["public_note"] = ("An update needs a label and a public note. Say in one "
                                      "sentence what changed.")
    elif version.kind == VersionKind.CORRECTION and not version.public_note.strip():
        missing["public_note"] = "A correction needs a public note saying what was wrong."
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def article_publish(version: ArticleVersion, *, by: Any,
                    now: datetime | None = None) -> ArticleVersion:
    """Make `version` the live version of its story, numbering it in the public history."""
    _require(by, PUBLISH_PERMISSION)
    now = now or timezone.now()
    article = _lock(version.article)
    version = ArticleVersion.objects.get(pk=version.pk)
    _check_publishable(article, version)

    version.published_at = now
    if article.first_published_at is None:
        version.public_number = 1
        article.first_published_at = now
        article.last_updated_at = now
    elif version.kind in (VersionKind.UPDATE, VersionKind.CORRECTION):
        highest = article.versions.aggregate(n=Max("public_number"))["n"] or 0
        version.public_number = highest + 1
        article.last_updated_at = now
    version.save(update_fields=["published_at", "public_number"])
    # A pending schedule for an older version would now bring back older words.
    article.versions.filter(number__lt=version.number, published_at__isnull=True).exclude(
        go_live_at=None
    ).update(go_live_at=None)

    article.live_version = version
    article.state = ArticleState.PUBLISHED
    article.review_requested_at = None
    if article.expire_at and article.expire_at <= now:
        article.expire_at = None  # publishing now means "show it", not "show it and expire"
    article.save(update_fields=["live_version", "state", "first_published_at",
                                "last_updated_at", "review_requested_at", "expire_at"])
    _apply_tracker_report(version, by=by, at=now)
    search.index_article(article)
    pagecache.purge(*_pages_of(article))
    if version.public_number == 1:
        detail = "first publication"
    else:
        detail = version.update_label or version.get_kind_display().split(" (")[0]
    _log(article, Action.PUBLISHED, by=by, version=version, at=now,
         detail=f"Version {version.number}: {detail}")
    return version


@transaction.atomic
def version_schedule(version: ArticleVersion, *, go_live_at: datetime, by: Any,
                     now: datetime | None = None) -> ArticleVersion:
    """Set `version` to go live at `go_live_at`; the live version stays up until then."""
    _require(by, PUBLISH_PERMISSION)
    now = now or timezone.now()
    if go_live_at <= now:
        raise ValidationError("Pick a time in the future to schedule, or publish now.")
    article = _lock(version.article)
    version = ArticleVersion.objects.get(pk=version.pk)
    _check_publishable(article, version)
    article.versions.filter(published_at__isnull=True).exclude(pk=version.pk).exclude(
        go_live_at=None
    ).update(go_live_at=None)
    version.go_live_at = go_live_at
    version.save(update_fields=["go_live_at"])
    if article.state != ArticleState.PUBLISHED:
        article.state = ArticleState.SCHEDULED
        article.save(update_fields=["state"])
    when = date_format(timezone.localtime(go_live_at), "DATETIME_FORMAT")
    _log(article, Action.SCHEDULED, by=by, version=version,
         detail=f"Version {version.number} to go live at {when}")
    return version


@transaction.atomic
def version_unschedule(version: ArticleVersion, *, by: Any) -> None:
    _require(by, PUBLISH_PERMISSION)
    article = _lock(version.article)
    article.versions.filter(pk=version.pk, published_at__isnull=True).update(go_live_at=None)
    if article.state == ArticleState.SCHEDULED:
        article.state = (ArticleState.UNPUBLISHED if article.first_published_at
                         else ArticleState.DRAFT)
        article.save(update_fields=["state"])
    _log(article, Action.UNSCHEDULED, by=by, version=version,
         detail=f"Version {version.number} will not go live")


@transaction.atomic
def article_unpublish(article: Article, *, by: Any, action: str = Action.UNPUBLISHED,
                      now: datetime | None = None) -> Article:
    """Take a story down. Its versions and public history stay; pending schedules are dropped."""
    _require(by, PUBLISH_PERMISSION)
    article = _lock(article)
    if article.state == ArticleState.UNPUBLISHED:
        return article  # already down, e.g. two overlapping cron runs expiring it
    article.versions.filter(published_at__isnull=True).exclude(go_live_at=None).update(
        go_live_at=None
    )
    article.state = ArticleState.UNPUBLISHED
    article.save(update_fields=["state"])
    search.index_article(article)
    pagecache.purge(*_pages_of(article))
    _log(article, action, by=by, version=article.live_version, at=now)
    return article


@transaction.atomic
def article_republish(article: Article, *, by: Any) -> Article:
    """Put an unpublished story back up with the version that was live."""
    _require(by, PUBLISH_PERMISSION)
    article = _lock(article)
    if article.live_version is None:
        raise ValidationError("This story has never been published: publish a version instead.")
    article.state = ArticleState.PUBLISHED
    if article.expire_at and article.expire_at <= timezone.now():
        article.expire_at = None
    article.save(update_fields=["state", "expire_at"])
    search.index_article(article)
    pagecache.purge(*_pages_of(article))
    _log(article, Action.REPUBLISHED, by=by, version=article.live_version)
    return article


@transaction.atomic
def version_restore(version: ArticleVersion, *, by: Any) -> ArticleVersion:
    """Make a new version with the content of an old one. Nothing is overwritten."""
    article = version.article
    # The words come back; how the change is announced is decided when it is published.
    restored = version_create(
        article, by=by, based_on=None, restored_from=version,
        **{name: getattr(version, name) for name in WORDS_FIELDS},
        kind=VersionKind.UPDATE, update_label="", public_note="",
    )
    _log(article, Action.RESTORED, by=by, version=restored,
         detail=f"Version {restored.number} restores version {version.number}")
    return restored


@transaction.atomic
def article_submit_for_review(article: Article, *, by: Any) -> Article:
    article = _lock(article)
    if not can_edit(article, by):
        raise PermissionDenied("You can only submit stories you are an author of.")
    article.review_requested_at = timezone.now()
    article.save(update_fields=["review_requested_at"])
    _log(article, Action.SUBMITTED, by=by, version=article.latest_version)
    return article


def publish_due(now: datetime | None = None) -> PublishReport:
    """Publish every scheduled version whose time has come and expire stories past due.

    Safe to run concurrently and repeatedly: each version is published once.
    """
    now = now or timezone.now()
    report = PublishReport()
    due = ArticleVersion.objects.due_for_publishing(now).order_by("go_live_at", "number")
    for version in due.select_related("article"):
        try:
            published = article_publish(version, by=None, now=now)
        except ValidationError as error:
            if ArticleVersion.objects.filter(pk=version.pk, published_at__isnull=False).exists():
                continue  # another run got there first
            message = "; ".join(error.messages)
            logger.error("Scheduled version %s of %s not published: %s",
                         version.number, version.article.slug, message)
            report.failed.append((version, message))
            continue
        report.published.append(published)
    for article in Article.objects.due_for_expiry(now):
        report.expired.append(article_unpublish(article, by=None, action=Action.EXPIRED, now=now))
    return report


WORDS_FIELDS = ("headline", "standfirst", "body", "lead_image", "seo_title", "seo_description")
CONTENT_FIELDS = (*WORDS_FIELDS, "kind", "update_label", "public_note")


def section_create(*, name: str, slug: str, description: str = "", position: int = 0) -> Section:
    section = Section(name=name, slug=slug, description=description, position=position)
    section.full_clean()
    section.save()
    pagecache.purge(pagecache.NAV)
    return section


def section_save(section: Section) -> Section:
    """Save a new or changed section (the admin's form checked it). Every page's menu
    shows the sections, so every page is purged."""
    section.save()
    pagecache.purge(pagecache.NAV, pagecache.section_key(section.pk))
    return section


def section_delete(section: Section) -> None:
    pagecache.purge(pagecache.NAV, pagecache.section_key(section.pk))
    section.delete()


# --- images -----------------------------------------------------------------------------

IMAGE_FIELDS = ("title", "alt_text", "is_decorative", "caption", "credit", "focal_x", "focal_y")
# How long a page waits for another process to finish the renditions it needs, before
# making them itself (the other process may have died).
RENDITION_WAIT_SECONDS = 30


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
        _require(by, "articles.add_image")
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
    transaction.on_commit(lambda: _render_later(image.pk))
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
        transaction.on_commit(lambda: _delete_files(storage, stale))
        transaction.on_commit(lambda: _render_later(image.pk))
    image.save(update_fields=fields)
    pagecache.purge(pagecache.image_key(image.pk))
    return image


@transaction.atomic
def image_delete(image: Image, *, by: Any) -> None:
    """Delete a picture nothing uses, with its file and renditions."""
    _require(by, "articles.delete_image")
    usage = image_usage(image)
    if usage:
        raise ImageInUse(image, usage)
    storage = image.file.storage
    names = [image.file.name, *(rendition["name"] for rendition in image.renditions.values())]
    pagecache.purge(pagecache.image_key(image.pk))
    image.delete()
    transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage: Any, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s from storage", name, exc_info=True)


def _render_later(image_id: int) -> None:
    from articles.tasks import make_renditions

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
            transaction.on_commit(lambda: _delete_files(storage, [r["name"] for r in made.values()]))
            image.renditions = locked.renditions
            return
        locked.renditions = {**locked.renditions, **made}
        locked.save(update_fields=["renditions"])
    image.renditions = locked.renditions


PASTED_PICTURE = re.compile(r"<img\b", re.IGNORECASE)


def _check_image_ready(image: Image | None, field: str) -> None:
    if image is not None and not image.is_described():
        raise ValidationError({field: f"“{image.title}” has no alt text yet. Describe it in the "
                                      f"media library (or mark it decorative), then pick it again."})


def _check_body_images(body: str) -> list[Image]:
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
        _check_image_ready(found[pk], "body")
    return [found[pk] for pk in ids]


# --- shows ------------------------------------------------------------------------------

SHOW_FIELDS = ("name", "slug", "platform", "country", "genre", "synopsis", "poster",
               "official_url", "status", "season", "release_date", "release_window",
               "last_confirmed")
# What a story version may report about its show, applied when the version goes live.
TRACKER_FIELDS = ("status", "season", "release_date", "release_window", "platform")


def show_slug_for(name: str) -> str:
    """The address a show called `name` gets (letters of any script are kept)."""
    return slugify(name, allow_unicode=True)[:100]


def tracker_report(show: Show, **facts: Any) -> dict[str, Any]:
    """A tracker report for `version_create(tracker=...)`: the facts a story now states.

    Only the facts given are reported; `release_window` needs `release_date`, its
    earliest day. Nothing changes on the show until the version is published.
    """
    unknown = set(facts) - set(TRACKER_FIELDS)
    if unknown:
        raise TypeError(f"Not tracker facts: {sorted(unknown)}")
    facts = {name: value for name, value in facts.items() if value not in (None, "")}
    if not facts:
        raise ValidationError({"tracker_status": "Say what the story reports about the show: "
                                                 "a status, season, release or platform."})
    if facts.get("status") and facts["status"] not in ShowStatus.values:
        raise ValidationError({"tracker_status": "Pick one of the listed statuses."})
    if facts.get("release_window") and not facts.get("release_date"):
        raise ValidationError({"tracker_release_date": "Give the earliest date of the window "
                                                       "too; lists are sorted by it."})
    if "release_date" in facts:
        facts["release_date"] = facts["release_date"].isoformat()
    return {"show_id": show.pk, "show": show.name, **facts}


def _tracker_for(article: Article, tracker: dict[str, Any] | None) -> dict[str, Any] | None:
    if tracker and tracker["show_id"] not in {show.pk for show in article.shows.all()}:
        raise ValidationError({"tracker_show": "Pick one of this story's shows, or add the show "
                                               "to the story first."})
    return tracker


def _apply_tracker_report(version: ArticleVersion, *, by: Any, at: datetime) -> None:
    report = version.metadata.get("tracker")
    if not report:
        return
    show = Show.objects.filter(pk=report["show_id"]).first()
    if show is None:
        logger.warning("Version %s reports on show %r, which no longer exists", version.pk,
                       report.get("show"))
        return
    facts = {name: report[name] for name in TRACKER_FIELDS if name in report}
    if "release_date" in facts:
        facts["release_date"] = date.fromisoformat(facts["release_date"])
        facts.setdefault("release_window", "")  # a date reported alone is exact
    _change_show(show, by=by, version=version, at=at,
                 last_confirmed=timezone.localdate(at), **facts)


def _change_show(show: Show, *, by: Any, version: ArticleVersion | None = None,
                 at: datetime | None = None, **changes: Any) -> list[ShowFactChange]:
    """Apply `changes`, recording each tracker fact that changed; rename keeps a redirect."""
    show = Show.objects.select_for_update().get(pk=show.pk)
    at = at or timezone.now()
    before = {fact: show.fact_display(fact) for fact in TrackerFact.values}
    old_slug, old_name = show.slug, show.name
    for name, value in changes.items():
        setattr(show, name, value.strip() if isinstance(value, str) else value)
    if show.name != old_name and changes.get("slug") in (None, "", old_slug):
        show.slug = show_slug_for(show.name) or old_slug
    show.full_clean()
    check_show_name_free(show.name, show)
    show.save()
    if show.slug != old_slug:
        ShowSlugRedirect.objects.filter(old_slug=show.slug).delete()
        ShowSlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"show": show})
    recorded = ShowFactChange.objects.bulk_create(
        ShowFactChange(show=show, fact=fact, before=before[fact], after=show.fact_display(fact),
                       version=version, by=by, at=at)
        for fact in TrackerFact.values
        if show.fact_display(fact) != before[fact]
    )
    if show.name != old_name:
        show_reindex(show)
    pagecache.purge(pagecache.show_key(show.pk), pagecache.SHOWS)
    return recorded


# Alphabets with letters that look alike ("Т" and "T", "а" and "a", "Ο" and "O").
_LOOKALIKE_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK")


def refuse_lookalike_name(name: str) -> None:
    """Refuse a name with a word spelled in letters of more than one of those alphabets: in
    part Cyrillic, "Тhе Ѕаlt Linе" looks exactly like "The Salt Line"."""
    for word in name.split():
        alphabets = {unicodedata.name(letter, "").split(" ")[0] for letter in word
                     if letter.isalpha()}
        mixed = sorted(alphabets.intersection(_LOOKALIKE_ALPHABETS))
        if len(mixed) > 1:
            raise ValidationError({"name": (
                f"“{word}” mixes {' and '.join(alphabet.title() for alphabet in mixed)} "
                f"letters, so it can look like another name. Type each word in one alphabet.")})


def check_show_name_free(name: str, show: Show | None = None) -> None:
    """Refuse a show name that is already another show's alias, or could pass for another."""
    refuse_lookalike_name(name)
    aliases = ShowAlias.objects.filter(name__iexact=name.strip())
    if show is not None:
        aliases = aliases.exclude(show=show)
    alias = aliases.select_related("show").first()
    if alias is not None:
        raise ValidationError({"name": f"“{alias.name}” is an alias of {alias.show.name}. "
                                       f"Use that show, or remove the alias first."})


def show_reindex(show: Show) -> None:
    """Refresh the search entries of the show's live stories (its names are in them)."""
    for article in Article.objects.published().about_show(show).select_related("live_version"):
        search.index_article(article)


@transaction.atomic
def show_create(*, name: str, by: Any, slug: str = "", **fields: Any) -> Show:
    """Add a show. Its address is made from the name unless `slug` is given."""
    _require(by, "articles.add_show")
    _check_image_ready(fields.get("poster"), "poster")
    show = Show(name=name.strip(), slug=slug or show_slug_for(name), **fields)
    show.full_clean()
    check_show_name_free(show.name)
    # A new show may take an address an old one gave up; it is the new show's now.
    ShowSlugRedirect.objects.filter(old_slug=show.slug).delete()
    show.save()
    pagecache.purge(pagecache.SHOWS)
    return show


@transaction.atomic
def show_update(show: Show, *, by: Any, **changes: Any) -> list[ShowFactChange]:
    """Change a show's details or facts as an editor. Returns the tracker changes recorded.

    Renaming moves the show to an address made from the new name (unless `slug` is given)
    and keeps the old address answering with a redirect.
    """
    _require(by, "articles.change_show")
    unknown = set(changes) - set(SHOW_FIELDS)
    if unknown:
        raise TypeError(f"Not show fields: {sorted(unknown)}")
    if changes.get("poster") is not None and changes["poster"].pk != show.poster_id:
        _check_image_ready(changes["poster"], "poster")
    return _change_show(show, by=by, **changes)


@transaction.atomic
def show_alias_add(show: Show, *, name: str, by: Any) -> ShowAlias:
    _require(by, "articles.change_show")
    name = " ".join(name.split())
    refuse_lookalike_name(name)
    if Show.objects.filter(name__iexact=name).exclude(pk=show.pk).exists():
        raise ValidationError({"name": f"“{name}” is the name of another show."})
    alias = ShowAlias(show=show, name=name)
    alias.full_clean()
    alias.save()
    show_reindex(show)
    pagecache.purge(pagecache.show_key(show.pk), pagecache.SHOWS)
    return alias


@transaction.atomic
def show_merge(source: Show, *, into: Show, by: Any) -> Show:
    """Fold `source` into `into`: its stories, aliases and history move, its name becomes an
    alias and its address redirects. `source` is then deleted."""
    _require(by, "articles.delete_show")
    _require(by, "articles.change_show")
    if source.pk == into.pk:
        raise ValidationError("A show cannot be merged into itself.")
    source = Show.objects.select_for_update().get(pk=source.pk)
    into = Show.objects.select_for_update().get(pk=into.pk)
    moved = list(Article.objects.about_show(source))
    for article in moved:
        article.shows.add(into)
    ShowAlias.objects.filter(show=source).update(show=into)
    if not ShowAlias.objects.filter(name__iexact=source.name).exists():
        ShowAlias.objects.create(show=into, name=source.name)
    ShowFactChange.objects.filter(show=source).update(show=into)
    ShowSlugRedirect.objects.filter(show=source).update(show=into)
    ShowSlugRedirect.objects.update_or_create(old_slug=source.slug, defaults={"show": into})
    pagecache.purge(pagecache.show_key(source.pk), pagecache.show_key(into.pk), pagecache.SHOWS)
    source.delete()
    for article in moved:
        if article.is_live():
            search.index_article(article)
    return into
