"""Full-text search over live stories: SQLite FTS5 or PostgreSQL full-text search.

Services call `index_article` whenever what readers can find changes; views call `search`.
The FTS5 table (SQLite) and the GIN index (PostgreSQL) are made by migration 0005.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection, transaction
from django.db.models import Count, F, Min
from django.db.models.expressions import CombinedExpression, RawSQL
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import pagecache
from articles.text import without_control_characters
from articles.models import Article, SearchEntry
from articles.models.image import BODY_IMAGE_TOKEN
from articles.teasers import HitFrame, hit_frames
from articles.sanitize import html_to_text

MAX_QUERY_LENGTH = 200
# More words than this add little to a reader's search and a lot to the work per query.
MAX_TERMS = 10

# Matched words come back from FTS5 and ts_headline between these two characters. The text
# is escaped first and only then are they turned into <mark>, so stored `<` and `&` stay text.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
_MARKERS = re.compile(f"[{_START}{_STOP}]")
_WORD = re.compile(r"\w+")
# What websearch_to_tsquery may see besides words: its phrase quotes and "-" for NOT (and
# "or", a word). In a C-locale database it would read emoji and symbols as words.
_NOT_WEBSEARCH = re.compile(r'[^\w\s"-]')

_FTS = "articles_searchentry_fts"
# Column order of the FTS5 table: headline, standfirst, body, shows. A headline or show-name
# match has to beat any body-only match; bm25 saturates with repetition, so 10:1 does that.
_BM25 = f"bm25({_FTS}, 10.0, 4.0, 1.0, 10.0)"
_SNIPPET_TOKENS = 32


def index_article(article: Article) -> None:
    """Make the search entry of `article` match its live version, or drop it when not live."""
    if not article.is_live() or article.live_version is None:
        SearchEntry.objects.filter(article=article).delete()
        return
    version = article.live_version
    show_words = []
    for show in article.shows.prefetch_related("aliases"):
        show_words.append(show.name)
        show_words.extend(alias.name for alias in show.aliases.all())
    SearchEntry.objects.update_or_create(
        article=article,
        defaults={
            "headline": _plain(version.headline),
            "standfirst": _plain(version.standfirst),
            # A picture's own caption for this story is words readers see; its token is not.
            "body": _plain(html_to_text(BODY_IMAGE_TOKEN.sub(
                lambda token: token["caption"] or "", version.body))),
            "shows": _plain(" ".join(show_words)),
        },
    )
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(article=article).update(vector=search_vector())


def search_vector() -> CombinedExpression:
    """PostgreSQL's weighted vector of an entry: headline and show names count most."""
    return (SearchVector("headline", "shows", weight="A", config="english")
            + SearchVector("standfirst", weight="B", config="english")
            + SearchVector("body", weight="C", config="english"))


@transaction.atomic
def rebuild_index() -> int:
    """Rebuild every entry from the stories live now; returns how many are searchable."""
    published = Article.objects.published()
    SearchEntry.objects.exclude(article__in=published).delete()
    count = 0
    for article in published.select_related("live_version").order_by("pk").iterator():
        index_article(article)
        count += 1
    if connection.vendor == "sqlite":
        # Re-reads every entry, in case the FTS5 index drifted from them (e.g. rows written
        # while its triggers were missing).
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {_FTS}({_FTS}) VALUES ('rebuild')")
    return count


@dataclass(frozen=True)
class Hit:
    """One search result: the story, its headline and a snippet, matched words in <mark>."""

    article_id: int
    frame: HitFrame
    headline: SafeString
    snippet: SafeString


def clean_query(raw: str) -> str:
    """The reader's query as shown back to them: no control characters, single spaces."""
    return " ".join(without_control_characters(raw, " ").split())


def search(query: str) -> SearchResults:
    """Live stories matching the reader's `query`, best first, for a Paginator.

    Any text is safe to pass: it is never read as query syntax on SQLite, and on PostgreSQL
    websearch_to_tsquery accepts anything. Nothing is searched for a query without words.
    """
    return SearchResults(query)


