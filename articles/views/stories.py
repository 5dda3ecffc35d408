"""Reader pages. Each one is a generic view over an ArticleQuerySet method."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import DetailView, ListView

from articles.diff import text_changes
from articles.models import (
    Article,
    ArticleQuerySet,
    ArticleVersion,
    Image,
    Section,
    SlugRedirect,
    VersionKind,
)
from articles.models.image import body_image_ids
from articles.pictures import social_image_url
from articles.services import display_name
from articles.structured_data import absolute_url, news_article


class _Moved(Exception):
    def __init__(self, article: Article) -> None:
        self.article = article


class PublishedArticleMixin:
    """Finds a live story by slug. A slug the story used to have answers with a 301."""

    kwargs: dict[str, Any]
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except _Moved as moved:
            match = request.resolver_match
            assert match is not None
            url = reverse(match.view_name, kwargs={**kwargs, "slug": moved.article.slug})
            if request.META.get("QUERY_STRING"):
                url = f"{url}?{request.META['QUERY_STRING']}"
            return HttpResponsePermanentRedirect(url)

    def stories(self) -> ArticleQuerySet:
        return Article.objects.published().for_listing()

    def get_object(self, queryset: Any = None) -> Article:
        slug = self.kwargs["slug"]
        article = self.stories().filter(slug=slug).first()
        if article is not None:
            return article
        redirect = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
        if redirect is not None and redirect.article.is_live():
            raise _Moved(redirect.article)
        raise Http404("No story here.")


def story_context(article: Article, version: ArticleVersion,
                  preview: bool = False) -> dict[str, Any]:
    """What the story template needs for `version` of `article`.

    A preview shows an unpublished version as it will look once published: its update
    label or correction notice included.
    """
    public_versions = list(article.versions.public().order_by("public_number"))
    if preview and not version.is_published and article.first_published_at:
        public_versions.append(version)
    later = [v for v in public_versions if v.public_number != 1]
    corrections = [v for v in later if v.kind == VersionKind.CORRECTION]
    updates = [v for v in later if v.kind == VersionKind.UPDATE]
    return {
        "article": article,
        "version": version,
        "corrections": corrections,
        "latest_update": updates[-1] if updates else None,
        "public_versions": public_versions,
        "canonical_url": absolute_url(article.get_absolute_url()),
        "jsonld": news_article(article, version, corrections),
        "og_image": _social_image(version.lead_image),
        "body_images": body_images(version),
    }


def _social_image(image: Image | None) -> str:
    social = social_image_url(image) if image else ""
    return absolute_url(social) if social else ""


def body_images(version: ArticleVersion) -> dict[int, Image]:
    """The library pictures the body places, by id: one query, and none without any."""
    ids = body_image_ids(version.body)
    return Image.objects.in_bulk(ids) if ids else {}


class ArticleDetailView(PublishedArticleMixin, DetailView):
    template_name = "articles/article_detail.html"

    def stories(self) -> ArticleQuerySet:
        return Article.objects.published().for_detail()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = story_context(self.object, self.object.live_version)
        context["related"] = related_stories(self.object)
        return context


RELATED_STORIES = 4


def related_stories(article: Article) -> list[Article]:
    """Up to four live stories sharing a show with `article` (first) or a topic.

    `article` must come from `for_detail()`, so its shows and topics are already loaded.
    """
    if not (article.shows.all() or article.topics.all()):
        return []  # nothing to match on: spare the query
    related = Article.objects.published().related_to(article).for_related()
    return list(related[:RELATED_STORIES])


class ArticleUpdatesView(PublishedArticleMixin, DetailView):
    template_name = "articles/article_updates.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history"] = list(
            self.object.versions.public().order_by("-public_number")
        )
        context["canonical_url"] = absolute_url(self.request.path)
        return context


class PublicVersionMixin(PublishedArticleMixin):
    def get_public_version(self, article: Article, number: int) -> ArticleVersion:
        return get_object_or_404(
            article.versions.select_related("lead_image"), public_number=number
        )


class ArticleVersionView(PublicVersionMixin, DetailView):
    template_name = "articles/article_version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.get_public_version(self.object, self.kwargs["number"])
        context = story_context(self.object, version)
        context["is_current"] = version.pk == self.object.live_version_id
        context["newest_public_number"] = context["public_versions"][-1].public_number
        return context


class ArticleChangesView(PublicVersionMixin, DetailView):
    template_name = "articles/article_changes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        number = self.kwargs["number"]
        if number < 2:
            raise Http404("The first version has nothing before it to compare with.")
        new = self.get_public_version(self.object, number)
        old = self.get_public_version(self.object, number - 1)
        return {
            "article": self.object,
            "old": old,
            "new": new,
            "changes": text_changes(old, new),
            "canonical_url": absolute_url(self.request.path),
        }


class StoryListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE

    def stories(self) -> Any:
        return Article.objects.published().for_listing().newest_first()


class HomeView(StoryListView):
    def get_queryset(self) -> Any:
        return self.stories()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_heading="Latest stories", canonical_url=absolute_url("/"))
        return context


class SectionView(StoryListView):
    def get_queryset(self) -> Any:
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.stories().in_section(self.section)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_heading=self.section.name,
            page_intro=self.section.description,
            current_section=self.section,
            canonical_url=absolute_url(self.section.get_absolute_url()),
        )
        return context


class AuthorView(StoryListView):
    def get_queryset(self) -> Any:
        self.author = self._author()
        return self.stories().by_author(self.author)

    def _author(self) -> Any:
        # Only people with published stories have a public page.
        user = get_user_model().objects.filter(
            username=self.kwargs["username"], is_active=True
        ).first()
        if user is None or not Article.objects.published().by_author(user).exists():
            raise Http404("No such author.")
        return user

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        name = display_name(self.author)
        context.update(
            page_heading=f"Stories by {name}",
            author=self.author,
            canonical_url=absolute_url(self.request.path),
        )
        return context


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
