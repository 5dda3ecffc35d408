from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.sanitize import clean_story_html


class VersionKind(models.TextChoices):
    UPDATE = "update", "Update (label and public note; moves the “Updated” date)"
    CORRECTION = "correction", "Correction (public note shown as a correction notice)"
    MINOR = "minor", "Minor fix (silent: not listed, date unchanged)"


class ImmutableVersionError(Exception):
    """Raised on any attempt to change or delete the content of a saved version."""


class VersionQuerySet(models.QuerySet["ArticleVersion"]):
    def public(self) -> VersionQuerySet:
        """Versions readers can look back at: the first publication, updates, corrections."""
        return self.filter(public_number__isnull=False)

    def due_for_publishing(self, now: Any) -> VersionQuerySet:
        return self.filter(go_live_at__lte=now, published_at__isnull=True)

    def for_history(self) -> VersionQuerySet:
        return self.select_related("created_by", "lead_image", "restored_from")

    def delete(self) -> Any:
        raise ImmutableVersionError("Story versions are never deleted.")

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - ArticleVersion.LIFECYCLE_FIELDS:
            raise ImmutableVersionError("A saved version's content never changes.")
        return super().update(**kwargs)


class ArticleVersion(models.Model):
    """One saved state of a story. Append-only: content fields never change once saved."""

    # Publishing may record these on an existing row; nothing else may change.
    LIFECYCLE_FIELDS = frozenset({"go_live_at", "published_at", "public_number"})

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text="1, 2, 3… per story, in the order saved.")
    headline = models.CharField(max_length=300)
    standfirst = models.TextField(
        max_length=600, help_text="The short summary under the headline; also the search snippet."
    )
    body = models.TextField(blank=True)
    lead_image = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="lead_of"
    )
    seo_title = models.CharField(
        max_length=70, blank=True, help_text="Optional title for search engines; the headline if empty."
    )
    seo_description = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional description for search engines; the standfirst if empty.",
    )
    kind = models.CharField(max_length=12, choices=VersionKind.choices, default=VersionKind.UPDATE)
    update_label = models.CharField(
        max_length=80, blank=True, help_text="Shown to readers, e.g. “March Update”."
    )
    public_note = models.TextField(
        max_length=1000, blank=True, help_text="What changed, in a sentence readers will see."
    )
    # Slug, sections and authors as they were at this save, so history and diffs show them.
    metadata = models.JSONField(default=dict, editable=False)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    go_live_at = models.DateTimeField(null=True, blank=True, help_text="When scheduled to go live.")
    published_at = models.DateTimeField(null=True, blank=True)
    public_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="Its number in the public update history."
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["article", "public_number"],
                condition=models.Q(public_number__isnull=False),
                name="version_unique_public_number",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_positive"),
        ]
        indexes = [
            models.Index(fields=["go_live_at"], name="version_go_live_at",
                         condition=models.Q(published_at__isnull=True, go_live_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.headline} (version {self.number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - self.LIFECYCLE_FIELDS:
                raise ImmutableVersionError(
                    "A saved version's content never changes: save a new version instead."
                )
        else:
            self.body = clean_story_html(self.body)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableVersionError("Story versions are never deleted.")

    @property
    def display_title(self) -> str:
        return self.seo_title or self.headline

    @property
    def display_description(self) -> str:
        return self.seo_description or self.standfirst

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_scheduled(self) -> bool:
        return self.go_live_at is not None and self.published_at is None

    def get_public_url(self) -> str:
        return reverse(
            "articles:version",
            kwargs={"slug": self.article.slug, "number": self.public_number},
        )

    def get_changes_url(self) -> str:
        return reverse(
            "articles:changes",
            kwargs={"slug": self.article.slug, "number": self.public_number},
        )
