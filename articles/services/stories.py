"""Writing stories: creating one, and every save as a new immutable version (with its
shows, topics, sections and tracker report). Publishing lives in `publishing`."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from articles import pagecache, search
from articles.models import (
    Article,
    ArticleVersion,
    BodyImage,
    Section,
    Show,
    SlugRedirect,
)
from articles.pagecache import keys
from articles.people import display_name
from articles.services.images import PASTED_PICTURE, check_body_images, check_image_ready
from articles.services.permissions import PUBLISH_PERMISSION, can_edit, require_permission
from articles.services.shows import tracker_for


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


def article_lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


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
    check_image_ready(content.get("lead_image"), "lead_image")
    version = ArticleVersion(
        article=article, number=number, created_by=by, restored_from=restored_from,
        metadata=_metadata(article, tracker), created_at=at or timezone.now(), **content,
    )
    version.full_clean(exclude=["article", "created_by", "restored_from", "lead_image"])
    version.save()
    # Checked on the cleaned body that save() derives; raising here rolls the version back.
    body_images = check_body_images(version.body)
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
    require_permission(by, "articles.add_article")
    sections = _non_empty(sections, "sections", "Pick at least one section.")
    if SlugRedirect.objects.filter(old_slug=slug).exists():
        raise ValidationError({"slug": "This web address used to belong to another story."})
    article = Article(slug=slug, expire_at=expire_at, created_at=at or timezone.now())
    article.full_clean(exclude=["sections", "authors"])
    article.save()
    article.sections.set(sections)
    article.authors.set(list(authors) or [by])
    _set_tags(article, shows=shows, topics=topics)
    return _append_version(article, by=by, at=at, tracker=tracker_for(article, tracker),
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
    article = article_lock(article)
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
    pages_before = keys.pages_showing(article) if article.is_live() else set()
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
                              tracker=tracker_for(article, tracker), **content)
    if tags_changed and article.is_live():
        search.index_article(article)  # show names are searchable at once
    if pages_before:
        pages_after = keys.pages_showing(article)
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


WORDS_FIELDS = ("headline", "standfirst", "body", "lead_image", "seo_title", "seo_description")


CONTENT_FIELDS = (*WORDS_FIELDS, "kind", "update_label", "public_note")
