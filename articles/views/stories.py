"""Reader pages. Each one is a generic view over an ArticleQuerySet method."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import DetailView, ListView

from articles import pagecache
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
from articles.pagination import KeptCountMixin
from articles.pictures import social_image_url
from articles.services import display_name
from articles.structured_data import absolute_url, news_article


class PageKeysMixin:
    """Names what a reader page shows, for the page cache (see articles/pagecache.py)."""

    request: HttpRequest

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        shown = [*context.get("articles", ()), *context.get("related", ())]
        if isinstance(context.get("article"), Article):
            shown.append(context["article"])
        pagecache.tag(self.request, pagecache.NAV, *self.page_keys(context),
                      until=first_expiry(shown))
        return super().render_to_response(context, **kwargs)  # type: ignore[misc]


def first_expiry(stories: Iterable[Article]) -> datetime | None:
    """When the first of `stories` expires: a page showing it changes then by itself, with
    no purge to announce it."""
    return min((story.expire_at for story in stories if story.expire_at), default=None)


def listed_keys(articles: Any) -> list[str]:
    """The keys a list of stories adds to its page: each teaser's picture."""
    return [pagecache.image_key(article.live_version.lead_image_id) for article in articles
            if article.live_version and article.live_version.lead_image_id]


def story_keys(article: Article, version: ArticleVersion) -> list[str]:
    """What a page of `article` at `version` shows: the story, its sections and shows (the
    facts boxes), and its pictures."""
    keys = [pagecache.story_key(article.pk)]
    keys += [pagecache.section_key(section.pk) for section in article.sections.all()]
    keys += [pagecache.show_key(show.pk) for show in article.shows.all()]
    if version.lead_image_id:
        keys.append(pagecache.image_key(version.lead_image_id))
    keys += [pagecache.image_key(pk) for pk in body_image_ids(version.body)]
    return keys


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
        # Unordered: a slug names one story, and the default ordering would only add work.
        found = list(self.stories().filter(slug=slug).order_by()[:1])
        if found:
            return found[0]
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


@dataclass(frozen=True)
class StoryParts:
    """The drawn parts of a story page that depend only on the story, its sections, shows,
    pictures and related stories: what the fragment cache keeps."""

    head: str
    main: str
    aside: str


def draw_story_parts(request: HttpRequest, context: dict[str, Any]) -> StoryParts:
    """`context` is a `story_context()` plus `related`."""
    return StoryParts(*(render_to_string(f"articles/includes/story_{part}.html", context,
                                         request=request)
                        for part in ("head", "main", "aside")))


SLUG_MAX_LENGTH = cast(int, Article._meta.get_field("slug").max_length)


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """A live story. Its drawn parts come from the fragment cache until the story, one of
    its shows, sections, pictures or related stories changes; the comment thread has its
    own fragment, and the form is drawn for every reader."""

    template_name = "articles/article_detail.html"

    def stories(self) -> ArticleQuerySet:
        # Only the story and its live version: the rest is read when the parts are drawn.
        return Article.objects.published().select_related("live_version__lead_image")

    def get_object(self, queryset: Any = None) -> Article:
        """The story, from the fragment cache until something readers see of it or of its
        lead picture changes (each such change purges their keys): with its parts and
        thread cached too, the page asks the database nothing."""
        def look_up() -> pagecache.Drawn:
            article = super(ArticleDetailView, self).get_object(queryset)
            keys = {pagecache.story_key(article.pk)}
            if article.live_version and article.live_version.lead_image_id:
                # The lead picture comes with it.
                keys.add(pagecache.image_key(article.live_version.lead_image_id))
            return pagecache.Drawn(article, frozenset(keys), until=article.expire_at)

        slug = self.kwargs["slug"]
        if len(slug) > SLUG_MAX_LENGTH:
            raise Http404("No story has this address.")  # nor a cache key for it
        return pagecache.drawn_fragment(f"story-at:{slug}", look_up).value

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        article = self.object
        drawn_with: dict[str, Any] = {}

        def draw() -> pagecache.Drawn:
            prefetch_related_objects([article], "sections", "authors", "shows", "topics")
            context = story_context(article, article.live_version)
            context["related"] = related = related_stories(article)
            drawn_with.update(context)
            keys = [*story_keys(article, article.live_version),
                    *(pagecache.story_key(story.pk) for story in related),
                    *listed_keys(related)]
            return pagecache.Drawn(draw_story_parts(self.request, context), frozenset(keys),
                                   until=first_expiry([article, *related]))

        drawn = pagecache.drawn_fragment(f"story:{article.pk}:{article.live_version_id}", draw)
        pagecache.tag(self.request, pagecache.NAV, pagecache.comments_key(article.pk),
                      *drawn.keys, until=first_expiry([article]))
        return {
            "article": article,
            "version": article.live_version,
            "canonical_url": absolute_url(article.get_absolute_url()),
            "parts": drawn.value,
            # Just read, the versions spare the comment thread a query; from the cache,
            # the thread reads them itself if its own fragment needs drawing.
            "public_versions": drawn_with.get("public_versions"),
        }


RELATED_STORIES = 4


def related_stories(article: Article) -> list[Article]:
    """Up to four live stories sharing a show with `article` (first) or a topic.

    `article`'s shows and topics should be loaded already (`for_detail()`).
    """
    if not (article.shows.all() or article.topics.all()):
        return []  # nothing to match on: spare the query
    related = Article.objects.published().related_to(article).for_related()
    return list(related[:RELATED_STORIES])


class ArticleUpdatesView(PageKeysMixin, PublishedArticleMixin, DetailView):
    template_name = "articles/article_updates.html"

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return [pagecache.story_key(self.object.pk),
                *(pagecache.section_key(section.pk) for section in self.object.sections.all())]

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


class ArticleVersionView(PageKeysMixin, PublicVersionMixin, DetailView):
    template_name = "articles/article_version.html"

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return story_keys(self.object, context["version"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.get_public_version(self.object, self.kwargs["number"])
        context = story_context(self.object, version)
        context["is_current"] = version.pk == self.object.live_version_id
        context["newest_public_number"] = context["public_versions"][-1].public_number
        return context


class ArticleChangesView(PageKeysMixin, PublicVersionMixin, DetailView):
    template_name = "articles/article_changes.html"

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return [pagecache.story_key(self.object.pk)]

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


class StoryListView(KeptCountMixin, PageKeysMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE

    def stories(self) -> Any:
        return Article.objects.published().for_listing().newest_first()

    def list_key(self) -> str:
        """The key every change to the stories this page lists purges."""
        raise NotImplementedError

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return [self.list_key(), *listed_keys(context["articles"])]

    def count_keys(self) -> list[str]:
        return [self.list_key()]


class HomeView(StoryListView):
    def get_queryset(self) -> Any:
        return self.stories()

    def list_key(self) -> str:
        return pagecache.STORIES

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_heading="Latest stories", canonical_url=absolute_url("/"))
        return context


class SectionView(StoryListView):
    def get_queryset(self) -> Any:
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.stories().in_section(self.section)

    def list_key(self) -> str:
        return pagecache.section_key(self.section.pk)

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

    def list_key(self) -> str:
        return pagecache.author_key(self.author.pk)

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
