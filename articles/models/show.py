"""Shows (a django-taggit tag model), their tracker facts over time, and free topic tags."""
from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import ItemBase, NaturalKeyManager, TagBase, TaggedItemBase


class ShowStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    RENEWED = "renewed", "Renewed"
    IN_PRODUCTION = "in_production", "In production"
    FILMING = "filming", "Filming"
    POST_PRODUCTION = "post_production", "Post-production"
    RELEASE_DATE_SET = "release_date_set", "Release date set"
    RELEASED = "released", "Released"
    CANCELLED = "cancelled", "Cancelled"
    ENDED = "ended", "Ended"


class TrackerFact(models.TextChoices):
    """The facts whose changes a show's history records."""

    STATUS = "status", "Status"
    SEASON = "season", "Season"
    RELEASE = "release", "Expected release"
    PLATFORM = "platform", "Watch on"


class ShowQuerySet(models.QuerySet["Show"]):
    def named(self, name: str) -> ShowQuerySet:
        """Shows called `name` or known by it as an alias, ignoring case."""
        name = name.strip()
        return self.filter(
            models.Q(name__iexact=name) | models.Q(aliases__name__iexact=name)
        ).distinct()

    def with_story_counts(self) -> ShowQuerySet:
        """Annotate `story_count`: the stories about each show that readers can see now."""
        # The story model by the links' foreign key: it is defined beside these links'
        # users, and this module is imported by it.
        story_model: Any = TaggedShow._meta.get_field("content_object").related_model
        live = story_model.objects.published().filter(show_links__tag=models.OuterRef("pk"))
        return self.annotate(
            story_count=models.Subquery(
                live.order_by().values("show_links__tag").annotate(n=models.Count("pk")).values("n"),
                output_field=models.IntegerField(),
            )
        )

    def for_hub(self) -> ShowQuerySet:
        return self.select_related("poster")


# Keeps taggit's natural-key lookups (used by dumpdata/loaddata) beside our filters.
ShowManager = NaturalKeyManager.from_queryset(ShowQuerySet)


class Show(TagBase):
    """A TV show stories are tagged with, and the tracker facts readers follow."""

    platform = models.CharField(
        max_length=100, blank=True, help_text="Where to watch: the streaming service or channel."
    )
    country = models.CharField(max_length=80, blank=True)
    genre = models.CharField(max_length=80, blank=True)
    synopsis = models.TextField(blank=True, help_text="A few sentences for the show's page.")
    poster = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="poster_of",
        help_text="Optional picture from the media library.",
    )
    official_url = models.URLField(blank=True, verbose_name="official site")
    status = models.CharField(max_length=20, choices=ShowStatus.choices, default=ShowStatus.ANNOUNCED)
    season = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The season the tracker follows, e.g. 2."
    )
    release_date = models.DateField(
        null=True,
        blank=True,
        help_text="The exact release date, or the earliest date of the window below "
        "(lists are sorted by it).",
    )
    release_window = models.CharField(
        max_length=60,
        blank=True,
        help_text="When only a window is known, e.g. “late 2027”. Leave empty if the date "
        "above is exact.",
    )
    last_confirmed = models.DateField(
        null=True, blank=True, help_text="When these facts were last checked with a source."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects: ClassVar[ShowManager] = ShowManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="show_name_unique_ci",
                violation_error_message="There is already a show with this name (capitals "
                "do not count).",
            ),
            models.CheckConstraint(
                condition=models.Q(release_window="") | models.Q(release_date__isnull=False),
                name="show_window_has_date",
                violation_error_message="A release window needs its earliest date, for sorting.",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("articles:show", kwargs={"slug": self.slug})

    @property
    def expected_release(self) -> str:
        """“late 2027”, or the exact date, or empty when nothing is known."""
        if self.release_window:
            return self.release_window
        if self.release_date:
            return date_format(self.release_date, "DATE_FORMAT")
        return ""

    def fact_display(self, fact: str) -> str:
        """A tracker fact as readers see it, e.g. “Filming” or “Season 2”."""
        if fact == TrackerFact.STATUS:
            return self.get_status_display()
        if fact == TrackerFact.SEASON:
            return f"Season {self.season}" if self.season else ""
        if fact == TrackerFact.RELEASE:
            return self.expected_release
        return self.platform


class ShowAlias(models.Model):
    """Another spelling of a show's name; searching the admin or the site by it finds the show."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="show_alias_unique_ci",
                violation_error_message="Another show already has this alias.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ShowSlugRedirect(models.Model):
    """An address a show used to have (renamed or merged away); it answers with a 301."""

    old_slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.show.slug}"


class TaggedShow(ItemBase):
    """Article–show link with real foreign keys on both sides."""

    tag = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="tagged_items")
    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="show_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_show_unique")
        ]


class TaggedTopic(TaggedItemBase):
    """Article–topic link; topics are taggit's own free tags."""

    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="topic_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_topic_unique")
        ]


class ShowFactChangeQuerySet(models.QuerySet["ShowFactChange"]):
    def for_timeline(self) -> ShowFactChangeQuerySet:
        # The timeline shows the reporting version's headline and links its story.
        return self.select_related("version__article").defer(
            "version__body", "version__standfirst").order_by("-at", "-pk")


class ShowFactChange(models.Model):
    """One change to a show's tracker facts, linked to the story version that reported it."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="fact_changes")
    fact = models.CharField(max_length=10, choices=TrackerFact.choices)
    before = models.CharField(max_length=120, blank=True)
    after = models.CharField(max_length=120, blank=True)
    version = models.ForeignKey(
        "articles.ArticleVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="show_fact_changes",
        help_text="The published story version that reported the change; empty when an "
        "editor changed the show directly.",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = ShowFactChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["show", "-at"], name="show_fact_change_show_at")]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """“Status: Renewed → Filming”."""
        before = self.before or "—"
        return f"{self.get_fact_display()}: {before} → {self.after or '—'}"
