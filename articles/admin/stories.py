"""Stories in the admin: the list, the change form that saves each edit as a new version
through the services, and its publish/schedule/review buttons. The pages beside the form
(history, compare, preview, restore...) are in `articles.admin.story_views`."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.admin.base import ServiceRefused, add_service_error, render_refused
from articles.admin.story_views import StoryVersionsAdmin
from articles.admin.thumbnails import body_picture_choices
from articles.forms import StoryAction, StoryForm
from articles.models import Article, ArticleVersion
from articles.people import display_name
from articles.services.permissions import PUBLISH_PERMISSION, can_edit
from articles.services.publishing import (
    article_publish,
    article_submit_for_review,
    version_schedule,
)
from articles.services.stories import StaleVersionError, article_create, version_create


class AuthorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)


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


@admin.register(Article)
class ArticleAdmin(StoryVersionsAdmin):
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
        return ", ".join(display_name(u) for u in article.authors.all())

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
        return obj is None or can_edit(obj, request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        # Stories are unpublished, never deleted: their versions are the record.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> Any:
        if (obj is not None and obj.first_published_at is not None
                and not request.user.has_perm(PUBLISH_PERMISSION)):
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
        except ServiceRefused as refused:
            return render_refused(self, request, refused, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Article, form: StoryForm, change: bool) -> None:
        action = request.POST.get("_action", StoryAction.DRAFT)
        if action not in StoryAction.ALL:
            action = StoryAction.DRAFT
        data = form.cleaned_data
        try:
            if action in StoryAction.NEEDS_PUBLISH_PERMISSION and not request.user.has_perm(
                PUBLISH_PERMISSION
            ):
                raise PermissionDenied("Only editors can publish or schedule. Save a draft and "
                                       "submit it for review instead.")
            if change:
                version = version_create(
                    Article.objects.get(pk=obj.pk), by=request.user, based_on=data["based_on"],
                    slug=data.get("slug"), sections=data.get("sections"),
                    authors=list(data.get("authors") or []) or None,
                    expire_at=data.get("expire_at", ...), tracker=data.get("tracker"),
                    **form.tags(), **form.version_content(),
                )
            else:
                tags = form.tags()
                version = article_create(
                    slug=data["slug"], sections=data["sections"], authors=data["authors"],
                    expire_at=data["expire_at"], by=request.user, tracker=data.get("tracker"),
                    shows=tags["shows"] or (), topics=tags["topics"] or (),
                    **form.version_content(),
                )
            article = version.article
            self._do_action(request, article, version, action, data)
        except (StaleVersionError, ValidationError, PermissionDenied) as error:
            add_service_error(form, error)
            if isinstance(error, StaleVersionError):
                # The writer has now been told; saving again deliberately goes on top.
                data = request.POST.copy()
                data["based_on"] = str(error.latest.number)
                form.data = data
            raise ServiceRefused(form, obj if change else None) from error
        obj.pk = article.pk
        obj.refresh_from_db()

    def _do_action(self, request: HttpRequest, article: Article, version: ArticleVersion,
                   action: str, data: dict[str, Any]) -> None:
        if action == StoryAction.PUBLISH:
            article_publish(version, by=request.user)
            self.message_user(request, f"Version {version.number} is live.", messages.SUCCESS)
        elif action == StoryAction.SCHEDULE:
            version_schedule(version, go_live_at=data["go_live_at"], by=request.user)
            when = date_format(timezone.localtime(data["go_live_at"]), "DATETIME_FORMAT")
            self.message_user(request, f"Version {version.number} will go live at {when}.",
                              messages.SUCCESS)
        elif action == StoryAction.REVIEW:
            article_submit_for_review(article, by=request.user)
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
