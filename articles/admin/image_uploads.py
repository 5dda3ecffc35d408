"""Several pictures at once in the media library: uploading a batch, then describing each
(alt text, caption, credit) on one page. `ImageAdmin` (in `articles.admin.images`) is built
on `ImageBatchAdmin`."""
from __future__ import annotations

import os
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.admin.thumbnails import image_thumbnail
from articles.forms import (
    BULK_UPLOAD_MAX_FILES,
    BulkUploadForm,
    DescribeImageForm,
    DescribeImageFormSet,
)
from articles.models import Image
from articles.services.images import can_edit_image, image_create, image_update


class ImageBatchAdmin(admin.ModelAdmin):
    """The upload and describe pages; each picture is saved through the image services on
    its own, so one refused picture never loses the others."""

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="articles_image_upload"),
            path("describe/", wrap(self.describe_view), name="articles_image_describe"),
            *super().get_urls(),
        ]

    def _page_context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.opts}

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            form = BulkUploadForm()
        else:
            form = BulkUploadForm(request.POST, request.FILES)
            if form.is_valid():
                saved = self._upload_each(request, form.cleaned_data["pictures"],
                                          credit=form.cleaned_data["credit"])
                if saved:
                    self.message_user(
                        request, f"Uploaded {len(saved)} picture{pluralize(len(saved))}. "
                                 f"Describe {'it' if len(saved) == 1 else 'them'} below: a "
                                 f"picture without alt text cannot go in a story yet.",
                        messages.SUCCESS)
                    ids = ",".join(str(image.pk) for image in saved)
                    return HttpResponseRedirect(
                        f"{reverse('admin:articles_image_describe')}?{urlencode({'ids': ids})}")
        context = {**self._page_context(request, "Upload several pictures"), "form": form}
        return TemplateResponse(request, "admin/articles/image/upload.html", context)

    def _upload_each(self, request: HttpRequest, files: list[Any], *, credit: str) -> list[Image]:
        """Each file on its own: a bad one is named with the reason, the others are kept."""
        saved = []
        for upload in files:
            name = upload.name  # the service renames the file to what it really is
            try:
                saved.append(image_create(
                    title=_title_from_file_name(name), file=upload, credit=credit,
                    by=request.user, describe_later=True))
            except ValidationError as error:
                self.message_user(request, f"“{name}” was not uploaded: "
                                           f"{' '.join(error.messages)}", messages.ERROR)
        return saved

    def describe_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        pictures = self._pictures_to_describe(request)
        initial = [DescribeImageForm.initial_for(image) for image in pictures]
        if request.method != "POST":
            formset = DescribeImageFormSet(initial=initial)
        else:
            formset = DescribeImageFormSet(request.POST, initial=initial)
            if formset.is_valid() and self._describe_each(request, formset, pictures):
                left = (Image.objects.filter(pk__in=[image.pk for image in pictures])
                        .needing_description().count())
                if left:
                    self.message_user(
                        request, f"{left} picture{pluralize(left)} still need{pluralize(left, 's,')} "
                                 f"alt text: {'it stays' if left == 1 else 'they stay'} marked "
                                 f"“Needs alt text” in the library.", messages.WARNING)
                return HttpResponseRedirect(reverse("admin:articles_image_changelist"))
        rows = list(zip(formset, [image_thumbnail(image, width=160) for image in pictures],
                        pictures))
        context = {**self._page_context(request, "Describe these pictures"), "formset": formset,
                   "rows": rows}
        return TemplateResponse(request, "admin/articles/image/describe.html", context)

    def _pictures_to_describe(self, request: HttpRequest) -> list[Image]:
        """The pictures named by ?ids= (or else those waiting for alt text) this person may
        change, in the order named."""
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()]
        if ids:
            found = Image.objects.in_bulk(ids[:BULK_UPLOAD_MAX_FILES])
            pictures = [found[pk] for pk in dict.fromkeys(ids) if pk in found]
        else:
            waiting = Image.objects.needing_description()
            if not request.user.has_perm("articles.change_image"):
                waiting = waiting.filter(uploaded_by=cast(Any, request.user))
            pictures = list(waiting[:20])
        return [image for image in pictures if can_edit_image(image, request.user)]

    def _describe_each(self, request: HttpRequest, formset: Any, pictures: list[Image]) -> bool:
        """Save each changed picture; False if any was refused (its form says why)."""
        by_pk = {image.pk: image for image in pictures}
        saved, refused = 0, 0
        for form in formset:
            image = by_pk.get(form.cleaned_data.get("image"))
            if image is None:
                continue
            changes = form.changes()
            if not changes:
                continue
            try:
                image_update(image, by=request.user, **changes)
            except ValidationError as error:
                known = set(getattr(error, "error_dict", {None: None})) <= set(form.fields)
                form.add_error(None, error if known else " ".join(error.messages))
                refused += 1
            except PermissionDenied as error:
                form.add_error(None, str(error))
                refused += 1
            else:
                saved += 1
        if saved:
            self.message_user(request, f"Saved {saved} picture{pluralize(saved)}.",
                              messages.SUCCESS)
        if refused:
            self.message_user(request, f"{refused} picture{pluralize(refused)} could not be "
                                       f"saved: see the message{pluralize(refused)} below.",
                              messages.ERROR)
        return not refused


def _title_from_file_name(name: str) -> str:
    """“harbor_lights-still.JPG” → “harbor lights still”: a start the writer can improve."""
    stem = os.path.splitext(os.path.basename(name))[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:200]
