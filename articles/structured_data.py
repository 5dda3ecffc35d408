"""schema.org JSON-LD and absolute URLs for story pages and show hubs."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from articles.models import Article, ArticleVersion, Show
from articles.people import display_name
from articles.pictures import social_image_url


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def news_article(article: Article, version: ArticleVersion,
                 corrections: list[ArticleVersion]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": version.headline[:110],
        "description": version.display_description,
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "datePublished": article.first_published_at.isoformat() if article.first_published_at else None,
        "dateModified": (article.last_updated_at or article.first_published_at).isoformat()
        if article.first_published_at else None,
        "author": [
            {
                "@type": "Person",
                "name": display_name(author),
                "url": absolute_url(reverse("articles:author", args=[author.get_username()])),
            }
            for author in article.authors.all()
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME,
                      "url": settings.SITE_URL},
        "articleSection": [section.name for section in article.sections.all()],
    }
    if version.lead_image:
        if social := social_image_url(version.lead_image):
            data["image"] = [absolute_url(social)]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.public_note,
                "datePublished": correction.published_at.isoformat()
                if correction.published_at else None,
            }
            for correction in corrections
        ]
    return data


def tv_series(show: Show) -> dict[str, Any]:
    """A show hub's TVSeries, with the season the tracker follows as its TVSeason.

    The platform is the series' publisher: schema.org has no "watch on" property for a
    series, and a streaming service or channel is who puts the show out. A season gets a
    `startDate` only when the release date is exact; a window's first day is a sort key,
    not a claim about the release.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TVSeries",
        "name": show.name,
        "url": absolute_url(show.get_absolute_url()),
    }
    if show.synopsis:
        data["description"] = show.synopsis
    if show.genre:
        data["genre"] = show.genre
    if show.country:
        data["countryOfOrigin"] = {"@type": "Country", "name": show.country}
    if show.platform:
        data["publisher"] = {"@type": "Organization", "name": show.platform}
    if show.poster:
        if social := social_image_url(show.poster):
            data["image"] = absolute_url(social)
    if show.official_url:
        data["sameAs"] = show.official_url
    if show.season:
        season: dict[str, Any] = {
            "@type": "TVSeason",
            "name": f"Season {show.season}",
            "seasonNumber": show.season,
        }
        if show.release_date and not show.release_window:
            season["startDate"] = show.release_date.isoformat()
        data["containsSeason"] = [season]
    return data
