"""Full-text search over live stories: SQLite FTS5 or PostgreSQL full-text search.

Services call `index_article` whenever what readers can find changes; views call `search`.
"""
from __future__ import annotations

from articles.models import Article, SearchEntry
from articles.sanitize import html_to_text


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
            "headline": version.headline,
            "standfirst": version.standfirst,
            "body": html_to_text(version.body),
            "shows": " ".join(show_words),
        },
    )
