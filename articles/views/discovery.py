"""Show hubs, the shows index, topic pages and the dated archive."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncMonth
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleQuerySet,
    Show,
    ShowFactChange,
    ShowQuerySet,
    ShowSlugRedirect,
    ShowStatus,
)
from articles import pagecache
from articles.pagecache import keys
from articles.pagination import KeptCountMixin
from articles.structured_data import absolute_url, tv_series
from articles.views.stories import PageKeysMixin, TeaserListMixin, moved_permanently


SHOW_SLUG_MAX_LENGTH = cast(int, Show._meta.get_field("slug").max_length)


@dataclass
class ShowGroup:
    """One heading of the shows index and the shows under it."""

    heading: str
    anchor: str
    shows: list[Show]


def _index_letter(name: str) -> str:
    """The A–Z heading a show files under: “Élite” under E, “24” under #."""
    first = name.strip()[:1]
    base = unicodedata.normalize("NFKD", first)[:1].upper()
    if base.isascii() and base.isalpha():
        return base
    # Scripts without a Latin base letter (Hangul, Kana…) keep their own first letter.
    return first.upper() if first.isalpha() else "#"


def _group_by_letter(shows: list[Show]) -> list[ShowGroup]:
    keyed = sorted(((_index_letter(show.name), show) for show in shows),
                   key=lambda pair: (pair[0] != "#", pair[0], pair[1].name.casefold()))
    groups: list[ShowGroup] = []
    for letter, show in keyed:
        if not groups or groups[-1].heading != letter:
            anchor = "letter-other" if letter == "#" else f"letter-{letter}"
            groups.append(ShowGroup(heading=letter, anchor=anchor, shows=[]))
        groups[-1].shows.append(show)
    return groups


def _group_by_status(shows: list[Show]) -> list[ShowGroup]:
    """Shows under each status in the tracker's order, soonest expected release first."""

    def soonest(show: Show) -> tuple[bool, date, str]:
        return (show.release_date is None, show.release_date or date.min, show.name.casefold())

    groups = []
    for status in ShowStatus:
        members = sorted((show for show in shows if show.status == status), key=soonest)
        if members:
            groups.append(ShowGroup(heading=status.label, anchor=f"status-{status.value}",
                                    shows=members))
    return groups


class ShowListView(PageKeysMixin, ListView):
    """Every show, A–Z under letter headings, or grouped by status with `?by=status`."""

    template_name = "articles/show_list.html"
    context_object_name = "shows"

    def get_queryset(self) -> ShowQuerySet:
        return Show.objects.with_story_counts().select_related("poster")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Any other value of `by` is a stale or hand-made link: the A–Z view serves it.
        by_status = self.request.GET.get("by") == "status"
        shows = list(context["shows"])
        context.update(
            by_status=by_status,
            groups=_group_by_status(shows) if by_status else _group_by_letter(shows),
            nav_current="shows",
            canonical_url=absolute_url(reverse("articles:shows")),
        )
        return context

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.show_index(show.poster_id for show in context["shows"])


class ShowDetailView(TeaserListMixin, KeptCountMixin, PageKeysMixin, ListView):
    """A show's hub: its facts and timeline, and the live stories about it, newest update first."""

    template_name = "articles/show_detail.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE
    teaser_level = 3
    show: Show

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        slug = kwargs["slug"]
        show = _hub_show(slug)
        if show is None:
            moved = ShowSlugRedirect.objects.select_related("show").filter(old_slug=slug).first()
            if moved is None:
                raise Http404("No show here.")
            return moved_permanently(moved.show.get_absolute_url(), request)
        self.show = show
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> ArticleQuerySet:
        return Article.objects.published().for_teasers().about_show(self.show).newest_first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            show=self.show,
            timeline=_timeline(self.show),
            hub=_hub_intro(self.show),
            canonical_url=absolute_url(self.show.get_absolute_url()),
            nav_current="shows",
        )
        return context

    def count_keys(self) -> list[str]:
        return [keys.show_key(self.show.pk)]

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.show_hub(self.show, context["teasers"].keys)


def _hub_show(slug: str) -> Show | None:
    """The show whose hub is at `slug`, from the fragment cache until it or its poster
    changes; that no show is there, until a show is added (that purges SHOWS)."""
    if len(slug) > SHOW_SLUG_MAX_LENGTH:
        return None  # nor a cache key for it

    def look_up() -> pagecache.Rendered:
        show = Show.objects.for_hub().filter(slug=slug).first()
        if show is None:
            return pagecache.Rendered(None, frozenset({keys.SHOWS}))
        shown = {keys.show_key(show.pk)}
        if show.poster_id:
            shown.add(keys.image_key(show.poster_id))
        return pagecache.Rendered(show, frozenset(shown))

    return cast(Show | None, pagecache.rendered_fragment(f"show-at:{slug}", look_up).value)


