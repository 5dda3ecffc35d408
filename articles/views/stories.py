"""Reader pages of stories and lists of stories. Each one is a generic view over an
ArticleQuerySet method; the keys each page carries come from `articles.pagecache.keys`."""
from __future__ import annotations

from typing import Any, cast

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

from articles import pagecache
from articles.diff import text_changes
from articles.models import (
    Article,
    ArticleQuerySet,
    ArticleVersion,
    Section,
    SlugRedirect,
)
from articles.pagecache import keys
from articles.pagination import KeptCountMixin
from articles.people import display_name
from articles.structured_data import absolute_url
from articles.teasers import teasers
from articles.views.story_page import StoryPage, story_context


class PageKeysMixin:
    """Names what a reader page shows, for the page cache (`articles.pagecache.keys`)."""

    request: HttpRequest

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        shown = [*context.get("articles", ()), *context.get("related", ())]
        if isinstance(context.get("article"), Article):
            shown.append(context["article"])
        pagecache.tag(self.request, keys.NAV, *self.tagged_keys(context),
                      until=keys.first_expiry(shown))
        return super().render_to_response(context, **kwargs)  # type: ignore[misc]

    def tagged_keys(self, context: dict[str, Any]) -> list[str]:
        """The keys this response is tagged with: those `page_keys` names."""
        return self.page_keys(context)


def moved_permanently(url: str, request: HttpRequest) -> HttpResponse:
    """A 301 to `url` that keeps the request's query (a page of a list, a comment link)."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


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
            return moved_permanently(url, request)

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


SLUG_MAX_LENGTH = cast(int, Article._meta.get_field("slug").max_length)
SECTION_SLUG_MAX_LENGTH = cast(int, Section._meta.get_field("slug").max_length)


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """A live story. Its parts come from the fragment cache (`StoryPage`) until the story,
    one of its shows, sections, pictures or related stories changes; the comments app's
    template tags add the thread and the form."""

    template_name = "articles/article_detail.html"

    def stories(self) -> ArticleQuerySet:
        # Only the story and its live version: the rest is read when the parts are rendered.
        return Article.objects.published().select_related("live_version__lead_image")

    def get_object(self, queryset: Any = None) -> Article:
        """The story, from the fragment cache until something readers see of it or of its
        lead picture changes (each such change purges their keys): with its parts and
        thread cached too, the page asks the database nothing."""
        def look_up() -> pagecache.Rendered:
            article = super(ArticleDetailView, self).get_object(queryset)
            shown = {keys.story_key(article.pk)}
            if article.live_version and article.live_version.lead_image_id:
                # The lead picture comes with it.
                shown.add(keys.image_key(article.live_version.lead_image_id))
            return pagecache.Rendered(article, frozenset(shown), until=article.expire_at)

        slug = self.kwargs["slug"]
        if len(slug) > SLUG_MAX_LENGTH:
            raise Http404("No story has this address.")  # nor a cache key for it
        return pagecache.rendered_fragment(f"story-at:{slug}", look_up).value

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        article = self.object
        pagecache.tag(self.request, keys.NAV, until=keys.first_expiry([article]))
        return {
            "article": article,
            "version": article.live_version,
            "canonical_url": absolute_url(article.get_absolute_url()),
            "story": StoryPage(self.request, article),
        }


class KeptStoryPageMixin(PageKeysMixin):
    """A story's update history, one of its versions, or what changed in one: pages that
    show the story as it was, and change only when it (or a picture or section it shows)
    does. What each shows is gathered once and kept in the fragment cache under the page's
    keys, so a reader's request asks nothing of the database: finding the story and its
    versions, and comparing two versions' words, were most of these pages' work."""

    kwargs: dict[str, Any]
    object: Article

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if len(kwargs["slug"]) > SLUG_MAX_LENGTH:
            raise Http404("No story has this address.")  # nor a cache key for it

        def gather() -> pagecache.Rendered:
            self.object = self.get_object()  # type: ignore[attr-defined]
            context = self.get_context_data(object=self.object)  # type: ignore[attr-defined]
            context.pop("view", None)  # this request's; put back below
            return pagecache.Rendered(context, frozenset(self.page_keys(context)),
                                      until=self.object.expire_at)

        match = request.resolver_match
        assert match is not None
        name = ":".join([match.view_name, *(str(kwargs[key]) for key in sorted(kwargs))])
        kept = pagecache.rendered_fragment(name, gather)
        self.object, self.kept_keys = kept.value["article"], kept.keys
        return self.render_to_response({**kept.value, "view": self})

    def tagged_keys(self, context: dict[str, Any]) -> list[str]:
        return list(self.kept_keys)  # named by `page_keys` when the page was gathered


class ArticleUpdatesView(KeptStoryPageMixin, PublishedArticleMixin, DetailView):
    template_name = "articles/article_updates.html"

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.story_history_page(self.object)

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


class ArticleVersionView(KeptStoryPageMixin, PublicVersionMixin, DetailView):
    template_name = "articles/article_version.html"

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.story_page(self.object, context["version"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.get_public_version(self.object, self.kwargs["number"])
        context = story_context(self.object, version)
        context["is_current"] = version.pk == self.object.live_version_id
        context["newest_public_number"] = context["public_versions"][-1].public_number
        return context


class ArticleChangesView(KeptStoryPageMixin, PublicVersionMixin, DetailView):
    template_name = "articles/article_changes.html"

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.story_changes_page(self.object)

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


class TeaserListMixin:
    """For a ListView of stories (`for_teasers`): the page's teasers, from
    `articles.teasers`, as `teasers`."""

    teaser_level = 2

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["teasers"] = teasers(context["articles"], self.teaser_level)
        return context


class StoryListView(TeaserListMixin, KeptCountMixin, PageKeysMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE

    def stories(self) -> Any:
        return Article.objects.published().for_teasers().newest_first()

    def list_key(self) -> str:
        """The key every change to the stories this page lists purges."""
        raise NotImplementedError

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.story_list(self.list_key(), context["teasers"].keys)

    def count_keys(self) -> list[str]:
        return [self.list_key()]


class HomeView(StoryListView):
    def get_queryset(self) -> Any:
        return self.stories()

    def list_key(self) -> str:
        return keys.STORIES

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_heading="Latest stories", canonical_url=absolute_url("/"))
        return context


class SectionView(StoryListView):
    def get_queryset(self) -> Any:
        self.section = self._section(self.kwargs["slug"])
        return self.stories().in_section(self.section)

    @staticmethod
    def _section(slug: str) -> Section:
        """The section at `slug`, from the fragment cache until a section changes (every
        change to one purges NAV: the menu names them all)."""
        if len(slug) > SECTION_SLUG_MAX_LENGTH:
            raise Http404("No section here.")  # nor a cache key for it
        found = pagecache.fragment(f"section-at:{slug}", [keys.NAV],
                                   lambda: Section.objects.filter(slug=slug).first())
        if found is None:
            raise Http404("No section here.")
        return cast(Section, found)

    def list_key(self) -> str:
        return keys.section_key(self.section.pk)

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
    # Only people with published stories have a public page: none counted is a 404.
    allow_empty = False

    def get_queryset(self) -> Any:
        self.author = self._author()
        return self.stories().by_author(self.author)

    def list_key(self) -> str:
        return keys.author_key(self.author.pk)

    def _author(self) -> Any:
        user = get_user_model().objects.filter(
            username=self.kwargs["username"], is_active=True
        ).first()
        if user is None:
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

