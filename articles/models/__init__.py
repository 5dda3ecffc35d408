from articles.models.article import (
    Article,
    ArticleQuerySet,
    ArticleState,
    PublicationEvent,
    Section,
    SlugRedirect,
    StoryToUpdate,
)
from articles.models.image import BodyImage, Image, ImageQuerySet
from articles.models.search import SearchEntry
from articles.models.show import (
    Show,
    ShowAlias,
    ShowFactChange,
    ShowQuerySet,
    ShowSlugRedirect,
    ShowStatus,
    TaggedShow,
    TaggedTopic,
    TrackerFact,
)
from articles.models.version import ArticleVersion, VersionKind, VersionQuerySet
from articles.models.wordpress import WordPressMedia, WordPressPost

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleState",
    "ArticleVersion",
    "BodyImage",
    "Image",
    "ImageQuerySet",
    "PublicationEvent",
    "SearchEntry",
    "Section",
    "Show",
    "ShowAlias",
    "ShowFactChange",
    "ShowQuerySet",
    "ShowSlugRedirect",
    "ShowStatus",
    "SlugRedirect",
    "StoryToUpdate",
    "TaggedShow",
    "TaggedTopic",
    "TrackerFact",
    "VersionKind",
    "VersionQuerySet",
    "WordPressMedia",
    "WordPressPost",
]
