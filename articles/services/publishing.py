"""Publishing: a version goes live (now or at its scheduled time), a story is taken down,
put back, restored or sent for review; every step is written in the publishing log, and
each purges the pages that show the story (`articles.pagecache.keys.pages_showing`)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from articles import pagecache, search
from articles.models import (
    Article,
    ArticleState,
    ArticleVersion,
    PublicationEvent,
    VersionKind,
)
from articles.pagecache import keys
from articles.services.permissions import PUBLISH_PERMISSION, can_edit, require_permission
from articles.services.shows import tracker_report_apply
from articles.services.stories import WORDS_FIELDS, article_lock, version_create

logger = logging.getLogger(__name__)


Action = PublicationEvent.Action


@dataclass
class PublishReport:
    published: list[ArticleVersion] = field(default_factory=list)
    expired: list[Article] = field(default_factory=list)
    failed: list[tuple[ArticleVersion, str]] = field(default_factory=list)


def _log(article: Article, action: str, *, by: Any, version: ArticleVersion | None = None,
         detail: str = "", at: datetime | None = None) -> PublicationEvent:
    return PublicationEvent.objects.create(
        article=article, version=version, action=action, by=by, detail=detail,
        at=at or timezone.now(),
    )


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
    require_permission(by, PUBLISH_PERMISSION)
    now = now or timezone.now()
    article = article_lock(version.article)
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
    tracker_report_apply(version, by=by, at=now)
    search.index_article(article)
    pagecache.purge(*keys.pages_showing(article))
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
    require_permission(by, PUBLISH_PERMISSION)
    now = now or timezone.now()
    if go_live_at <= now:
        raise ValidationError("Pick a time in the future to schedule, or publish now.")
    article = article_lock(version.article)
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
    require_permission(by, PUBLISH_PERMISSION)
    article = article_lock(version.article)
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
    require_permission(by, PUBLISH_PERMISSION)
    article = article_lock(article)
    if article.state == ArticleState.UNPUBLISHED:
        return article  # already down, e.g. two overlapping cron runs expiring it
    article.versions.filter(published_at__isnull=True).exclude(go_live_at=None).update(
        go_live_at=None
    )
    article.state = ArticleState.UNPUBLISHED
    article.save(update_fields=["state"])
    search.index_article(article)
    pagecache.purge(*keys.pages_showing(article))
    _log(article, action, by=by, version=article.live_version, at=now)
    return article


@transaction.atomic
def article_republish(article: Article, *, by: Any) -> Article:
    """Put an unpublished story back up with the version that was live."""
    require_permission(by, PUBLISH_PERMISSION)
    article = article_lock(article)
    if article.live_version is None:
        raise ValidationError("This story has never been published: publish a version instead.")
    article.state = ArticleState.PUBLISHED
    if article.expire_at and article.expire_at <= timezone.now():
        article.expire_at = None
    article.save(update_fields=["state", "expire_at"])
    search.index_article(article)
    pagecache.purge(*keys.pages_showing(article))
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
    article = article_lock(article)
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


@task()
def publish_scheduled() -> dict[str, int]:
    """The task form of `manage.py publish_scheduled`, for a worker or a periodic enqueue."""
    report = publish_due()
    return {"published": len(report.published), "expired": len(report.expired),
            "failed": len(report.failed)}
