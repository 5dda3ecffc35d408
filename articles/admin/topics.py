"""Topics in the admin. Topics are taggit's own tags; taggit's admin is kept, with the
permission check its merge page lacks."""
from __future__ import annotations

from typing import cast

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from taggit.admin import TagAdmin
from taggit.models import Tag


admin.site.unregister(Tag)


@admin.register(Tag)
class TopicAdmin(TagAdmin):
    """Topics are taggit's own tags."""

    def merge_tags_view(self, request: HttpRequest) -> HttpResponse:
        # taggit's page checks no permission: any staff member could open it and create topics.
        if not self.has_change_permission(request):
            raise PermissionDenied
        return cast(HttpResponse, super().merge_tags_view(request))
