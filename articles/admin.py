from __future__ import annotations

import os
from typing import Any, cast
from urllib.parse import urlencode

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat, pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from taggit.admin import TagAdmin
from taggit.models import Tag

from articles import services
from articles.diff import compare_versions
from articles.forms import (
    BULK_UPLOAD_MAX_FILES,
    BulkUploadForm,
    CheckedTextModelForm,
    CompareForm,
    DescribeImageForm,
    DescribeImageFormSet,
    ImageDetailsForm,
    ImageUploadForm,
    StoryAction,
    StoryForm,
)
from articles.models import (
    Article,
    ArticleVersion,
    Image,
    ImageQuerySet,
    PublicationEvent,
    Section,
    Show,
    ShowAlias,
    ShowFactChange,
    StoryToUpdate,
    TrackerFact,
)
from articles.views.stories import draw_story_parts, story_context


class _ServiceRefused(Exception):
    """A service said no after the form validated; the filled form goes back to the writer."""

    def __init__(self, form: Any, obj: Any) -> None:
        self.form = form
        self.obj = obj


def _add_service_error(form: Any, error: Exception) -> None:
    """Put a service's refusal on the form: field errors beside their inputs, the rest on top."""
    if not isinstance(error, ValidationError):
        form.add_error(None, str(error))
    elif set(getattr(error, "error_dict", {None: None})) <= set(form.fields):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _render_refused(model_admin: admin.ModelAdmin, request: HttpRequest,
                    refused: _ServiceRefused, object_id: str | None, form_url: str,
                    extra_context: dict[str, Any]) -> HttpResponse:
    """The change form again, filled as submitted, with the service's errors."""
    form, obj = refused.form, refused.obj
    admin_form = helpers.AdminForm(
        form, cast(Any, model_admin.get_fieldsets(request, obj)),
        model_admin.get_prepopulated_fields(request, obj),
        model_admin.get_readonly_fields(request, obj), model_admin=model_admin,
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{'Change' if obj else 'Add'} {model_admin.opts.verbose_name}",
        "subtitle": str(obj) if obj else None,
        "adminform": admin_form,
        "object_id": object_id,
        "original": obj,
        "is_popup": False,
        "to_field": None,
        "media": model_admin.media + admin_form.media,
        "inline_admin_formsets": [],
        "errors": helpers.AdminErrorList(form, []),
        "preserved_filters": model_admin.get_preserved_filters(request),
        **extra_context,
    }
    return model_admin.render_change_form(request, context, add=obj is None,
                                          change=obj is not None, obj=obj, form_url=form_url)


class AuthorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return services.display_name(obj)


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("waiting", "Waiting for review")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() == "waiting":
            return queryset.filter(review_requested_at__isnull=False)
        return queryset


def _latest_version_field(name: str, label: str, *, safe: bool = False) -> Any:
    """An admin column showing `name` of the story's latest version."""

    @admin.display(description=label)
    def show(model_admin: admin.ModelAdmin, article: Article) -> Any:
        value = getattr(article.latest_version, name, None)
        value = value() if callable(value) else value
        if value in (None, ""):
            return "—"
        return mark_safe(value) if safe else value  # story bodies are cleaned on save

    return show


