from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the section's web address.")
    description = models.TextField(blank=True, help_text="One or two sentences shown on the section page.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the site menu; lower comes first.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class ArticleState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime | None = None) -> ArticleQuerySet:
        """Stories readers may see at `now`: published, with a live version, not expired."""
        now = now or timezone.now()
        return self.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now),
            state=ArticleState.PUBLISHED,
            live_version__isnull=False,
        )

    def due_for_expiry(self, now: datetime) -> ArticleQuerySet:
        return self.filter(state=ArticleState.PUBLISHED, expire_at__lte=now)

    def in_section(self, section: Section) -> ArticleQuerySet:
        return self.filter(sections=section)

    def by_author(self, user: Any) -> ArticleQuerySet:
        return self.filter(authors=user)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-last_updated_at", "-pk")

    def for_listing(self) -> ArticleQuerySet:
        """What a story teaser needs: its live version, lead image, sections and authors."""
        return self.select_related("live_version__lead_image").prefetch_related(
            "sections", "authors"
        )

    def for_detail(self) -> ArticleQuerySet:
        return self.for_listing()

    def for_admin_list(self) -> ArticleQuerySet:
        return (
            self.select_related("latest_version__created_by", "live_version")
            .defer("latest_version__body", "live_version__body")
            .prefetch_related("sections", "authors")
        )


class Article(models.Model):
    """A story. Its words live in append-only versions; the article holds what is stable."""

    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The story's web address. Changing it on a published story keeps the old "
        "address working: readers are sent to the new one.",
    )
    sections = models.ManyToManyField(Section, related_name="articles")
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="articles")
    state = models.CharField(
        max_length=12, choices=ArticleState.choices, default=ArticleState.DRAFT, editable=False
    )
    live_version = models.ForeignKey(
        "articles.ArticleVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version readers see.",
    )
    latest_version = models.ForeignKey(
        "articles.ArticleVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A counter rather than MAX(number): it is what a save locks and checks, so numbers
    # stay gap-free and a stale edit is detected in the same step.
    latest_version_number = models.PositiveIntegerField(default=0, editable=False)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The public “Updated” date: moved only by updates and corrections.",
    )
    expire_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Optional. When this time passes the story is taken down automatically.",
    )
    review_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-last_updated_at", "-pk"]
        verbose_name = "story"
        verbose_name_plural = "stories"
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish stories"),
            ("change_any_article", "Can edit stories by any author"),
        ]
        indexes = [models.Index(fields=["state", "-last_updated_at"], name="article_state_updated")]

    def __str__(self) -> str:
        return self.headline or self.slug

    @property
    def headline(self) -> str:
        version = self.live_version or self.latest_version
        return version.headline if version else ""

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def is_live(self, now: datetime | None = None) -> bool:
        """Mirrors ArticleQuerySet.published()."""
        now = now or timezone.now()
        return (
            self.state == ArticleState.PUBLISHED
            and self.live_version_id is not None
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def was_updated(self) -> bool:
        return bool(
            self.first_published_at
            and self.last_updated_at
            and self.last_updated_at > self.first_published_at
        )


class SlugRedirect(models.Model):
    """An address a published story used to have; it answers with a 301 to the current one."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class PublicationEvent(models.Model):
    """The editors' log: every publish, unpublish, schedule, restore and expiry."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNSCHEDULED = "unscheduled", "Schedule cancelled"
        UNPUBLISHED = "unpublished", "Unpublished"
        REPUBLISHED = "republished", "Republished"
        RESTORED = "restored", "Restored an old version"
        EXPIRED = "expired", "Expired"
        SUBMITTED = "submitted", "Submitted for review"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(
        "articles.ArticleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system did it (scheduled publishing, expiry).",
    )
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "publishing log entry"
        verbose_name_plural = "publishing log"

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article}"
