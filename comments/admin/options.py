"""Per-story comment settings: when a story's comments close, or closing them now.

Saves and deletes go through comments.services, which also purges the story's cached
comment section so its page shows the form or "Comments are closed" at once.
"""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from comments.admin.stories import UNUSED_COLUMNS
from comments.models import StoryCommentOptions
from comments.services.options import (
    comment_options_delete,
    comment_options_save,
    comments_close_at,
)


@admin.register(StoryCommentOptions)
class StoryCommentOptionsAdmin(admin.ModelAdmin):
    list_display = ["story_column", "close_after_days", "closed"]
    list_filter = ["closed"]
    list_select_related = ["article__live_version", "article__latest_version"]
    search_fields = ["article__slug", "article__live_version__headline",
                     "article__latest_version__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "close_after_days", "closed", "closes_at"]
    readonly_fields = ["closes_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[StoryCommentOptions]:
        return super().get_queryset(request).defer(*UNUSED_COLUMNS)

    def save_model(self, request: HttpRequest, obj: StoryCommentOptions, form: Any,
                   change: bool) -> None:
        comment_options_save(obj)

    def delete_model(self, request: HttpRequest, obj: StoryCommentOptions) -> None:
        comment_options_delete(obj)

    def delete_queryset(self, request: HttpRequest,
                        queryset: QuerySet[StoryCommentOptions]) -> None:
        for options in queryset:
            comment_options_delete(options)

    @admin.display(description="Story", ordering="article__slug")
    def story_column(self, options: StoryCommentOptions) -> str:
        return options.article.headline or options.article.slug

    @admin.display(description="Comments close")
    def closes_at(self, options: StoryCommentOptions) -> str:
        if options.pk is None:
            return "Save to see when comments close."
        if options.closed:
            return "Closed now"
        close_at = comments_close_at(options.article)
        if close_at is None:
            return "Never" if options.article.first_published_at else "Not published yet"
        return date_format(timezone.localtime(close_at), "DATETIME_FORMAT")
