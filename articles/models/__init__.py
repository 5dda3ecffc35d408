from articles.models.article import (
    Article,
    ArticleQuerySet,
    ArticleState,
    PublicationEvent,
    Section,
    SlugRedirect,
)
from articles.models.image import Image
from articles.models.version import ArticleVersion, VersionKind, VersionQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleState",
    "ArticleVersion",
    "Image",
    "PublicationEvent",
    "Section",
    "SlugRedirect",
    "VersionKind",
    "VersionQuerySet",
]
