"""The story a comment is on, as the comments admin shows it.

Moderators work on comments only, and the admin's story pages answer them "403 Forbidden":
their queue and comment pages name the story and link to it on the site instead, and only
people who may read stories in the admin get a link there.
"""
from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from comments.models import Comment
from comments.services.options import comments_close_at, comments_open

# The list and the comment page never show story bodies; versions can be long.
UNUSED_COLUMNS = ["article__live_version__body", "article__latest_version__body",
                  "article__live_version__metadata", "article__latest_version__metadata"]


def may_open_stories(request: HttpRequest) -> bool:
    """Whether the person may open the admin's story pages (else they only get site links)."""
    return request.user.has_perm("articles.view_article")


def story_cell(comment: Comment, *, admin_link: bool) -> str:
    """The queue's story column: the headline, its page on the site, its comments here."""
    article = comment.article
    headline = Truncator(article.headline or article.slug).chars(70)
    return format_html(
        '{}<br><small><a href="{}">on the site</a> · <a href="?story={}">its comments</a>'
        '</small>',
        format_html('<a href="{}">{}</a>', reverse("admin:articles_article_change",
                                                   args=[article.pk]), headline)
        if admin_link else headline,
        article.get_absolute_url(), article.pk,
    )


def story_about(comment: Comment, *, admin_link: bool) -> str:
    """The comment page's story field: the headline, whether comments are open, and a link
    to the story's comment settings (to add them when it has none)."""
    article = comment.article
    if not comments_open(article):
        status = "Comments are closed"
    elif close_at := comments_close_at(article):
        status = f"Comments open until {date_format(timezone.localtime(close_at), 'DATETIME_FORMAT')}"
    else:
        status = "Comments stay open"
    options = getattr(article, "comment_options", None)
    options_url = (reverse("admin:comments_storycommentoptions_change", args=[options.pk])
                   if options else
                   f"{reverse('admin:comments_storycommentoptions_add')}?article={article.pk}")
    return format_html(
        '{} (<a href="{}">on the site</a>)<br>{} '
        '(<a href="{}">comment settings for this story</a>)',
        format_html('<a href="{}">{}</a>', reverse("admin:articles_article_change",
                                                   args=[article.pk]), article.headline)
        if admin_link else article.headline,
        comment.get_absolute_url(), status, options_url,
    )
