"""The Akismet outage log: when Akismet could not be reached, for people to read."""
from __future__ import annotations

from django.contrib import admin

from articles.admin import ReadOnlyAdmin
from comments.models import AkismetOutage


@admin.register(AkismetOutage)
class AkismetOutageAdmin(ReadOnlyAdmin):
    """When Akismet could not be reached: a record to read, written only by the pipeline."""

    list_display = ["started_at", "ended_at", "failures", "last_error"]
    date_hierarchy = "started_at"
