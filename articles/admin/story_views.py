"""The pages beside a story's change form: its history, comparing two versions, a preview
of any version, and the buttons that restore, publish, unschedule, unpublish and republish.
`ArticleAdmin` (in `articles.admin.stories`) is built on `StoryVersionsAdmin`."""
from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from articles.diff import compare_versions
from articles.forms import CompareForm
from articles.models import Article, ArticleVersion
from articles.services.permissions import PUBLISH_PERMISSION
from articles.services.publishing import (
    article_publish,
    article_republish,
    article_unpublish,
    version_restore,
    version_unschedule,
)
from articles.views.story_page import story_preview


class StoryVersionsAdmin(admin.ModelAdmin):
    """A story's versions in the admin. Every page checks the reader may see the story, and
    every button that changes it that they may change it; the services check the rest."""

    def _story_context(self, request: HttpRequest, object_id: str | None) -> dict[str, Any]:
        if object_id is None:
            return {"can_publish": request.user.has_perm(PUBLISH_PERMISSION)}
        # None for an id that is no story's, or no number at all (a mistyped address).
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return {}
        return {
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
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
        version = get_object_or_404(article.versions.select_related("lead_image"), number=number)
        return story_preview(request, article, version,
                             back_url=reverse("admin:articles_article_change", args=[article.pk]))

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
            lambda a: version_restore(self._version(a, number), by=request.user),
            f"Version {number} was copied into a new version. Nothing was overwritten; "
            f"publish the new version when it is ready.",
        )

    @method_decorator(require_POST)
    def publish_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        return self._post_action(
            request, object_id,
            lambda a: article_publish(self._version(a, number), by=request.user),
            f"Version {number} is live.",
        )

    @method_decorator(require_POST)
    def unschedule_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        return self._post_action(
            request, object_id,
            lambda a: version_unschedule(self._version(a, number), by=request.user),
            f"Version {number} will not go live.",
        )

    @method_decorator(require_POST)
    def unpublish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._post_action(
            request, object_id, lambda a: article_unpublish(a, by=request.user),
            "The story is no longer visible to readers.",
        )

    @method_decorator(require_POST)
    def republish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._post_action(
            request, object_id, lambda a: article_republish(a, by=request.user),
            "The story is visible to readers again.",
        )
