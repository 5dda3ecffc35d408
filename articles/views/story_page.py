"""A story's page: what its template shows of a version, and the parts of it (head, main,
aside) that depend only on the story, its sections, shows, pictures and related stories.

The template asks for each part with ``{% story_part story "main" %}``; the first ask
renders the three from their templates (``articles/includes/story_<part>.html``) and keeps
them in the fragment cache, under the keys `pagecache.keys.story_page` names, until one
of those changes. The admin's preview uses the same page, with nothing cached.
"""
from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from articles import pagecache
from articles.models import Article, ArticleVersion, Image, VersionKind
from articles.models.image import body_image_ids
from articles.pagecache import keys
from articles.pictures import social_image_url
from articles.structured_data import absolute_url, news_article

PARTS = ("head", "main", "aside")
RELATED_STORIES = 4


def story_context(article: Article, version: ArticleVersion,
                  preview: bool = False) -> dict[str, Any]:
    """What the story's templates need for `version` of `article`.

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


def related_stories(article: Article) -> list[Article]:
    """Up to four live stories sharing a show with `article` (first) or a topic.

    `article`'s shows and topics should be loaded already (`for_detail()`).
    """
    if not (article.shows.all() or article.topics.all()):
        return []  # nothing to match on: spare the query
    related = Article.objects.published().related_to(article).for_related()
    return list(related[:RELATED_STORIES])


class StoryPage:
    """The parts of `article`'s page at `version` (its live one unless given).

    Live, the parts come from the fragment cache and the request is tagged with their
    keys; a preview renders them each time, without related stories, and caches nothing.
    """

    def __init__(self, request: HttpRequest, article: Article,
                 version: ArticleVersion | None = None, *, preview: bool = False) -> None:
        self.request = request
        self.article = article
        shown = version or article.live_version
        assert shown is not None, "a story page shows a version"
        self.version: ArticleVersion = shown
        self.preview = preview
        # The versions read while rendering, which spare the comment thread a query; None
        # when the parts came from the cache (the thread then reads them if it must).
        self.public_versions: list[ArticleVersion] | None = None

    def part(self, name: str) -> SafeString:
        return mark_safe(self._parts[name])  # rendered by our own templates, escaped there

    @cached_property
    def _parts(self) -> dict[str, str]:
        if self.preview:
            return self._render().value
        article = self.article
        rendered = pagecache.rendered_fragment(f"story:{article.pk}:{article.live_version_id}",
                                         self._render)
        pagecache.tag(self.request, *rendered.keys)
        return rendered.value

    def _render(self) -> pagecache.Rendered:
        article, version = self.article, self.version
        if self.preview:
            context = story_context(article, version, preview=True)
            related: list[Article] = []
        else:
            prefetch_related_objects([article], "sections", "authors", "shows", "topics")
            context = story_context(article, version)
            related = related_stories(article)
        context["related"] = related
        self.public_versions = context["public_versions"]
        parts = {part: render_to_string(f"articles/includes/story_{part}.html", context,
                                        request=self.request) for part in PARTS}
        return pagecache.Rendered(parts, frozenset(keys.story_page(article, version, related)),
                               until=keys.first_expiry([article, *related]))


def story_preview(request: HttpRequest, article: Article, version: ArticleVersion, *,
                  back_url: str) -> HttpResponse:
    """The story page as readers would see `version` of `article` once it is published
    (for the admin's preview; nothing of it is cached). `back_url`: where "Back to editing"
    leads."""
    article = Article.objects.for_detail().get(pk=article.pk)
    story = StoryPage(request, article, version, preview=True)
    return TemplateResponse(request, "articles/article_detail.html", {
        "article": article, "version": version, "story": story, "preview": True,
        "back_url": back_url, "canonical_url": absolute_url(article.get_absolute_url()),
    })