def _hub_intro(show: Show) -> dict[str, str]:
    """A hub's heading, poster, facts and links, and its JSON-LD, rendered, from the
    fragment cache until the show or its poster changes."""
    def render() -> pagecache.Rendered:
        shown = {keys.show_key(show.pk)}
        if show.poster_id:
            shown.add(keys.image_key(show.poster_id))
        return pagecache.Rendered({
            "intro": render_to_string("articles/includes/show_intro.html", {"show": show}),
            "jsonld": render_to_string("articles/includes/show_jsonld.html",
                                       {"jsonld": tv_series(show)}),
        }, frozenset(shown))

    return cast(dict[str, str], pagecache.rendered_fragment(f"show-intro-{show.pk}", render).value)


def _timeline(show: Show) -> str:
    """A hub's status timeline, rendered, from the fragment cache until the show changes:
    each change to its facts adds an entry, and the stories it cites are about the show, so
    their changes purge its key too."""
    def render() -> pagecache.Rendered:
        changes = list(ShowFactChange.objects.filter(show=show).for_timeline())
        cited = [change.version.article for change in changes
                 if change.version and change.version.article]
        return pagecache.Rendered(
            render_to_string("articles/includes/show_timeline.html", {"timeline": changes}),
            frozenset({keys.show_key(show.pk)}),
            # A cited story that expires stops being linked, with no purge to say so.
            until=min((story.expire_at for story in cited if story.expire_at), default=None),
        )

    return cast(str, pagecache.rendered_fragment(f"show-timeline-{show.pk}", render).value)


class TopicView(TeaserListMixin, KeptCountMixin, PageKeysMixin, ListView):
    """Live stories with a topic tag, newest update first. A topic nobody can read is a 404."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE
    allow_empty = False
    topic: Tag

    def get_queryset(self) -> ArticleQuerySet:
        self.topic = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().for_teasers().with_topic(self.topic).newest_first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            topic=self.topic,
            page_heading=self.topic.name,
            page_intro=f"Stories tagged {self.topic.name}, newest update first.",
            canonical_url=absolute_url(reverse("articles:topic", args=[self.topic.slug])),
        )
        return context

    def count_keys(self) -> list[str]:
        return [keys.topic_key(self.topic.pk)]

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.story_list(keys.topic_key(self.topic.pk), context["teasers"].keys)


class ArchiveIndexView(PageKeysMixin, ListView):
    """Months with stories, by first publication in the site's time zone, newest first."""

    template_name = "articles/archive_index.html"
    context_object_name = "months"

    def get_queryset(self) -> Any:
        return (
            Article.objects.published()
            .annotate(month=TruncMonth("first_published_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        years: dict[int, list[dict[str, Any]]] = {}
        for row in context["months"]:
            years.setdefault(row["month"].year, []).append(row)
        context.update(
            years=list(years.items()),
            nav_current="archive",
            canonical_url=absolute_url(reverse("articles:archive")),
        )
        return context

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return [keys.STORIES]


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def _month_bounds(year: str, month: str) -> tuple[date, datetime, datetime]:
    """The month's first day, and its start and end as aware datetimes in the site's zone."""
    try:
        first = date(int(year), int(month), 1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    except ValueError:
        raise Http404(f"There is no month {month} in {year}.") from None
    return first, _midnight(first), _midnight(following)


def _month_of(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


class ArchiveMonthView(TeaserListMixin, KeptCountMixin, PageKeysMixin, ListView):
    """Stories first published in one month, newest first, with links to the months around it
    that have stories. A month without stories is a 404."""

    template_name = "articles/archive_month.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSDESK_PAGE_SIZE
    allow_empty = False

    def get_queryset(self) -> ArticleQuerySet:
        self.month, self.start, self.end = _month_bounds(self.kwargs["year"], self.kwargs["month"])
        return (
            Article.objects.published()
            .for_teasers()
            .first_published_between(self.start, self.end)
            .order_by("-first_published_at", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        around = self._months_around()
        context.update(
            month=self.month,
            previous_month=_month_of(around["previous"]),
            next_month=_month_of(around["next"]),
            nav_current="archive",
            canonical_url=absolute_url(self.request.path),
        )
        return context

    def _months_around(self) -> dict[str, datetime | None]:
        """When the nearest stories before and after the month were first published, kept
        until a story is published, taken down or expires (each purges STORIES)."""
        def find() -> pagecache.Rendered:
            live = Article.objects.published()
            around = live.aggregate(
                previous=Max("first_published_at", filter=Q(first_published_at__lt=self.start)),
                next=Min("first_published_at", filter=Q(first_published_at__gte=self.end)),
                next_expiry=Min("expire_at"),
            )
            return pagecache.Rendered(around, frozenset({keys.STORIES}),
                                      until=around.pop("next_expiry"))

        name = f"months-around:{self.month.isoformat()}"
        return cast(dict[str, datetime | None], pagecache.rendered_fragment(name, find).value)

    def count_keys(self) -> list[str]:
        return [keys.STORIES]

    def page_keys(self, context: dict[str, Any]) -> list[str]:
        return keys.story_list(keys.STORIES, context["teasers"].keys)


show_list = ShowListView.as_view()
show_detail = ShowDetailView.as_view()
topic_detail = TopicView.as_view()
archive_index = ArchiveIndexView.as_view()
archive_month = ArchiveMonthView.as_view()