def _tracker_field(fact: str, label: str) -> Any:
    """An admin display of the latest version's tracker report, for view-only pages."""

    @admin.display(description=label)
    def show(model_admin: admin.ModelAdmin, article: Article) -> Any:
        report = article.latest_version.metadata.get("tracker") if article.latest_version else None
        value = (report or {}).get(fact)
        return "—" if value in (None, "") else value

    return show


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the system writes (logs, queues): people read them, never edit them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = StoryForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["headline_column", "state_column", "sections_column", "authors_column",
                    "last_updated_at", "latest_version_number"]
    list_filter = ["state", ReviewFilter, "sections", "authors"]
    search_fields = ["slug", "latest_version__headline", "live_version__headline", "shows__name"]
    date_hierarchy = "last_updated_at"
    autocomplete_fields = ["sections"]
    # A plain list, not an autocomplete: that searches the accounts admin, which only
    # superusers may read, so writers and editors could not add a co-author.
    filter_horizontal = ["authors"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["headline", "standfirst", "body", "lead_image"]}),
        ("Where it appears", {"fields": ["slug", "sections", "authors", "shows", "topics"]}),
        ("This version", {
            "fields": ["kind", "update_label", "public_note"],
            "description": "Once a story is live, every published change is an update, a "
                           "correction or a minor fix. Updates and corrections are listed for "
                           "readers; minor fixes are not.",
        }),
        ("Show tracker", {
            "fields": ["tracker_show", "tracker_status", "tracker_season",
                       "tracker_release_date", "tracker_release_window", "tracker_platform"],
            "classes": ["collapse"],
            "description": "Does this version report news about a show (renewed, filming, a "
                           "release date)? Fill in what changed. The show's page and every "
                           "story's fact box change when this version is published, and "
                           "stories that predate the news are listed for their writers.",
        }),
        ("Scheduling", {"fields": ["go_live_at", "expire_at"], "classes": ["collapse"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (None, {"fields": ["based_on"]}),
    ]

    # --- list --------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return Article.objects.for_admin_list()

    @admin.display(description="Headline", ordering="latest_version__headline")
    def headline_column(self, article: Article) -> str:
        version = article.latest_version
        return version.headline if version else article.slug

    @admin.display(description="State", ordering="state")
    def state_column(self, article: Article) -> str:
        notes = []
        latest, live = article.latest_version, article.live_version
        if live and latest and latest.number > live.number:
            notes.append("unpublished changes")
        if article.review_requested_at:
            notes.append("waiting for review")
        label = article.get_state_display()
        return format_html("{}{}", label, f" ({', '.join(notes)})" if notes else "")

    @admin.display(description="Sections")
    def sections_column(self, article: Article) -> str:
        return ", ".join(s.name for s in article.sections.all())

    @admin.display(description="Authors")
    def authors_column(self, article: Article) -> str:
        return ", ".join(services.display_name(u) for u in article.authors.all())

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "authors":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by(
                "first_name", "last_name", "username")
            kwargs["form_class"] = AuthorChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- read-only display ---------------------------------------------------------
    # When the form is view-only, the admin shows these in place of the version's inputs.
    headline = _latest_version_field("headline", "Headline")
    standfirst = _latest_version_field("standfirst", "Standfirst")
    body = _latest_version_field("body", "Body", safe=True)
    lead_image = _latest_version_field("lead_image", "Lead image")
    kind = _latest_version_field("get_kind_display", "Kind of change")
    update_label = _latest_version_field("update_label", "Update label")
    public_note = _latest_version_field("public_note", "Public note")
    seo_title = _latest_version_field("seo_title", "SEO title")
    seo_description = _latest_version_field("seo_description", "SEO description")
    go_live_at = _latest_version_field("go_live_at", "Go live at")
    based_on = _latest_version_field("number", "Based on version")
    tracker_show = _tracker_field("show", "Show")
    tracker_status = _tracker_field("status", "New status")
    tracker_season = _tracker_field("season", "Season")
    tracker_release_date = _tracker_field("release_date", "Release date")
    tracker_release_window = _tracker_field("release_window", "Release window")
    tracker_platform = _tracker_field("platform", "Watch on")

    # --- permissions ---------------------------------------------------------------
    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.can_edit(obj, request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        # Stories are unpublished, never deleted: their versions are the record.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> Any:
        if (obj is not None and obj.first_published_at is not None
                and not request.user.has_perm(services.PUBLISH_PERMISSION)):
            # On a published story these change what readers see at once: editors decide.
            return ["slug", "sections", "authors", "shows", "topics", "expire_at"]
        return []

    def get_form(self, request: HttpRequest, obj: Article | None = None, change: bool = False,
                 **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "authors" in form.base_fields:  # absent when the form is view-only
            form.base_fields["authors"].initial = [request.user.pk] if obj is None else None
        return form

    # --- saving --------------------------------------------------------------------
    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "", extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), **self._story_context(request, object_id),
                         "body_pictures": body_picture_choices()}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _ServiceRefused as refused:
            return _render_refused(self, request, refused, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Article, form: StoryForm, change: bool) -> None:
        action = request.POST.get("_action", StoryAction.DRAFT)
        if action not in StoryAction.ALL:
            action = StoryAction.DRAFT
        data = form.cleaned_data
        try:
            if action in StoryAction.NEEDS_PUBLISH_PERMISSION and not request.user.has_perm(
                services.PUBLISH_PERMISSION
            ):
                raise PermissionDenied("Only editors can publish or schedule. Save a draft and "
                                       "submit it for review instead.")
            if change:
                version = services.version_create(
                    Article.objects.get(pk=obj.pk), by=request.user, based_on=data["based_on"],
                    slug=data.get("slug"), sections=data.get("sections"),
                    authors=list(data.get("authors") or []) or None,
                    expire_at=data.get("expire_at", ...), tracker=data.get("tracker"),
                    **form.tags(), **form.version_content(),
                )
            else:
                tags = form.tags()
                version = services.article_create(
                    slug=data["slug"], sections=data["sections"], authors=data["authors"],
                    expire_at=data["expire_at"], by=request.user, tracker=data.get("tracker"),
                    shows=tags["shows"] or (), topics=tags["topics"] or (),
                    **form.version_content(),
                )
            article = version.article
            self._do_action(request, article, version, action, data)
        except (services.StaleVersionError, ValidationError, PermissionDenied) as error:
            _add_service_error(form, error)
            if isinstance(error, services.StaleVersionError):
                # The writer has now been told; saving again deliberately goes on top.
                data = request.POST.copy()
                data["based_on"] = str(error.latest.number)
                form.data = data
            raise _ServiceRefused(form, obj if change else None) from error
        obj.pk = article.pk
        obj.refresh_from_db()

    def _do_action(self, request: HttpRequest, article: Article, version: ArticleVersion,
                   action: str, data: dict[str, Any]) -> None:
        if action == StoryAction.PUBLISH:
            services.article_publish(version, by=request.user)
            self.message_user(request, f"Version {version.number} is live.", messages.SUCCESS)
        elif action == StoryAction.SCHEDULE:
            services.version_schedule(version, go_live_at=data["go_live_at"], by=request.user)
            when = date_format(timezone.localtime(data["go_live_at"]), "DATETIME_FORMAT")
            self.message_user(request, f"Version {version.number} will go live at {when}.",
                              messages.SUCCESS)
        elif action == StoryAction.REVIEW:
            services.article_submit_for_review(article, by=request.user)
            self.message_user(request, f"Version {version.number} is saved and waiting for an "
                                       f"editor's review.", messages.SUCCESS)
        else:
            live = "; readers still see the live version" if article.live_version else ""
            self.message_user(request, f"Saved version {version.number} as a draft{live}.",
                              messages.SUCCESS)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Sections and authors were saved by the service with the version."""

    def response_add(self, request: HttpRequest, obj: Article, post_url_continue: str | None = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return super().log_change(request, obj, message or "Saved a new version")


    # --- history, compare, preview, restore ---------------------------------------------
    def _story_context(self, request: HttpRequest, object_id: str | None) -> dict[str, Any]:
        if object_id is None:
            return {"can_publish": request.user.has_perm(services.PUBLISH_PERMISSION)}
        # None for an id that is no story's, or no number at all (a mistyped address).
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return {}
        return {
            "can_publish": request.user.has_perm(services.PUBLISH_PERMISSION),
            "story": article,
            "versions": article.versions.for_history(),
            "events": article.events.select_related("by", "version")[:50],
            "compare_form": CompareForm(initial={
                "old": max(article.latest_version_number - 1, 1),
                "new": article.latest_version_number,
            }),
        }

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/compare/", wrap(self.compare_view), name="articles_article_compare"),
            path("<path:object_id>/versions/<int:number>/preview/", wrap(self.preview_view),
                 name="articles_article_preview"),
            path("<path:object_id>/versions/<int:number>/restore/", wrap(self.restore_view),
                 name="articles_article_restore"),
            path("<path:object_id>/versions/<int:number>/publish/", wrap(self.publish_view),
                 name="articles_article_publish"),
            path("<path:object_id>/versions/<int:number>/unschedule/", wrap(self.unschedule_view),
                 name="articles_article_unschedule"),
            path("<path:object_id>/unpublish/", wrap(self.unpublish_view),
                 name="articles_article_unpublish"),
            path("<path:object_id>/republish/", wrap(self.republish_view),
                 name="articles_article_republish"),
            *super().get_urls(),
        ]

    def _article(self, request: HttpRequest, object_id: str, *, change: bool = False) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No story has this id.")
        allowed = (self.has_change_permission(request, article) if change
                   else self.has_view_or_change_permission(request, article))
        if not allowed:
            raise PermissionDenied
        return article

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article(request, object_id)
        form = CompareForm(request.GET)
        changes, old, new = None, None, None
        if form.is_valid():
            versions = {v.number: v for v in article.versions.for_history().filter(
                number__in=[form.cleaned_data["old"], form.cleaned_data["new"]])}
            old, new = versions.get(form.cleaned_data["old"]), versions.get(form.cleaned_data["new"])
            if old is None or new is None:
                form.add_error(None, f"This story has versions 1 to {article.latest_version_number}.")
            else:
                changes = compare_versions(old, new)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {article}",
            "opts": self.opts,
            "story": article,
            "form": form,
            "old": old,
            "new": new,
            "changes": changes,
            "versions": article.versions.for_history(),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def preview_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        article = self._article(request, object_id)
        article = Article.objects.for_detail().get(pk=article.pk)
        version = get_object_or_404(article.versions.select_related("lead_image"), number=number)
        context = story_context(article, version, preview=True)
        context["parts"] = draw_story_parts(request, {**context, "related": []})
        context.update(preview=True, back_url=reverse("admin:articles_article_change",
                                                       args=[article.pk]))
        return TemplateResponse(request, "articles/article_detail.html", context)

    def _post_action(self, request: HttpRequest, object_id: str, run: Any, success: str) -> HttpResponse:
        article = self._article(request, object_id, change=True)
        try:
            run(article)
        except (ValidationError, PermissionDenied) as error:
            for message in (error.messages if isinstance(error, ValidationError) else [str(error)]):
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    @staticmethod
    def _version(article: Article, number: int) -> ArticleVersion:
        return get_object_or_404(ArticleVersion, article=article, number=number)

    @method_decorator(require_POST)
    def restore_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        return self._post_action(
            request, object_id,
            lambda a: services.version_restore(self._version(a, number), by=request.user),
            f"Version {number} was copied into a new version. Nothing was overwritten; "
            f"publish the new version when it is ready.",
        )

    @method_decorator(require_POST)
    def publish_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        return self._post_action(
            request, object_id,
            lambda a: services.article_publish(self._version(a, number), by=request.user),
            f"Version {number} is live.",
        )

    @method_decorator(require_POST)
    def unschedule_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        return self._post_action(
            request, object_id,
            lambda a: services.version_unschedule(self._version(a, number), by=request.user),
            f"Version {number} will not go live.",
        )

    @method_decorator(require_POST)
    def unpublish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._post_action(
            request, object_id, lambda a: services.article_unpublish(a, by=request.user),
            "The story is no longer visible to readers.",
        )

    @method_decorator(require_POST)
    def republish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._post_action(
            request, object_id, lambda a: services.article_republish(a, by=request.user),
            "The story is visible to readers again.",
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Section, form: Any, change: bool) -> None:
        services.section_save(obj)

    def delete_model(self, request: HttpRequest, obj: Section) -> None:
        services.section_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Section]) -> None:
        for section in queryset:
            services.section_delete(section)


def image_thumbnail(image: Image, *, width: int = 96) -> str:
    """The smallest "wide" JPEG rendition drawn `width` pixels wide. Never the original:
    it may be tens of megabytes, and a library page shows dozens."""
    renditions = image.renditions_of("wide", "jpeg")
    if not renditions:
        return format_html('<span class="image-thumb image-thumb-pending" style="width:{}px">'
                           'No preview yet</span>', width)
    smallest = renditions[0]
    return format_html(
        '<img class="image-thumb" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        image.file.storage.url(smallest["name"]), width,
        round(width * smallest["height"] / smallest["width"]),
    )


def body_picture_choices(limit: int = 5) -> list[dict[str, Any]]:
    """The most recent pictures a story body can place, for the story form's panel."""
    return [{"image": image, "thumbnail": image_thumbnail(image, width=64),
             "token": f"[image {image.pk}]"}
            for image in Image.objects.described()[:limit]]


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
class ImageAdmin(admin.ModelAdmin):
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
        return f"{when} by {services.display_name(image.uploaded_by)}"

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
        usage = services.image_usage(image)
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
        except _ServiceRefused as refused:
            return _render_refused(self, request, refused, object_id, form_url,
                                   extra_context or {})

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            if change:
                changes = {name: data[name] for name in form.changed_data
                           if name in services.IMAGE_FIELDS}
                if changes:
                    services.image_update(Image.objects.get(pk=obj.pk), by=request.user, **changes)
            else:
                image = services.image_create(
                    file=data["file"], title=data["title"], alt_text=data["alt_text"],
                    is_decorative=data["is_decorative"], caption=data["caption"],
                    credit=data["credit"], by=request.user)
                obj.pk = image.pk
        except (ValidationError, PermissionDenied) as error:
            _add_service_error(form, error)
            # The page shows the picture as saved, not as the refused form changed it.
            raise _ServiceRefused(form, Image.objects.get(pk=obj.pk) if change else None) from error
        obj.refresh_from_db()


    # --- permissions -------------------------------------------------------------------
    def has_change_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        if obj is None:
            # Writers may change some pictures (their own, unused); the page of each decides.
            return (super().has_change_permission(request)
                    or request.user.has_perm("articles.add_image"))
        return services.can_edit_image(obj, request.user)

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
            usage = services.image_usage(image)
            if usage:
                return self._refuse_delete(request, image, services.ImageInUse(image, usage))
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.ImageInUse as in_use:  # put to use since the check above
            return self._refuse_delete(request, cast(Image, image), in_use)

    def _refuse_delete(self, request: HttpRequest, image: Image,
                       in_use: services.ImageInUse) -> HttpResponse:
        self.message_user(request, str(in_use), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:articles_image_change", args=[image.pk]))

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        services.image_delete(obj, by=request.user)

    @admin.action(description="Delete selected pictures", permissions=["delete"])
    def delete_pictures(self, request: HttpRequest,
                        queryset: QuerySet[Image]) -> HttpResponse | None:
        deletable = []
        for image in queryset:
            usage = services.image_usage(image)
            if usage:
                self.message_user(request, str(services.ImageInUse(image, usage)), messages.ERROR)
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
                    services.image_delete(image, by=request.user)
            except services.ImageInUse as in_use:
                self.message_user(request, str(in_use), messages.ERROR)
            else:
                deleted += 1
        if deleted:
            self.message_user(request, f"Deleted {deleted} picture{pluralize(deleted)} and "
                                       f"{'its' if deleted == 1 else 'their'} files.",
                              messages.SUCCESS)
        return None

    # --- several at once ---------------------------------------------------------------
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
                saved.append(services.image_create(
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
        return [image for image in pictures if services.can_edit_image(image, request.user)]

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
                services.image_update(image, by=request.user, **changes)
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
        return services.display_name(event.by) if event.by else "System"


class ShowForm(CheckedTextModelForm):
    official_url = forms.URLField(required=False, assume_scheme="https", max_length=200,
                                  label="Official site")

    class Meta:
        model = Show
        fields = list(services.SHOW_FIELDS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name = cleaned.get("name")
        if not name:
            return cleaned
        try:
            services.check_show_name_free(name, self.instance if self.instance.pk else None)
        except ValidationError as error:
            self.add_error(None, error)
        renamed = self.instance.pk and "name" in self.changed_data
        if renamed and "slug" not in self.changed_data:
            # Renaming moves the show to an address made from the new name.
            slug = services.show_slug_for(name)
            if Show.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
                self.add_error("name", f"Renamed, this show would move to /shows/{slug}/, which "
                                       f"another show uses. Choose a different slug as well.")
        return cleaned


class ShowAliasForm(CheckedTextModelForm):
    class Meta:
        model = ShowAlias
        fields = ["name"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Show.objects.filter(name__iexact=name)
        if self.instance.show_id:
            others = others.exclude(pk=self.instance.show_id)
        if others.exists():
            raise ValidationError(f"“{name}” is the name of another show. To combine the two, "
                                  f"merge them from the show list.")
        return name


class ShowAliasInline(admin.TabularInline):
    model = ShowAlias
    form = ShowAliasForm
    extra = 1
    verbose_name = "other spelling"
    verbose_name_plural = "Other spellings (searching for any of them finds this show)"


class FactChangeInline(admin.TabularInline):
    model = ShowFactChange
    fields = ["at", "fact", "before", "after", "source"]
    readonly_fields = ["at", "fact", "before", "after", "source"]
    extra = 0
    can_delete = False
    verbose_name = "tracker change"
    verbose_name_plural = "Tracker history"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ShowFactChange]:
        return super().get_queryset(request).select_related("version__article", "by")

    @admin.display(description="Reported by")
    def source(self, change: ShowFactChange) -> str:
        if change.version is not None:
            url = reverse("admin:articles_article_change", args=[change.version.article_id])
            return format_html('<a href="{}">{}</a> (version {})', url, change.version.headline,
                               change.version.number)
        return f"Edited by {services.display_name(change.by)}"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MergeShowsForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Show.objects.all(),
        label="Keep this show",
        help_text="The other selected shows are folded into it: their stories move to it, "
        "their names become its aliases and their pages redirect to it.",
    )


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    form = ShowForm
    list_display = ["name", "status", "season", "expected_release_column", "platform",
                    "last_confirmed", "story_count_column"]
    list_filter = ["status", "platform"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["poster"]
    inlines = [ShowAliasInline, FactChangeInline]
    actions = ["merge_shows"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "synopsis", "poster"]}),
        ("Tracker facts", {
            "fields": ["status", "season", "release_date", "release_window", "platform",
                       "last_confirmed"],
            "description": "Changes here are recorded in the tracker history. When a story "
                           "reports news, add it to the story instead: the change is then "
                           "linked to the story when it is published.",
        }),
        ("About the show", {"fields": ["country", "genre", "official_url"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Show]:
        return Show.objects.with_story_counts()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "poster":
            # The service refuses a poster without alt text; refuse it here with the reason.
            kwargs["queryset"] = Image.objects.described()
            kwargs["error_messages"] = {"invalid_choice": "Pick a picture that has alt text: "
                                        "describe it in the media library first."}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Expected release", ordering="release_date")
    def expected_release_column(self, show: Show) -> str:
        return show.expected_release or "—"

    @admin.display(description="Live stories", ordering="story_count")
    def story_count_column(self, show: Show) -> int:
        return getattr(show, "story_count", None) or 0

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        # Deleting a show would silently untag its stories; merging keeps them.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Show | None = None) -> bool:
        if obj is not None and obj.tagged_items.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Show, form: Any, change: bool) -> None:
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data
                       if name in services.SHOW_FIELDS}
            services.show_update(Show.objects.get(pk=obj.pk), by=request.user, **changes)
        else:
            fields = {name: form.cleaned_data[name] for name in services.SHOW_FIELDS
                      if name in form.cleaned_data}
            obj.pk = services.show_create(by=request.user, **fields).pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.show_reindex(form.instance)  # aliases are searchable

    @admin.action(description="Merge selected shows into one", permissions=["delete", "change"])
    def merge_shows(self, request: HttpRequest, queryset: QuerySet[Show]) -> HttpResponse | None:
        form = MergeShowsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            into = form.cleaned_data["into"]
            merged = [show for show in queryset if show.pk != into.pk]
            if not merged:
                self.message_user(request, "Select at least one show besides the one you keep.",
                                  messages.ERROR)
                return None
            for show in merged:
                services.show_merge(show, into=into, by=request.user)
            names = ", ".join(show.name for show in merged)
            self.message_user(request, f"Merged {names} into {into.name}. Their old pages now "
                                       f"redirect to it.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge shows",
            "opts": self.opts,
            "shows": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/show/merge.html", context)


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
        if not request.user.has_perm(services.EDIT_ANY_PERMISSION):
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
        return ", ".join(services.display_name(u) for u in story.authors.all())


# --- topics and the sign-in log: other apps' admins, put right for the newsroom ---------------

admin.site.unregister(Tag)


@admin.register(Tag)
class TopicAdmin(TagAdmin):
    """Topics are taggit's own tags."""

    def merge_tags_view(self, request: HttpRequest) -> HttpResponse:
        # taggit's page checks no permission: any staff member could open it and create topics.
        if not self.has_change_permission(request):
            raise PermissionDenied
        return cast(HttpResponse, super().merge_tags_view(request))


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class SignInAttemptAdmin(AccessAttemptAdmin):
        ordering = ["-attempt_time"]  # newest first, and a stable order to page through

        @admin.action(description="Clean up expired attempts")
        def cleanup_expired_attempts(self, request: HttpRequest,
                                     queryset: QuerySet[AccessAttempt]) -> None:
            # django-axes reads the time of "now" from the request, which its middleware sets
            # only on sign-in pages: its own action fails with AttributeError here.
            AxesProxyHandler.update_request(request)
            super().cleanup_expired_attempts(request, queryset)