class SearchResults:
    """Countable and sliceable like a QuerySet. A slice runs one query for its ranked rows
    and one (plus prefetches) for their stories, however many stories match."""

    def __init__(self, query: str) -> None:
        text = without_control_characters(query[:MAX_QUERY_LENGTH], " ")
        self.terms = _WORD.findall(text)[:MAX_TERMS]
        self._websearch = _NOT_WEBSEARCH.sub(" ", text)
        self._postgres = connection.vendor == "postgresql"

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    # Ranking every match costs time in proportion to how many stories match (a show's
    # name can match thousands), and readers search the same few names over and over: the
    # count and each page of ranked rows are kept until a story or a show changes.
    _KEYS = frozenset({pagecache.STORIES, pagecache.SHOWS})

    @cached_property
    def _name(self) -> str:
        searched = self._websearch if self._postgres else self._match
        return hashlib.sha256(searched.encode()).hexdigest()

    @cached_property
    def _count(self) -> int:
        if not self.terms:
            return 0

        def render() -> pagecache.Rendered:
            # A story that expires leaves the results: the count is kept until then.
            figures = self._entries().aggregate(
                matches=Count("pk"), next_expiry=Min("article__expire_at"))
            return pagecache.Rendered(figures["matches"], self._KEYS, until=figures["next_expiry"])

        return int(pagecache.rendered_fragment(f"search-count:{self._name}", render).value)

    def _rows(self, start: int, stop: int) -> list[tuple[int, str, str, str]]:
        def rank() -> list[tuple[int, str, str, str]]:
            if self._postgres:
                return self._postgres_page(start, stop)
            return self._sqlite_page(start, stop)

        return list(pagecache.fragment(f"search:{self._name}:{start}:{stop}", self._KEYS, rank))

    def __getitem__(self, index: slice) -> list[Hit]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("Search results can only be sliced, e.g. results[0:12].")
        start, stop = index.start or 0, index.stop
        if not self.terms or stop is None or stop <= start or start >= self._count:
            return []
        rows = self._rows(start, stop)
        frames = hit_frames([row[0] for row in rows])
        return [
            Hit(
                article_id=pk,
                frame=frames[pk],
                headline=_highlight(headline),
                snippet=_highlight(_best_snippet(standfirst, body)),
            )
            for pk, headline, standfirst, body in rows
            if pk in frames
        ]

    @cached_property
    def _tsquery(self) -> SearchQuery:
        return SearchQuery(self._websearch, search_type="websearch", config="english")

    @property
    def _match(self) -> str:
        """The reader's words as FTS5 strings, joined by an implicit AND: no syntax at all."""
        return " ".join('"{}"'.format(term.replace('"', '""')) for term in self.terms)

    def _entries(self) -> Any:
        entries = SearchEntry.objects.filter(article__in=Article.objects.published())
        if self._postgres:
            return entries.filter(vector=self._tsquery)
        return entries.filter(
            article_id__in=RawSQL(f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH %s", [self._match])
        )

    def _postgres_page(self, start: int, stop: int) -> list[tuple[int, str, str, str]]:
        query = self._tsquery
        marks: dict[str, Any] = {"config": "english", "start_sel": _START, "stop_sel": _STOP}
        return list(
            self._entries()
            .annotate(
                rank=SearchRank(F("vector"), query),
                marked_headline=SearchHeadline("headline", query, highlight_all=True, **marks),
                marked_standfirst=SearchHeadline("standfirst", query, highlight_all=True, **marks),
                body_snippet=SearchHeadline(
                    "body", query, max_words=35, min_words=15, max_fragments=2,
                    fragment_delimiter=" … ", **marks,
                ),
            )
            .order_by("-rank", "-article__last_updated_at", "-article_id")
            .values_list("article_id", "marked_headline", "marked_standfirst", "body_snippet")
            [start:stop]
        )

    def _sqlite_page(self, start: int, stop: int) -> list[tuple[int, str, str, str]]:
        published_sql, published_params = (
            Article.objects.published().order_by().values("pk").query.sql_with_params()
        )
        # The inner query ranks every match and keeps one page; the outer one makes snippets
        # for that page only. bm25 uses whole-index statistics, so both rank alike. `+rowid`
        # keeps the IN lists away from FTS5, which would otherwise run the MATCH once per
        # listed row (each time recounting the index for bm25): seconds instead of
        # milliseconds with a few thousand stories.
        sql = f"""
            SELECT rowid,
                   highlight({_FTS}, 0, %s, %s),
                   highlight({_FTS}, 1, %s, %s),
                   snippet({_FTS}, 2, %s, %s, %s, {_SNIPPET_TOKENS})
            FROM {_FTS}
            WHERE {_FTS} MATCH %s AND +rowid IN (
                SELECT rowid FROM {_FTS}
                WHERE {_FTS} MATCH %s AND +rowid IN ({published_sql})
                ORDER BY {_BM25}, rowid DESC
                LIMIT %s OFFSET %s
            )
            ORDER BY {_BM25}, rowid DESC
        """
        params = [
            _START, _STOP, _START, _STOP, _START, _STOP, "…",
            self._match, self._match, *published_params, stop - start, start,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())


def _plain(text: str) -> str:
    """Stored text never holds the snippet markers, so every <mark> comes from a match."""
    return without_control_characters(text, " ")


def _best_snippet(standfirst: str, body: str) -> str:
    """The standfirst sums a story up, so it wins unless only the body has the words."""
    if _START in body and _START not in standfirst:
        return body
    return standfirst or body


def _highlight(marked: str) -> SafeString:
    """Escape `marked`, then turn the matched words it brackets into <mark> elements."""
    html = _MARKED.sub(r"<mark>\1</mark>", str(escape(marked or "")))
    return mark_safe(_MARKERS.sub("", html))
