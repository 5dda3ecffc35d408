"""The media library in the admin: the list of pictures, one picture's page (details and
focal point), and deleting pictures no story or show uses. Every write goes through the
image services. Uploading and describing several at once: `articles.admin.image_uploads`."""
from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat, pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.admin.base import ServiceRefused, add_service_error, render_refused
from articles.admin.image_uploads import ImageBatchAdmin
from articles.admin.thumbnails import image_thumbnail
from articles.forms import ImageDetailsForm, ImageUploadForm
from articles.models import Image, ImageQuerySet
from articles.people import display_name
from articles.services.images import (
    IMAGE_FIELDS,
    ImageInUse,
    can_edit_image,
    image_create,
    image_delete,
    image_update,
    image_usage,
)


def _is_picker(request: HttpRequest) -> bool:
    """True for the autocomplete behind a lead image or poster select box."""
    match = request.resolver_match
    return match is not None and match.url_name == "autocomplete"


class AltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("needed", "Needs alt text"), ("described", "Described")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> QuerySet[Image]:
        images = cast(ImageQuerySet, queryset)
        if self.value() == "needed":
            return images.needing_description()
        if self.value() == "described":
            return images.described()
        return queryset


class UploaderFilter(admin.RelatedOnlyFieldListFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = "uploader"


class UploadDateFilter(admin.DateFieldListFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = "upload date"


@admin.register(Image)
class ImageAdmin(ImageBatchAdmin):
    """The media library. Every write goes through the image services."""

    change_list_template = "admin/articles/image/change_list.html"
    change_form_template = "admin/articles/image/change_form.html"
    list_display = ["thumbnail_column", "title", "alt_text_column", "credit", "dimensions_column",
                    "used_in_column", "uploaded_column"]
    list_display_links = ["thumbnail_column", "title"]
    list_filter = [AltTextFilter, ("uploaded_by", UploaderFilter), ("uploaded_at", UploadDateFilter)]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    search_help_text = "Search titles, alt text, captions and credits."
    list_per_page = 60
    actions = ["delete_pictures"]
    add_fieldsets = [
        (None, {"fields": ["file", "title", "alt_text", "is_decorative", "caption", "credit"]}),
    ]
    fieldsets = [
        (None, {"fields": ["title", "alt_text", "is_decorative", "caption", "credit"]}),
        ("Focal point", {
            "fields": ["focal_point_picker", ("focal_x", "focal_y")],
            "description": "Pages crop the picture to fit (wide for stories, tall for show "
                           "posters); the crops keep this point in view. Click the subject in "
                           "the picture to set both numbers, or type them.",
        }),
        ("Used in", {"fields": ["used_in"]}),
        ("The file", {"fields": ["original_file", "dimensions_column", "uploaded_column"]}),
    ]
    readonly_fields = ["focal_point_picker", "used_in", "original_file", "dimensions_column",
                       "uploaded_column"]

    class Media:
        css = {"all": ["css/admin-images.css"]}
        js = ["js/admin-images.js"]

    # --- list --------------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        return Image.objects.for_library().with_usage_counts()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Image],
                           search_term: str) -> tuple[QuerySet[Image], bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _is_picker(request):
            # Stories and shows refuse a picture without alt text: do not offer one.
            queryset = cast(ImageQuerySet, queryset).described()
        return queryset, may_have_duplicates

    @admin.display(description="Picture")
    def thumbnail_column(self, image: Image) -> str:
        return image_thumbnail(image)

    @admin.display(description="Alt text")
    def alt_text_column(self, image: Image) -> str:
        if image.is_decorative:
            return mark_safe('<span class="image-decorative">Decorative</span>')
        if not image.is_described():
            return mark_safe('<strong class="image-needs-alt">Needs alt text</strong>')
        return Truncator(image.alt_text).chars(80)

    @admin.display(description="Size")
    def dimensions_column(self, image: Image) -> str:
        return f"{image.width} × {image.height} px"

    @admin.display(description="Used in", ordering="used_count")
    def used_in_column(self, image: Image) -> str:
        count = getattr(image, "used_count", 0)
        return f"{count} place{pluralize(count)}" if count else "—"

    @admin.display(description="Uploaded", ordering="uploaded_at")
    def uploaded_column(self, image: Image) -> str:
        when = date_format(timezone.localtime(image.uploaded_at), "SHORT_DATE_FORMAT")
        return f"{when} by {display_name(image.uploaded_by)}"

    # --- one picture -------------------------------------------------------------------
    def get_fieldsets(self, request: HttpRequest, obj: Image | None = None) -> Any:
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Image | None = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_form(self, request: HttpRequest, obj: Image | None = None, change: bool = False,
                 **kwargs: Any) -> Any:
        kwargs["form"] = ImageUploadForm if obj is None else ImageDetailsForm
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description="Preview")
    def focal_point_picker(self, image: Image) -> str:
        renditions = image.renditions_of("original", "jpeg")
        if not renditions:
            return mark_safe('<p class="focal-picker-pending">The preview appears once the '
                             'picture’s sizes are made; reload in a moment. The numbers below '
                             'work without it.</p>')
        preview = renditions[0]
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" alt="" width="{}" height="{}">'
            '<span class="focal-marker" aria-hidden="true" style="left:{}%;top:{}%"></span>'
            '</div><p class="focal-picker-status" aria-live="polite"></p>',
            image.file.storage.url(preview["name"]), preview["width"], preview["height"],
            round(image.focal_x * 100), round(image.focal_y * 100),
        )

    @admin.display(description="Used in")
    def used_in(self, image: Image) -> str:
        usage = image_usage(image)
        if not usage:
            return "Nothing yet."
        stories = [(reverse("admin:articles_article_change", args=[article.pk]), "Story",
                    article.headline or article.slug) for article in usage.stories]
        shows = [(reverse("admin:articles_show_change", args=[show.pk]), "Show poster", show.name)
                 for show in usage.shows]
        return format_html('<ul class="image-used-in">{}</ul>', format_html_join(
            "", '<li><a href="{}">{}: {}</a></li>', [*stories, *shows]))

    @admin.display(description="Original")
    def original_file(self, image: Image) -> str:
        size = filesizeformat(image.file_size)
        return format_html('<a href="{}">{}</a> ({}, {})', image.file.url,
                           image.file.name.rsplit("/", 1)[-1], image.format, size)

    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "", extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            return render_refused(self, request, refused, object_id, form_url,
                                  extra_context or {})

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            if change:
                changes = {name: data[name] for name in form.changed_data
                           if name in IMAGE_FIELDS}
                if changes:
                    image_update(Image.objects.get(pk=obj.pk), by=request.user, **changes)
            else:
                image = image_create(
                    file=data["file"], title=data["title"], alt_text=data["alt_text"],
                    is_decorative=data["is_decorative"], caption=data["caption"],
                    credit=data["credit"], by=request.user)
                obj.pk = image.pk
        except (ValidationError, PermissionDenied) as error:
            add_service_error(form, error)
            # The page shows the picture as saved, not as the refused form changed it.
            raise ServiceRefused(form, Image.objects.get(pk=obj.pk) if change else None) from error
        obj.refresh_from_db()

    # --- permissions -------------------------------------------------------------------
    def has_change_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        if obj is None:
            # Writers may change some pictures (their own, unused); the page of each decides.
            return (super().has_change_permission(request)
                    or request.user.has_perm("articles.add_image"))
        return can_edit_image(obj, request.user)

    # --- deleting ----------------------------------------------------------------------
    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        # Django's own would show its list of "protected objects"; ours names the stories.
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        image = self.get_object(request, unquote(object_id))
        if image is not None and self.has_delete_permission(request, image):
            usage = image_usage(image)
            if usage:
                return self._refuse_delete(request, image, ImageInUse(image, usage))
        try:
            return super().delete_view(request, object_id, extra_context)
        except ImageInUse as in_use:  # put to use since the check above
            return self._refuse_delete(request, cast(Image, image), in_use)

    def _refuse_delete(self, request: HttpRequest, image: Image,
                       in_use: ImageInUse) -> HttpResponse:
        self.message_user(request, str(in_use), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:articles_image_change", args=[image.pk]))

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        image_delete(obj, by=request.user)

    @admin.action(description="Delete selected pictures", permissions=["delete"])
    def delete_pictures(self, request: HttpRequest,
                        queryset: QuerySet[Image]) -> HttpResponse | None:
        deletable = []
        for image in queryset:
            usage = image_usage(image)
            if usage:
                self.message_user(request, str(ImageInUse(image, usage)), messages.ERROR)
            else:
                deletable.append(image)
        if not deletable:
            return None
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Delete pictures",
                "opts": self.opts,
                "pictures": [(image, image_thumbnail(image)) for image in deletable],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/articles/image/delete_selected.html", context)
        deleted = 0
        for image in deletable:
            try:
                with transaction.atomic():  # the log entry goes if the picture stays
                    self.log_deletions(request, cast(Any, [image]))
                    image_delete(image, by=request.user)
            except ImageInUse as in_use:
                self.message_user(request, str(in_use), messages.ERROR)
            else:
                deleted += 1
        if deleted:
            self.message_user(request, f"Deleted {deleted} picture{pluralize(deleted)} and "
                                       f"{'its' if deleted == 1 else 'their'} files.",
                              messages.SUCCESS)
        return None
