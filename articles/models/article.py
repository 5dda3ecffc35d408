from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from articles.models.show import ShowFactChange, TaggedShow, TaggedTopic


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

    def about_show(self, show: Any) -> ArticleQuerySet:
        return self.filter(show_links__tag=show)

    def with_topic(self, topic: Any) -> ArticleQuerySet:
        return self.filter(topic_links__tag=topic)

    def first_published_between(self, start: datetime, end: datetime) -> ArticleQuerySet:
        return self.filter(first_published_at__gte=start, first_published_at__lt=end)

    def related_to(self, article: Article) -> ArticleQuerySet:
        """Other stories sharing a show or a topic with `article`: same show first."""
        show_ids = [show.pk for show in article.shows.all()]
        topic_ids = [topic.pk for topic in article.topics.all()]
        same_show = models.Exists(
            TaggedShow.objects.filter(content_object=models.OuterRef("pk"), tag__in=show_ids)
        )
        same_topic = models.Exists(
            TaggedTopic.objects.filter(content_object=models.OuterRef("pk"), tag__in=topic_ids)
        )
        return (
            self.exclude(pk=article.pk)
            .annotate(same_show=same_show, same_topic=same_topic)
            .filter(Q(same_show=True) | Q(same_topic=True))
            .order_by("-same_show", "-last_updated_at", "-pk")
        )

    def needing_update(self) -> ArticleQuerySet:
        """Live stories about a show whose facts changed after the story's latest version.

        Each is annotated with the newest such change: `stale_show`, `stale_fact`,
        `stale_before`, `stale_after` and `stale_at`. A change reported by the story itself
        does not count.
        """
        changes = (
            ShowFactChange.objects.filter(
                show__tagged_items__content_object=models.OuterRef("pk"),
                at__gt=models.OuterRef("latest_version__created_at"),
            )
            .exclude(version__article=models.OuterRef("pk"))
            .order_by("-at", "-pk")
        )
        return self.published().annotate(
            stale_show=models.Subquery(changes.values("show__name")[:1]),
            stale_fact=models.Subquery(changes.values("fact")[:1]),
            stale_before=models.Subquery(changes.values("before")[:1]),
            stale_after=models.Subquery(changes.values("after")[:1]),
            stale_at=models.Subquery(changes.values("at")[:1]),
        ).filter(stale_at__isnull=False)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-last_updated_at", "-pk")

    def for_teasers(self) -> ArticleQuerySet:
        """A list page's stories: which ones, and when the first of them expires; their
        teasers come from `articles.teasers`."""
        return self.only("pk", "expire_at")

    def for_teaser_parts(self) -> ArticleQuerySet:
        """What a teaser shows: its live version's headline and standfirst, its lead
        picture and its sections."""
        return self.select_related("live_version__lead_image").defer(
            "live_version__body").prefetch_related("sections")

    def for_listing(self) -> ArticleQuerySet:
        """What a story teaser needs: its live version, lead image, sections and authors."""
        return self.select_related("live_version__lead_image").prefetch_related(
            "sections", "authors"
        )

    def for_detail(self) -> ArticleQuerySet:
        """A story page: what a teaser needs plus its shows' facts and its topics."""
        # django-stubs cannot see through taggit's managers; these are prefetchable.
        return self.for_listing().prefetch_related("shows", "topics")  # type: ignore[misc]

    def for_related(self) -> ArticleQuerySet:
        """The small related-story teasers show a thumbnail, the headline and dates."""
        return self.select_related("live_version__lead_image").defer("live_version__body")

    def for_feed(self) -> ArticleQuerySet:
        """What a feed item shows, annotated with `latest_update_label` and
        `latest_update_note` from the newest published update (None before any).

        Its sections, authors, shows and topics come as plain lists (`feed_sections`,
        `feed_authors`, `feed_shows`, `feed_topics`): prefetching into the related managers
        builds a queryset per story and manager, and for taggit's managers that was most
        of a feed's work.
        """
        from articles.models.version import ArticleVersion, VersionKind

        updates = (
            ArticleVersion.objects.public()
            .filter(article=models.OuterRef("pk"), kind=VersionKind.UPDATE, public_number__gt=1)
            .order_by("-public_number")
        )
        return self.select_related("live_version__lead_image").prefetch_related(
            models.Prefetch("sections", to_attr="feed_sections"),
            models.Prefetch("authors", to_attr="feed_authors"),
            models.Prefetch("show_links", to_attr="feed_shows",
                            queryset=TaggedShow.objects.select_related("tag").order_by("tag__name")),
            models.Prefetch("topic_links", to_attr="feed_topics",
                            queryset=TaggedTopic.objects.select_related("tag").order_by("tag__name")),
        ).annotate(
            latest_update_label=models.Subquery(updates.values("update_label")[:1]),
            latest_update_note=models.Subquery(updates.values("public_note")[:1]),
        )

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
    shows = TaggableManager(
        through="articles.TaggedShow",
        related_name="articles",
        blank=True,
        verbose_name="shows",
        help_text="The shows this story is about; it appears on each show's page.",
    )
    topics = TaggableManager(
        through="articles.TaggedTopic",
        related_name="topic_articles",
        blank=True,
        verbose_name="topics",
        help_text="Free tags such as KDrama or Zombie, separated by commas.",
    )
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


class StoryToUpdate(Article):
    """Stories whose shows' facts changed since they were last saved: the writers' queue."""

    class Meta:
        proxy = True
        verbose_name = "story needing an update"
        verbose_name_plural = "stories needing an update"
