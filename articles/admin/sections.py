"""Sections in the admin: the menu's entries, saved and deleted through the services."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from articles.models import Section
from articles.services.sections import section_delete, section_save


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Section, form: Any, change: bool) -> None:
        section_save(obj)

    def delete_model(self, request: HttpRequest, obj: Section) -> None:
        section_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Section]) -> None:
        for section in queryset:
            section_delete(section)
