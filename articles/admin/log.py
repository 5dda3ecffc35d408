"""Records the system keeps, read in the admin and never edited there: the publishing log,
and the writers' queue of live stories whose show's facts changed since."""
from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles.admin.base import ReadOnlyAdmin
from articles.models import PublicationEvent, StoryToUpdate, TrackerFact
from articles.people import display_name
from articles.services.permissions import EDIT_ANY_PERMISSION


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "story_column", "by_column", "detail"]
    list_filter = ["action", "by"]
    list_select_related = ["article__latest_version", "article__live_version", "by"]
    search_fields = ["article__slug", "detail"]
    date_hierarchy = "at"
    # Who did it, as a name: a link to their account would answer editors "403 Forbidden".
    fields = ["at", "action", "article", "version", "by_column", "detail"]
    readonly_fields = ["by_column"]

    @admin.display(description="Story")
    def story_column(self, event: PublicationEvent) -> str:
        url = reverse("admin:articles_article_change", args=[event.article_id])
        return format_html('<a href="{}">{}</a>', url, event.article)

    @admin.display(description="By")
    def by_column(self, event: PublicationEvent) -> str:
        return display_name(event.by) if event.by else "System"


@admin.register(StoryToUpdate)
class StoryToUpdateAdmin(ReadOnlyAdmin):
    """The writers' queue: live stories about a show whose facts changed since."""

    list_display = ["story_column", "show_column", "change_column", "stale_at_column",
                    "latest_save_column", "authors_column"]
    list_display_links = None
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[StoryToUpdate]:
        stories = (StoryToUpdate.objects.needing_update()
                   .select_related("latest_version").defer("latest_version__body")
                   .prefetch_related("authors").order_by("-stale_at", "-pk"))
        if not request.user.has_perm(EDIT_ANY_PERMISSION):
            stories = stories.by_author(request.user)
        return cast(QuerySet[StoryToUpdate], stories)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.change_article")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("articles.change_article")

    @admin.display(description="Story")
    def story_column(self, story: Any) -> str:
        url = reverse("admin:articles_article_change", args=[story.pk])
        return format_html('<a href="{}">{}</a>', url, story.latest_version.headline)

    @admin.display(description="Show")
    def show_column(self, story: Any) -> str:
        return story.stale_show

    @admin.display(description="What changed")
    def change_column(self, story: Any) -> str:
        label = TrackerFact(story.stale_fact).label
        return f"{label}: {story.stale_before or '—'} → {story.stale_after or '—'}"

    @admin.display(description="Changed")
    def stale_at_column(self, story: Any) -> str:
        return date_format(timezone.localtime(story.stale_at), "DATETIME_FORMAT")

    @admin.display(description="Story last saved")
    def latest_save_column(self, story: Any) -> str:
        return date_format(timezone.localtime(story.latest_version.created_at), "DATETIME_FORMAT")

    @admin.display(description="Authors")
    def authors_column(self, story: Any) -> str:
        return ", ".join(display_name(u) for u in story.authors.all())
