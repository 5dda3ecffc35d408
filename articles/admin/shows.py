"""Shows in the admin: the list, one show's page with its other spellings and tracker
history, and merging duplicates. The show, its facts and each new spelling are saved
through the show services."""
from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.admin.base import ServiceRefused, add_service_error, render_refused
from articles.forms import CheckedTextModelForm
from articles.models import Image, Show, ShowAlias, ShowFactChange
from articles.people import display_name
from articles.services.shows import (
    SHOW_FIELDS,
    check_show_name_free,
    show_alias_add,
    show_alias_remove,
    show_alias_rename,
    show_create,
    show_merge,
    show_slug_for,
    show_update,
)


class ShowForm(CheckedTextModelForm):
    official_url = forms.URLField(required=False, assume_scheme="https", max_length=200,
                                  label="Official site")

    class Meta:
        model = Show
        fields = list(SHOW_FIELDS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name = cleaned.get("name")
        if not name:
            return cleaned
        try:
            check_show_name_free(name, self.instance if self.instance.pk else None)
        except ValidationError as error:
            self.add_error(None, error)
        renamed = self.instance.pk and "name" in self.changed_data
        if renamed and "slug" not in self.changed_data:
            # Renaming moves the show to an address made from the new name.
            slug = show_slug_for(name)
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
        return f"Edited by {display_name(change.by)}"

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
                       if name in SHOW_FIELDS}
            show_update(Show.objects.get(pk=obj.pk), by=request.user, **changes)
        else:
            fields = {name: form.cleaned_data[name] for name in SHOW_FIELDS
                      if name in form.cleaned_data}
            obj.pk = show_create(by=request.user, **fields).pk
        obj.refresh_from_db()

    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "", extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # The request's transaction is rolled back by now: the page shows the show as
            # it is saved, not as the refused save had changed it.
            if refused.obj is None:
                refused.form.instance.pk = None
                refused.form.instance._state.adding = True
            else:
                refused.obj = self.get_object(request, unquote(cast(str, object_id)))
            return render_refused(self, request, refused, object_id, form_url,
                                  extra_context or {})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The other spellings go through the show services, after the show itself. If one
        is refused, the reason goes beside its row and nothing of the save is kept."""
        form.save_m2m()
        refused = False
        for formset in formsets:
            if formset.model is ShowAlias:
                refused |= not self._save_aliases(request, formset)
            else:
                # The tracker history: read-only rows, so this saves nothing.
                self.save_formset(request, form, formset, change)
        if refused:
            raise ServiceRefused(form, form.instance if change else None, formsets)

    def _save_aliases(self, request: HttpRequest, formset: Any) -> bool:
        """Save the rows of the other-spellings inline; False if the service refused one."""
        show = formset.instance
        # Read by the change message in the history, as Django's own save fills them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        refused = False
        for alias_form in formset.forms:
            is_new = alias_form in formset.extra_forms
            deleted = alias_form in formset.deleted_forms
            if (is_new and deleted) or not (deleted or alias_form.has_changed()):
                continue
            try:
                if deleted:
                    show_alias_remove(alias_form.instance, by=request.user)
                    formset.deleted_objects.append(alias_form.instance)
                elif is_new:
                    formset.new_objects.append(show_alias_add(
                        show, name=alias_form.cleaned_data["name"], by=request.user))
                else:
                    formset.changed_objects.append((show_alias_rename(
                        alias_form.instance, name=alias_form.cleaned_data["name"],
                        by=request.user), alias_form.changed_data))
            except (ValidationError, PermissionDenied) as error:
                add_service_error(alias_form, error)
                refused = True
        return not refused

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
                show_merge(show, into=into, by=request.user)
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

