"""What the articles admins share: putting a service's refusal back on the filled form, and
the base for records only the system writes."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse


class ServiceRefused(Exception):
    """A service said no after the form validated; the filled form goes back to the writer.

    `obj` is what the page names as the object being changed (None on an add page), as it
    is saved now; `formsets` are the bound inline formsets, whose rows may carry errors too.
    """

    def __init__(self, form: Any, obj: Any, formsets: Sequence[Any] = ()) -> None:
        self.form = form
        self.obj = obj
        self.formsets = list(formsets)


def add_service_error(form: Any, error: Exception) -> None:
    """Put a service's refusal on the form: field errors beside their inputs, the rest on top."""
    if not isinstance(error, ValidationError):
        form.add_error(None, str(error))
    elif set(getattr(error, "error_dict", {None: None})) <= set(form.fields):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)


def render_refused(model_admin: admin.ModelAdmin, request: HttpRequest,
                   refused: ServiceRefused, object_id: str | None, form_url: str,
                   extra_context: dict[str, Any]) -> HttpResponse:
    """The change form again, filled as submitted (its inlines too), with the service's
    errors. Call it after the request's transaction rolled back, so nothing of the refused
    save is kept."""
    form, obj = refused.form, refused.obj
    admin_form = helpers.AdminForm(
        form, cast(Any, model_admin.get_fieldsets(request, obj)),
        model_admin.get_prepopulated_fields(request, obj),
        model_admin.get_readonly_fields(request, obj), model_admin=model_admin,
    )
    media = model_admin.media + admin_form.media
    inline_formsets: list[Any] = []
    if refused.formsets:
        # The same inlines, in the same order, as the admin built the formsets from.
        inlines = [inline for _, inline in model_admin.get_formsets_with_inlines(request, obj)]
        inline_formsets = model_admin.get_inline_formsets(request, refused.formsets, inlines,
                                                          obj)
        for inline_formset in inline_formsets:
            media += inline_formset.media
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{'Change' if obj else 'Add'} {model_admin.opts.verbose_name}",
        "subtitle": str(obj) if obj else None,
        "adminform": admin_form,
        "object_id": object_id,
        "original": obj,
        "is_popup": False,
        "to_field": None,
        "media": media,
        "inline_admin_formsets": inline_formsets,
        "errors": helpers.AdminErrorList(form, refused.formsets),
        "preserved_filters": model_admin.get_preserved_filters(request),
        **extra_context,
    }
    return model_admin.render_change_form(request, context, add=obj is None,
                                          change=obj is not None, obj=obj, form_url=form_url)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the system writes (logs, queues): people read them, never edit them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
