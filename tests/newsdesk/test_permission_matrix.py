"""Who may do what: every admin page, button and bulk action, and the reader pages that must
stay hidden, for each role.

The table below is the spec. It follows the README's roles and the groups the migrations
make: Writers write and edit their own stories and upload pictures; Editors do that on any
story, publish, keep the publishing log, manage shows and sections, and moderate; Moderators
work the comments and nothing else; only a superuser manages accounts, topics and the sign-in
log. The list of admin pages and actions is not typed here: it is read from the admin's URLs
and registered actions, so a new page or action that nobody put in the table fails as "not
in the matrix".

Each cell is one test: it sends the GET a person's browser would and, where the page changes
something, the POST its form would, then checks what that person would see and what the
database holds.
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from html.parser import HTMLParser
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import constants as message_levels
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.forms import StoryAction
from articles.models import (
    Article,
    ArticleState,
    Image,
    PublicationEvent,
    Section,
    Show,
    StoryToUpdate,
)
from comments import services as comment_services
from comments.models import (
    AkismetOutage,
    Comment,
    CommentState,
    SpamRule,
    StoryCommentOptions,
)
from tests import imagefiles

User = get_user_model()
ROLES = ["anonymous", "writer", "other_writer", "editor", "moderator", "superuser"]

# Y  may: the page answers and, where it changes something, the change happens.
# R  may look, not change: the page answers; its POST is refused and changes nothing.
# N  refused: 403, "not found", or the action is not offered; a POST changes nothing.
#    On reader pages: nobody, staff included, sees it (staff preview in the admin).
# L  sent to the admin's sign-in page; a POST changes nothing.
#
# "writer" is the author of the story and the uploader of the picture the row acts on;
# "other" is another writer. Comments' admin rows act on a comment on the writer's story.
MATRIX_TABLE = """
                                        anon  writer other editor moder super
# the admin's own pages
index                                     L     Y     Y     Y     Y     Y
login                                     Y     Y     Y     Y     Y     Y
logout                                    L     Y     Y     Y     Y     Y
password-change                           L     Y     Y     Y     Y     Y
password-change-done                      L     Y     Y     Y     Y     Y
jsi18n                                    L     Y     Y     Y     Y     Y
view-on-site                              L     Y     Y     Y     Y     Y
app-list-auth                             L     N     N     N     N     Y
app-list-taggit                           L     N     N     N     N     Y
app-list-axes                             L     N     N     N     N     Y
app-list-articles                         L     Y     Y     Y     N     Y
app-list-comments                         L     N     N     Y     Y     Y
# pickers in forms (the autocomplete searches one kind of record)
autocomplete-auth.user                    L     N     N     N     N     Y
autocomplete-auth.group                   L     N     N     N     N     Y
autocomplete-taggit.tag                   L     N     N     N     N     Y
autocomplete-axes.accessattempt           L     N     N     N     N     Y
autocomplete-articles.article             L     Y     Y     Y     N     Y
autocomplete-articles.section             L     Y     Y     Y     N     Y
autocomplete-articles.image               L     Y     Y     Y     N     Y
autocomplete-articles.show                L     Y     Y     Y     N     Y
autocomplete-comments.comment             L     N     N     Y     Y     Y
# stories
article-changelist                        L     Y     Y     Y     N     Y
article-add                               L     Y     Y     Y     N     Y
article-change                            L     Y     R     Y     N     Y
article-history                           L     Y     Y     Y     N     Y
article-delete                            L     N     N     N     N     N
article-compare                           L     Y     Y     Y     N     Y
article-preview                           L     Y     Y     Y     N     Y
article-restore                           L     Y     N     Y     N     Y
article-publish                           L     N     N     Y     N     Y
article-unschedule                        L     N     N     Y     N     Y
article-unpublish                         L     N     N     Y     N     Y
article-republish                         L     N     N     Y     N     Y
article-action-delete_selected            L     N     N     N     N     N
story-button-review                       L     Y     N     Y     N     Y
story-button-publish                      L     N     N     Y     N     Y
story-button-schedule                     L     N     N     Y     N     Y
# the publishing log and the writers' queue
publicationevent-changelist               L     N     N     Y     N     Y
publicationevent-add                      L     N     N     N     N     N
publicationevent-change                   L     N     N     R     N     R
publicationevent-history                  L     N     N     Y     N     Y
publicationevent-delete                   L     N     N     N     N     N
publicationevent-action-delete_selected   L     N     N     N     N     N
storytoupdate-changelist                  L     Y     Y     Y     N     Y
storytoupdate-add                         L     N     N     N     N     N
storytoupdate-change                      L     R     N     R     N     R
storytoupdate-history                     L     Y     N     Y     N     Y
storytoupdate-delete                      L     N     N     N     N     N
storytoupdate-action-delete_selected      L     N     N     N     N     N
# sections
section-changelist                        L     R     R     Y     N     Y
section-add                               L     N     N     Y     N     Y
section-change                            L     R     R     Y     N     Y
section-history                           L     Y     Y     Y     N     Y
section-delete                            L     N     N     N     N     Y
section-action-delete_selected            L     N     N     N     N     Y
# the media library
image-changelist                          L     Y     Y     Y     N     Y
image-add                                 L     Y     Y     Y     N     Y
image-upload                              L     Y     Y     Y     N     Y
image-describe                            L     Y     R     Y     N     Y
image-change                              L     Y     R     Y     N     Y
image-history                             L     Y     Y     Y     N     Y
image-delete                              L     N     N     Y     N     Y
image-action-delete_selected              L     N     N     N     N     N
image-action-delete_pictures              L     N     N     Y     N     Y
# shows
show-changelist                           L     Y     Y     Y     N     Y
show-add                                  L     N     N     Y     N     Y
show-change                               L     R     R     Y     N     Y
show-history                              L     Y     Y     Y     N     Y
show-delete                               L     N     N     Y     N     Y
show-action-delete_selected               L     N     N     N     N     N
show-action-merge_shows                   L     N     N     Y     N     Y
# comments
comment-changelist                        L     N     N     Y     Y     Y
comment-add                               L     N     N     N     N     N
comment-change                            L     N     N     R     R     R
comment-history                           L     N     N     Y     Y     Y
comment-delete                            L     N     N     N     N     N
comment-moderate                          L     N     N     Y     Y     Y
comment-reply                             L     N     N     Y     Y     Y
comment-action-delete_selected            L     N     N     N     N     N
comment-action-approve                    L     N     N     Y     Y     Y
comment-action-unapprove                  L     N     N     Y     Y     Y
comment-action-mark_spam                  L     N     N     Y     Y     Y
comment-action-mark_not_spam              L     N     N     Y     Y     Y
comment-action-trash                      L     N     N     Y     Y     Y
comment-action-restore                    L     N     N     Y     Y     Y
comment-action-check_again                L     N     N     Y     Y     Y
comment-action-delete_permanently         L     N     N     Y     Y     Y
comment-action-export_commenters          L     N     N     Y     Y     Y
comment-action-erase_commenters           L     N     N     Y     Y     Y
spamrule-changelist                       L     N     N     Y     Y     Y
spamrule-add                              L     N     N     Y     Y     Y
spamrule-change                           L     N     N     Y     Y     Y
spamrule-history                          L     N     N     Y     Y     Y
spamrule-delete                           L     N     N     Y     Y     Y
spamrule-action-delete_selected           L     N     N     Y     Y     Y
storycommentoptions-changelist            L     N     N     Y     Y     Y
storycommentoptions-add                   L     N     N     Y     Y     Y
storycommentoptions-change                L     N     N     Y     Y     Y
storycommentoptions-history               L     N     N     Y     Y     Y
storycommentoptions-delete                L     N     N     N     N     Y
storycommentoptions-action-delete_selected L    N     N     N     N     Y
akismetoutage-changelist                  L     N     N     Y     Y     Y
akismetoutage-add                         L     N     N     N     N     N
akismetoutage-change                      L     N     N     R     R     R
akismetoutage-history                     L     N     N     Y     Y     Y
akismetoutage-delete                      L     N     N     N     N     N
akismetoutage-action-delete_selected      L     N     N     N     N     N
# accounts, topics and the sign-in log: the superuser's
group-changelist                          L     N     N     N     N     Y
group-add                                 L     N     N     N     N     Y
group-change                              L     N     N     N     N     Y
group-history                             L     N     N     N     N     Y
group-delete                              L     N     N     N     N     Y
group-action-delete_selected              L     N     N     N     N     Y
user-changelist                           L     N     N     N     N     Y
user-add                                  L     N     N     N     N     Y
user-change                               L     N     N     N     N     Y
user-password-change                      L     N     N     N     N     Y
user-history                              L     N     N     N     N     Y
user-delete                               L     N     N     N     N     Y
user-action-delete_selected               L     N     N     N     N     Y
tag-changelist                            L     N     N     N     N     Y
tag-add                                   L     N     N     N     N     Y
tag-change                                L     N     N     N     N     Y
tag-history                               L     N     N     N     N     Y
tag-delete                                L     N     N     N     N     Y
tag-merge-tags                            L     N     N     N     N     Y
tag-action-delete_selected                L     N     N     N     N     Y
tag-action-render_tag_form                L     N     N     N     N     Y
accessattempt-changelist                  L     N     N     N     N     Y
accessattempt-add                         L     N     N     N     N     N
accessattempt-change                      L     N     N     N     N     Y
accessattempt-history                     L     N     N     N     N     Y
accessattempt-delete                      L     N     N     N     N     Y
accessattempt-action-delete_selected      L     N     N     N     N     Y
accessattempt-action-cleanup_expired_attempts L N     N     N     N     Y
accesslog-changelist                      L     N     N     N     N     Y
accesslog-add                             L     N     N     N     N     N
accesslog-change                          L     N     N     N     N     Y
accesslog-history                         L     N     N     N     N     Y
accesslog-delete                          L     N     N     N     N     Y
accesslog-action-delete_selected          L     N     N     N     N     Y
accessfailurelog-changelist               L     N     N     N     N     Y
accessfailurelog-add                      L     N     N     N     N     N
accessfailurelog-change                   L     N     N     N     N     Y
accessfailurelog-history                  L     N     N     N     N     Y
accessfailurelog-delete                   L     N     N     N     N     Y
accessfailurelog-action-delete_selected   L     N     N     N     N     Y
# reader pages that only exist once a story is live
reader-draft-story                        N     N     N     N     N     N
reader-draft-story-updates                N     N     N     N     N     N
reader-draft-story-version                N     N     N     N     N     N
reader-draft-story-changes                N     N     N     N     N     N
reader-unpublished-version                N     N     N     N     N     N
reader-scheduled-story                    N     N     N     N     N     N
reader-taken-down-story                   N     N     N     N     N     N
reader-author-without-live-stories        N     N     N     N     N     N
reader-held-comment                       N     N     N     N     N     N
reader-draft-in-search                    N     N     N     N     N     N
reader-draft-in-feed                      N     N     N     N     N     N
"""

# Reader pages anyone may see: their content is live stories only, which the reader-page
# tests cover. Every other reader address must have a row above.
PUBLIC_READER_PAGES = {
    "articles:home", "articles:favicon", "articles:healthz", "articles:robots",
    "articles:sitemap", "articles:news_sitemap", "articles:feed_atom", "articles:section",
    "articles:section_feed", "articles:section_feed_atom", "articles:shows", "articles:show",
    "articles:show_feed", "articles:show_feed_atom", "articles:topic", "articles:archive",
    "articles:archive_month", "comments:privacy",
    # Posting a comment is open to everyone; its own tests cover who sees what it makes.
    "comments:post",
}


def parse_table(text: str) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in text.strip().splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        key, *letters = line.split()
        assert len(letters) == len(ROLES) and set(letters) <= set("YRNL"), line
        assert key not in rows, f"{key} is in the matrix twice"
        rows[key] = dict(zip(ROLES, letters))
    return rows


MATRIX = parse_table(MATRIX_TABLE)


# --- what the site has: read from the admin and the URL resolver ------------------------------

def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found += _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            found.append((prefix, entry))
    return found


def autocomplete_sources() -> dict[str, tuple[str, str, str]]:
    """For each kind of record the admin's autocomplete can search, a field that points to
    it: the autocomplete answers for any such field, so each searchable admin is a page."""
    sources = {}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.search_fields:
            continue
        # Only a relation from another model to this one: Django's autocomplete cannot
        # follow a reverse relation (it fails with AttributeError before answering).
        fields = [(source, field) for source in apps.get_models()
                  for field in source._meta.get_fields()
                  if field.is_relation and not field.auto_created and field.related_model is model]
        if fields:
            source, field = fields[0]
            sources[model._meta.label_lower] = (source._meta.app_label, source._meta.model_name,
                                                field.name)
    return sources


def admin_keys() -> list[str]:
    """Every admin page and action, named as in the table."""
    keys = []
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for prefix, pattern in _walk(admin.site.get_urls()):
        name = pattern.name
        if name is None:
            # Django's own: the old /<id>/ address redirecting to the change page, and the
            # catch-all that answers "not found". A view of ours must have a name.
            assert str(pattern.pattern) == "<path:object_id>/" or (
                pattern.callback.__name__ == "catch_all_view"), (
                f"admin/{prefix}{pattern.pattern} has no name, so it cannot be in the matrix")
            continue
        if name == "app_list":
            keys += [f"app-list-{label}" for label in labels]
        elif name == "autocomplete":
            keys += [f"autocomplete-{label}" for label in autocomplete_sources()]
        elif prefix:  # a model's page: "articles/article/" + "articles_article_publish"
            app_label, model_name = prefix.strip("/").split("/")
            view = name.removeprefix(f"{app_label}_{model_name}_")
            keys.append(f"{model_name}-{view}".replace("_", "-"))
        else:
            keys.append(name.replace("_", "-"))
    for model, model_admin in admin.site._registry.items():
        for _, action, _ in model_admin._get_base_actions():
            keys.append(f"{model._meta.model_name}-action-{action}")
    keys += [f"story-button-{action}" for action in StoryAction.ALL if action != StoryAction.DRAFT]
    return keys


def reader_url_names() -> set[str]:
    names = set()
    for prefix, pattern in _walk(get_resolver().url_patterns):
        if prefix.startswith("admin/") or pattern.name is None:
            continue
        namespace = "comments" if prefix.startswith("comments/") else "articles"
        names.add(f"{namespace}:{pattern.name}")
    return names


# --- the world the rows act on ------------------------------------------------------------------

PASSWORD = "pw-for-tests-123"  # tests/conftest.py's make_user
_numbers = itertools.count(1)


class FormFields(HTMLParser):
    """What a browser would send for each form on a page: named inputs, checked boxes,
    selected options and textareas, without the submit buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.setdefault(name, []).append(a.get("value", default))
        elif tag == "select":
            self._select = (name, "multiple" in a, [], [])
        elif tag == "textarea":
            self._textarea = [name, ""]

    def _option(self, a: dict[str, str]) -> None:
        assert self._select is not None
        _, _, selected, every = self._select
        every.append(a.get("value", ""))
        if "selected" in a:
            selected.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, selected, every = self._select
            # A single select with nothing marked sends its first option, as browsers do.
            self._form[name] = selected if multiple or selected else every[:1]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form[name] = [text.removeprefix("\n")]
            self._textarea = None


class World:
    """The records the rows act on, made the first time a row asks for one."""

    def __init__(self, client: Client, make_user: Any, make_article: Any, make_show: Any,
                 revise: Any, publish: Any, section: Section, users: dict[str, Any]) -> None:
        self.client = client
        self.section = section
        self.make_user = make_user
        self.make_article = make_article
        self.make_show = make_show
        self.revise = revise
        self.publish = publish
        self.users = users
        self.me: Any = None  # the role's user, None for anonymous
        self.selected: list[Any] = []  # what a bulk action is run on

    @property
    def writer(self) -> Any:
        return self.users["writer"]

    @property
    def editor(self) -> Any:
        return self.users["editor"]

    # --- how a superuser's browser would fill a form -------------------------------------------
    @cached_property
    def superuser_client(self) -> Client:
        client = Client()
        client.force_login(self.users["superuser"])
        return client

    def form(self, url: str, field: str, **changes: Any) -> dict[str, Any]:
        """The fields of the form on `url` that has `field`, as a superuser sees it, with
        `changes` (None removes a field)."""
        response = self.superuser_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        parser = FormFields()
        parser.feed(response.content.decode())
        form = next(f for f in parser.forms if field in f)
        data: dict[str, Any] = dict(form)
        for name, value in changes.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return data

    # --- stories ------------------------------------------------------------------------------
    def _live(self, **fields: Any) -> Article:
        article = self.make_article(by=self.writer, **fields)
        self.publish(article.latest_version, days_ago=2)
        article.refresh_from_db()
        return article

    @cached_property
    def story(self) -> Article:
        """The writer's live story (version 1) with a minor fix waiting as version 2."""
        article = self._live(slug="matrix-story", headline="Quillfeather season two confirmed")
        self.revise(article, kind="minor", headline="Quillfeather season two is confirmed")
        article.refresh_from_db()
        return article

    @cached_property
    def scheduled_update_story(self) -> Article:
        article = self._live(slug="matrix-scheduled-update")
        version = self.revise(article, kind="minor")
        services.version_schedule(version, go_live_at=timezone.now() + timedelta(days=1),
                                  by=self.editor)
        article.refresh_from_db()
        return article

    @cached_property
    def scheduled_story(self) -> Article:
        """Never published; its first version goes live tomorrow."""
        article = self.make_article(by=self.writer, slug="matrix-scheduled",
                                    headline="Embargoed: the Quillfeather casting")
        services.version_schedule(article.latest_version, by=self.editor,
                                  go_live_at=timezone.now() + timedelta(days=1))
        article.refresh_from_db()
        return article

    @cached_property
    def taken_down_story(self) -> Article:
        article = self._live(slug="matrix-taken-down", headline="Quillfeather rumour retracted")
        services.article_unpublish(article, by=self.editor)
        article.refresh_from_db()
        return article

    @cached_property
    def draft_story(self) -> Article:
        """Never published, saved twice."""
        article = self.make_article(by=self.writer, slug="matrix-draft",
                                    headline="Quillfeather exclusive: the secret finale")
        self.revise(article)
        article.refresh_from_db()
        return article

    @cached_property
    def stale_story(self) -> Article:
        """A live story about a show whose facts changed after it was saved."""
        show = self.make_show(name="Tidewater", status="renewed")
        article = self._live(slug="matrix-stale", shows=[show])
        services.show_update(show, by=self.editor, status="filming")
        return article

    @cached_property
    def event(self) -> PublicationEvent:
        return self.story.events.order_by("pk").first()

    # --- everything else ----------------------------------------------------------------------
    @cached_property
    def spare_section(self) -> Section:
        return services.section_create(name="Spare section", slug="spare-section")

    @cached_property
    def image(self) -> Image:
        """The writer's picture, not used anywhere."""
        return services.image_create(title="Harbour at dusk", file=imagefiles.jpeg(64, 48),
                                     alt_text="A harbour wall at dusk", by=self.writer)

    @cached_property
    def show(self) -> Show:
        return self.make_show(name="Spare Show")

    @cached_property
    def other_show(self) -> Show:
        return self.make_show(name="Spare Show Two")

    def comment(self, state: str = CommentState.PENDING) -> Comment:
        n = next(_numbers)
        return Comment.objects.create(
            article=self.story, version=self.story.live_version, state=state,
            author_name=f"Reader {n}", author_email=f"reader{n}@example.org",
            body=f"Comment {n}: the finale was a let-down.", ip_address="203.0.113.7",
            state_source="policy")

    @cached_property
    def held_comment(self) -> Comment:
        return self.comment(CommentState.PENDING)

    @cached_property
    def approved_comment(self) -> Comment:
        return self.comment(CommentState.APPROVED)

    @cached_property
    def spam_rule(self) -> SpamRule:
        return SpamRule.objects.create(kind=SpamRule.Kind.HOLD_WORD, value="casino")

    @cached_property
    def comment_options(self) -> StoryCommentOptions:
        return comment_services.comment_options_save(
            StoryCommentOptions(article=self.story, close_after_days=30))

    @cached_property
    def outage(self) -> AkismetOutage:
        return AkismetOutage.objects.create(last_error="Connection refused")

    @cached_property
    def group(self) -> Group:
        return Group.objects.create(name="Interns")

    @cached_property
    def visitor(self) -> Any:
        return self.make_user(None, username="visitor")

    @cached_property
    def tag(self) -> Tag:
        return Tag.objects.create(name="Cosy crime", slug="cosy-crime")

    def _access(self, model: Any, **fields: Any) -> Any:
        return model.objects.create(user_agent="Firefox", ip_address="203.0.113.9",
                                    username="someone", http_accept="*/*",
                                    path_info="/admin/login/", **fields)

    @cached_property
    def access_attempt(self) -> AccessAttempt:
        attempt = self._access(AccessAttempt, get_data="", post_data="", failures_since_start=2)
        # Long past the pause, so "clean up expired attempts" has something to clean.
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=timezone.now() - timedelta(days=2))
        return attempt

    @cached_property
    def access_log(self) -> AccessLog:
        return self._access(AccessLog)

    @cached_property
    def access_failure(self) -> AccessFailureLog:
        return self._access(AccessFailureLog, locked_out=False)


# --- how to use each page -------------------------------------------------------------------

Check = Callable[[World, Any], bool]


@dataclass
class Page:
    """One admin page: its address, the POST its form sends (None: it only shows), what that
    POST should have done, and what a GET answers a role that may use the page."""

    url: Callable[[World], str]
    post: Callable[[World], dict[str, Any]] | None = None
    done: Check | None = None
    get_status: tuple[int, ...] = (200,)
    before: Callable[[World], None] | None = None  # set-up that needs the role's session
    button: str = ""  # a button on the page that only those who may use it see
    signed_out_to: str = "admin:login"  # where the page sends someone not signed in


@dataclass
class Action:
    """A bulk action on a changelist: the records it is run on, the extra fields its
    confirmation sends, and what it should have done."""

    model: Any
    selected: Callable[[World], list[Any]]
    done: Check
    extra: Callable[[World], dict[str, Any]] = lambda w: {}


@dataclass
class ReaderPage:
    """A reader page (`name` in the URL resolver) that must not show something: `hidden`
    says it does not."""

    name: str
    url: Callable[[World], str]
    hidden: Check


def gone(model: Any, obj: Callable[[World], Any]) -> Check:
    return lambda w, response: not model._base_manager.filter(pk=obj(w).pk).exists()


def exists(model: Any, **lookup: Any) -> Check:
    return lambda w, response: model._base_manager.filter(**lookup).exists()


def admin_url(name: str, *args: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(f"admin:{name}", args=[arg(w) for arg in args])



def state_is(state: str) -> Check:
    return lambda w, response: Comment.objects.get(pk=w.selected[0].pk).state == state


NEW_PASSWORD = "Another-long-pass-9431"


@dataclass
class Kit:
    """How to use one model's standard admin pages: list, add, change, history, delete.

    `add` and `change` are what a person types into the form (the rest is sent as the page
    filled it); None means nobody may use that form, so a forged POST is sent instead.
    """

    model: Any
    obj: Callable[[World], Any]
    form_field: str = ""  # a field that picks the model's form out of the page's forms
    add: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    added: Check | None = None
    change: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    changed: Check | None = None
    change_posts: bool = True  # False when every field of the change page is read-only
    list_edit: Callable[[World], dict[str, Any]] | None = None  # list_editable columns
    list_edited: Check | None = None

    def _filled(self, url: Callable[[World], str], typed: Any) -> Callable[[World], Any]:
        if typed is None:
            return lambda w: {"_save": "Save"}
        return lambda w: w.form(url(w), self.form_field,
                                **(typed(w) if callable(typed) else typed))

    def pages(self) -> dict[str, Page]:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        add_url = admin_url(f"{name}_add")
        change_url = admin_url(f"{name}_change", lambda w: self.obj(w).pk)
        never: Check = lambda w, response: False  # noqa: E731
        return {
            f"{opts.model_name}-changelist": Page(
                admin_url(f"{name}_changelist"), post=self.list_edit, done=self.list_edited),
            f"{opts.model_name}-add": Page(
                add_url, post=self._filled(add_url, self.add), done=self.added or never),
            f"{opts.model_name}-change": Page(
                change_url, post=self._filled(change_url, self.change) if self.change_posts
                else None, done=self.changed or never),
            f"{opts.model_name}-history": Page(
                admin_url(f"{name}_history", lambda w: self.obj(w).pk)),
            f"{opts.model_name}-delete": Page(
                admin_url(f"{name}_delete", lambda w: self.obj(w).pk),
                post=lambda w: {"post": "yes"}, done=gone(self.model, self.obj)),
        }


def _section_positions(w: World) -> dict[str, Any]:
    spare = w.spare_section
    data = w.form(reverse("admin:articles_section_changelist"), "form-TOTAL_FORMS",
                  _save="Save")
    row = next(key for key, value in data.items()
               if key.endswith("-id") and value == [str(spare.pk)])
    data[row.replace("-id", "-position")] = "42"
    return data


def _latest(article: Article) -> Any:
    return Article.objects.get(pk=article.pk).latest_version


KITS = [
    Kit(Article, lambda w: w.story, "headline",
        add=lambda w: {"headline": "A story added in the matrix", "standfirst": "New.",
                       "sections": [str(w.section.pk)], "slug": "", "authors": [],
                       "_action": StoryAction.DRAFT},
        added=exists(Article, latest_version__headline="A story added in the matrix"),
        change={"headline": "Headline changed in the matrix", "_action": StoryAction.DRAFT},
        changed=lambda w, r: _latest(w.story).headline == "Headline changed in the matrix"),
    Kit(Section, lambda w: w.spare_section, "slug",
        add={"name": "Matrix section", "slug": "matrix-section"},
        added=exists(Section, slug="matrix-section"),
        change={"name": "Renamed section"},
        changed=lambda w, r: Section.objects.get(pk=w.spare_section.pk).name == "Renamed section",
        list_edit=_section_positions,
        list_edited=lambda w, r: Section.objects.get(pk=w.spare_section.pk).position == 42),
    Kit(Image, lambda w: w.image, "title",
        add=lambda w: {"file": imagefiles.jpeg(64, 48), "title": "Matrix upload",
                       "alt_text": "A test card"},
        added=exists(Image, title="Matrix upload"),
        change={"title": "Renamed picture"},
        changed=lambda w, r: Image.objects.get(pk=w.image.pk).title == "Renamed picture"),
    Kit(PublicationEvent, lambda w: w.event),
    Kit(StoryToUpdate, lambda w: w.stale_story),
    Kit(Show, lambda w: w.show, "synopsis",
        add={"name": "Matrix Show", "slug": "matrix-show"},
        added=exists(Show, slug="matrix-show"),
        change={"synopsis": "Changed in the matrix."},
        changed=lambda w, r: Show.objects.get(pk=w.show.pk).synopsis == "Changed in the matrix."),
    Kit(Comment, lambda w: w.held_comment),
    Kit(SpamRule, lambda w: w.spam_rule, "value",
        add={"kind": SpamRule.Kind.BLOCK_WORD, "value": "matrixword"},
        added=exists(SpamRule, value="matrixword"),
        change={"value": "roulette"},
        changed=lambda w, r: SpamRule.objects.get(pk=w.spam_rule.pk).value == "roulette"),
    Kit(StoryCommentOptions, lambda w: w.comment_options, "close_after_days",
        add=lambda w: {"article": str(w.draft_story.pk), "close_after_days": "7"},
        added=lambda w, r: StoryCommentOptions.objects.filter(article=w.draft_story).exists(),
        change={"close_after_days": "3"},
        changed=lambda w, r: StoryCommentOptions.objects.get(
            pk=w.comment_options.pk).close_after_days == 3),
    Kit(AkismetOutage, lambda w: w.outage),
    Kit(Group, lambda w: w.group, "name",
        add={"name": "Night desk"}, added=exists(Group, name="Night desk"),
        change={"name": "Interns renamed"},
        changed=lambda w, r: Group.objects.get(pk=w.group.pk).name == "Interns renamed"),
    Kit(User, lambda w: w.visitor, "username",
        add={"username": "newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
             "usable_password": "true"},
        added=lambda w, r: type(w.visitor).objects.filter(username="newcomer").exists(),
        change={"first_name": "Renamed"},
        changed=lambda w, r: type(w.visitor).objects.get(pk=w.visitor.pk).first_name == "Renamed"),
    Kit(Tag, lambda w: w.tag, "slug",
        add={"name": "Matrix topic", "slug": "matrix-topic"},
        added=exists(Tag, slug="matrix-topic"),
        change={"name": "Cosy crime renamed"},
        changed=lambda w, r: Tag.objects.get(pk=w.tag.pk).name == "Cosy crime renamed"),
    # Every field of the sign-in log is read-only: its change page only shows.
    Kit(AccessAttempt, lambda w: w.access_attempt, change_posts=False),
    Kit(AccessLog, lambda w: w.access_log, change_posts=False),
    Kit(AccessFailureLog, lambda w: w.access_failure, change_posts=False),
]


def _story_button(action: str, **typed: Any) -> Page:
    url = admin_url("articles_article_change", lambda w: w.story.pk)
    headline = f"Headline saved with “{action}”"

    def done(w: World, response: Any) -> bool:
        article = Article.objects.get(pk=w.story.pk)
        latest = article.latest_version
        return latest.headline == headline and {
            StoryAction.REVIEW: article.review_requested_at is not None,
            StoryAction.PUBLISH: article.live_version_id == latest.pk,
            StoryAction.SCHEDULE: latest.go_live_at is not None,
        }[action]

    return Page(url, post=lambda w: w.form(url(w), "headline", headline=headline,
                                           _action=action, **typed), done=done,
                button=f'name="_action" value="{action}"')


def _tomorrow() -> dict[str, str]:
    moment = timezone.localtime() + timedelta(days=1)
    return {"go_live_at_0": moment.strftime("%Y-%m-%d"), "go_live_at_1": "12:00:00"}


def _select_topic_to_merge(w: World) -> None:
    # What taggit's "Merge selected tags" action leaves in the session for this page.
    session = w.client.session
    session["selected_tag_ids"] = str(w.tag.pk)
    session.save()


def _me(w: World) -> Any:
    return type(w.me).objects.get(pk=w.me.pk) if w.me else None


def _autocomplete(label: str) -> Page:
    def url(w: World) -> str:
        app_label, model_name, field_name = autocomplete_sources()[label]
        return reverse("admin:autocomplete") + (
            f"?app_label={app_label}&model_name={model_name}&field_name={field_name}&term=")
    return Page(url)


POST_ONLY = (405,)
READ_ONLY_NOTE = "You can read this story but not change it"


def pages() -> dict[str, Page]:
    found: dict[str, Page] = {}
    for kit in KITS:
        found.update(kit.pages())
    labels = {model._meta.app_label for model in admin.site._registry}
    found.update({f"app-list-{label}": Page(
        lambda w, label=label: reverse("admin:app_list", kwargs={"app_label": label}))
        for label in labels})
    found.update({f"autocomplete-{label}": _autocomplete(label)
                  for label in autocomplete_sources()})
    story = lambda w: w.story.pk  # noqa: E731
    found.update({
        "index": Page(admin_url("index")),
        # Signed in already, the sign-in page sends you on to the index.
        "login": Page(admin_url("login"), get_status=(200, 302)),
        # Signed out already, the sign-out page sends you to the index, which asks you to
        # sign in.
        "logout": Page(admin_url("logout"), post=lambda w: {}, get_status=POST_ONLY,
                       signed_out_to="admin:index",
                       done=lambda w, r: w.me is not None and "_auth_user_id" not in w.client.session),
        "password-change": Page(
            admin_url("password_change"),
            post=lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                            "new_password2": NEW_PASSWORD},
            done=lambda w, r: bool(w.me) and _me(w).check_password(NEW_PASSWORD)),
        "password-change-done": Page(admin_url("password_change_done")),
        "jsi18n": Page(admin_url("jsi18n")),
        "view-on-site": Page(lambda w: reverse("admin:view_on_site", args=[
            ContentType.objects.get_for_model(Article).pk, w.story.pk]), get_status=(302,)),
        "article-compare": Page(lambda w: admin_url("articles_article_compare", story)(w)
                                + "?old=1&new=2"),
        "article-preview": Page(admin_url("articles_article_preview", story, lambda w: 2)),
        "article-restore": Page(
            admin_url("articles_article_restore", story, lambda w: 1), post=lambda w: {},
            get_status=POST_ONLY, done=lambda w, r: w.story.versions.count() == 3),
        "article-publish": Page(
            admin_url("articles_article_publish", story, lambda w: 2), post=lambda w: {},
            get_status=POST_ONLY,
            done=lambda w, r: Article.objects.get(pk=w.story.pk).live_version.number == 2),
        "article-unschedule": Page(
            admin_url("articles_article_unschedule", lambda w: w.scheduled_update_story.pk,
                      lambda w: 2), post=lambda w: {}, get_status=POST_ONLY,
            done=lambda w, r: _latest(w.scheduled_update_story).go_live_at is None),
        "article-unpublish": Page(
            admin_url("articles_article_unpublish", story), post=lambda w: {},
            get_status=POST_ONLY,
            done=lambda w, r: Article.objects.get(pk=w.story.pk).state == ArticleState.UNPUBLISHED),
        "article-republish": Page(
            admin_url("articles_article_republish", lambda w: w.taken_down_story.pk),
            post=lambda w: {}, get_status=POST_ONLY,
            done=lambda w, r: Article.objects.get(
                pk=w.taken_down_story.pk).state == ArticleState.PUBLISHED),
        "story-button-review": _story_button(StoryAction.REVIEW),
        "story-button-publish": _story_button(StoryAction.PUBLISH, kind="minor"),
        "story-button-schedule": _story_button(StoryAction.SCHEDULE, kind="minor", **_tomorrow()),
        "image-upload": Page(
            admin_url("articles_image_upload"),
            post=lambda w: {"pictures": [imagefiles.jpeg(64, 48, name="matrix-bulk.jpg")],
                            "credit": ""},
            done=exists(Image, title="matrix bulk")),
        "image-describe": Page(
            lambda w: f"{reverse('admin:articles_image_describe')}?ids={w.image.pk}",
            post=lambda w: w.form(f"{reverse('admin:articles_image_describe')}?ids={w.image.pk}",
                                  "form-TOTAL_FORMS",
                                  **{"form-0-alt_text": "Described in the matrix"}),
            done=lambda w, r: Image.objects.get(pk=w.image.pk).alt_text == "Described in the matrix"),
        "comment-moderate": Page(
            admin_url("comments_comment_moderate", lambda w: w.held_comment.pk),
            post=lambda w: {"action": "approve"}, get_status=POST_ONLY,
            done=lambda w, r: Comment.objects.get(
                pk=w.held_comment.pk).state == CommentState.APPROVED),
        "comment-reply": Page(
            admin_url("comments_comment_reply", lambda w: w.approved_comment.pk),
            post=lambda w: {"body": "Thanks, we have fixed the date."}, get_status=POST_ONLY,
            done=lambda w, r: w.approved_comment.replies.exists()),
        "tag-merge-tags": Page(
            admin_url("taggit_tag_merge_tags"), before=_select_topic_to_merge,
            post=lambda w: {"new_tag_name": "Merged topic"},
            done=exists(Tag, name="Merged topic")),
        "user-password-change": Page(
            admin_url("auth_user_password_change", lambda w: w.visitor.pk),
            post=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                            "usable_password": "true"},
            done=lambda w, r: type(w.visitor).objects.get(
                pk=w.visitor.pk).check_password(NEW_PASSWORD)),
    })
    return found


def actions() -> dict[str, Action]:
    found = {f"{kit.model._meta.model_name}-action-delete_selected": Action(
        kit.model, lambda w, kit=kit: [kit.obj(w)], gone(kit.model, kit.obj),
        extra=lambda w: {"post": "yes"}) for kit in KITS}
    first = lambda w: w.selected[0]  # noqa: E731
    found.update({
        "tag-action-render_tag_form": Action(
            Tag, lambda w: [w.tag],
            lambda w, r: r.status_code == 302 and r["Location"].endswith("merge-tags/")),
        "accessattempt-action-cleanup_expired_attempts": Action(
            AccessAttempt, lambda w: [w.access_attempt], gone(AccessAttempt, first)),
        "image-action-delete_pictures": Action(
            Image, lambda w: [w.image], gone(Image, first), extra=lambda w: {"confirm": "yes"}),
        "show-action-merge_shows": Action(
            Show, lambda w: [w.show, w.other_show], gone(Show, first),
            extra=lambda w: {"apply": "1", "into": str(w.other_show.pk)}),
        "comment-action-approve": Action(
            Comment, lambda w: [w.comment()], state_is(CommentState.APPROVED)),
        "comment-action-unapprove": Action(
            Comment, lambda w: [w.comment(CommentState.APPROVED)], state_is(CommentState.PENDING)),
        "comment-action-mark_spam": Action(
            Comment, lambda w: [w.comment()], state_is(CommentState.SPAM)),
        "comment-action-mark_not_spam": Action(
            Comment, lambda w: [w.comment(CommentState.SPAM)], state_is(CommentState.APPROVED)),
        "comment-action-trash": Action(
            Comment, lambda w: [w.comment()], state_is(CommentState.TRASH)),
        "comment-action-restore": Action(
            Comment, lambda w: [w.comment(CommentState.TRASH)], state_is(CommentState.PENDING)),
        "comment-action-check_again": Action(
            Comment, lambda w: [w.comment()],
            lambda w, r: first(w).events.filter(action="check_again").exists()),
        "comment-action-delete_permanently": Action(
            Comment, lambda w: [w.comment(CommentState.SPAM)], gone(Comment, first)),
        "comment-action-export_commenters": Action(
            Comment, lambda w: [w.comment()],
            lambda w, r: r.get("Content-Type", "").startswith("application/json") and any(
                c["email"] == first(w).author_email
                for c in json.loads(r.content)["commenters"])),
        "comment-action-erase_commenters": Action(
            Comment, lambda w: [w.comment()], gone(Comment, first),
            extra=lambda w: {"confirm": "yes"}),
    })
    return found


def _not_found(w: World, response: Any) -> bool:
    return response.status_code == 404


def _every_story(w: World) -> None:
    w.story, w.draft_story, w.scheduled_story, w.taken_down_story  # noqa: B018


def _shows_only_live(w: World, response: Any) -> bool:
    html = re.sub(r"<[^>]+>", "", response.content.decode())  # search marks the words found
    hidden = [w.draft_story.latest_version.headline, w.scheduled_story.latest_version.headline,
              w.taken_down_story.latest_version.headline, w.story.latest_version.headline]
    return (response.status_code == 200 and w.story.live_version.headline in html
            and not any(headline in html for headline in hidden))


def _author_with_only_a_draft(w: World) -> str:
    author = w.users["other_writer"]
    w.make_article(by=author, authors=[author], slug="otto-draft")
    return reverse("articles:author", args=[author.username])


def _held_comment_hidden(w: World, response: Any) -> bool:
    html = response.content.decode()
    return (response.status_code == 200 and w.approved_comment.body in html
            and w.held_comment.body not in html)


def _story_page_with_comments(w: World) -> str:
    w.approved_comment, w.held_comment  # noqa: B018 (made before the page is drawn)
    return w.story.get_absolute_url()


READER_PAGES = {
    "reader-draft-story": ReaderPage(
        "articles:detail", lambda w: w.draft_story.get_absolute_url(), _not_found),
    "reader-draft-story-updates": ReaderPage(
        "articles:updates", lambda w: reverse("articles:updates", args=[w.draft_story.slug]),
        _not_found),
    "reader-draft-story-version": ReaderPage(
        "articles:version", lambda w: reverse("articles:version", args=[w.draft_story.slug, 1]),
        _not_found),
    "reader-draft-story-changes": ReaderPage(
        "articles:changes", lambda w: reverse("articles:changes", args=[w.draft_story.slug, 2]),
        _not_found),
    "reader-unpublished-version": ReaderPage(
        "articles:version", lambda w: reverse("articles:version", args=[w.story.slug, 2]),
        _not_found),
    "reader-scheduled-story": ReaderPage(
        "articles:detail", lambda w: w.scheduled_story.get_absolute_url(), _not_found),
    "reader-taken-down-story": ReaderPage(
        "articles:detail", lambda w: w.taken_down_story.get_absolute_url(), _not_found),
    "reader-author-without-live-stories": ReaderPage(
        "articles:author", _author_with_only_a_draft, _not_found),
    "reader-held-comment": ReaderPage(
        "articles:detail", _story_page_with_comments, _held_comment_hidden),
    "reader-draft-in-search": ReaderPage(
        "articles:search",
        lambda w: (_every_story(w), reverse("articles:search") + "?q=Quillfeather")[1],
        _shows_only_live),
    "reader-draft-in-feed": ReaderPage(
        "articles:feed", lambda w: (_every_story(w), reverse("articles:feed"))[1],
        _shows_only_live),
}

PAGES = pages()
ACTIONS = actions()


# --- checking one cell ----------------------------------------------------------------------

def database_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table but the sessions (a login touches those)."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values())
            for model in apps.get_models(include_auto_created=True)
            if not model._meta.proxy and model is not Session}


def changed_tables(before: dict[str, list[Any]]) -> list[str]:
    after = database_rows()
    return [label for label in after if after[label] != before.get(label)]


def messages_shown(w: World, response: Any) -> list[Any]:
    """The messages the person sees: on this page, or on the next one after a redirect."""
    if response.context is None or "messages" not in response.context:
        response = w.client.get(reverse("admin:index"))
    return list(response.context["messages"]) if response.context else []


def problems(w: World, response: Any) -> str:
    """What the page said, to explain a failure."""
    context = response.context or {}
    said = [str(m) for m in messages_shown(w, response)] if response.status_code != 403 else []
    for key in ("adminform", "form", "formset"):
        form = context.get(key) if hasattr(context, "get") else None
        errors = getattr(getattr(form, "form", form), "errors", None)
        if errors:
            said.append(f"{key} errors: {errors}")
    return f"status {response.status_code}; " + "; ".join(said)


def sent_to_sign_in(response: Any, to: str = "admin:login") -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse(to))


def refused(response: Any) -> bool:
    """403, 404, or the admin's "doesn't exist" redirect for a record outside your list."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("admin:index"))


def check_page(w: World, page: Page, expected: str) -> None:
    url = page.url(w)
    data = page.post(w) if page.post else None
    if page.before and w.me:
        page.before(w)
    before = database_rows()

    response = w.client.get(url)
    assert not changed_tables(before), f"a GET changed {changed_tables(before)}"
    if expected == "L":
        assert sent_to_sign_in(response, page.signed_out_to), problems(w, response)
    elif page.button and expected == "N":
        # Not offered. (A form its reader may not change still shows the save buttons; the
        # page says it is read-only and the POST is refused below.)
        html = response.content.decode() if response.status_code == 200 else ""
        assert page.button not in html or READ_ONLY_NOTE in html, problems(w, response)
    elif page.button:
        assert response.status_code == 200, problems(w, response)
    elif expected in "YR" or response.status_code == 405:
        assert response.status_code in page.get_status, problems(w, response)
    else:
        assert refused(response), f"should be refused: {problems(w, response)}"

    if data is None:
        return
    response = w.client.post(url, data)
    if expected == "Y":
        assert response.status_code in (200, 302) and page.done(w, response), (
            f"the change did not happen: {problems(w, response)}")
        return
    assert not changed_tables(before), (
        f"a refused POST changed {changed_tables(before)}: {problems(w, response)}")
    assert not page.done(w, response)
    if expected == "L":
        assert sent_to_sign_in(response, page.signed_out_to), problems(w, response)
    else:
        assert refused(response) or not any(
            m.level == message_levels.SUCCESS for m in messages_shown(w, response)), (
            f"refused, but told it worked: {problems(w, response)}")


def check_action(w: World, name: str, action: Action, expected: str) -> None:
    opts = action.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    w.selected = action.selected(w)
    data = {"action": name, "index": "0", admin.helpers.ACTION_CHECKBOX_NAME:
            [str(obj.pk) for obj in w.selected], **action.extra(w)}
    before = database_rows()

    response = w.client.get(changelist)
    if expected == "L":
        assert sent_to_sign_in(response), problems(w, response)
    else:
        form = response.context.get("action_form") if response.status_code == 200 else None
        offered = form is not None and name in dict(form.fields["action"].choices)
        if expected == "Y":
            assert offered, f"“{name}” is not offered on the list: {problems(w, response)}"
        else:
            assert response.status_code == 403 or (response.status_code == 200
                                                    and not offered), problems(w, response)

    response = w.client.post(changelist, data)
    if expected == "Y":
        assert action.done(w, response), f"the action did nothing: {problems(w, response)}"
        return
    assert not changed_tables(before), (
        f"a refused action changed {changed_tables(before)}: {problems(w, response)}")
    assert not action.done(w, response)
    if expected == "L":
        assert sent_to_sign_in(response), problems(w, response)


# --- the tests ------------------------------------------------------------------------------

@pytest.fixture
def world(client, make_user, make_article, make_show, revise, publish, section, writer,
          editor, moderator):
    users = {
        "anonymous": None,
        "writer": writer,
        "other_writer": make_user("Writers", username="otto"),
        "editor": editor,
        "moderator": moderator,
        "superuser": make_user(None, username="root", is_staff=True, is_superuser=True),
    }
    return World(client, make_user, make_article, make_show, revise, publish, section, users)


CASES = [(role, key) for key in [*admin_keys(), *READER_PAGES] for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "key"), CASES, ids=[f"{role}-{key}" for role, key in CASES])
def test_matrix(world, role, key):
    assert key in MATRIX, f"{key} is not in the matrix: decide who may use it and add a row"
    expected = MATRIX[key][role]
    world.me = world.users[role]
    if world.me is not None:
        world.client.force_login(world.me)

    if key in READER_PAGES:
        page = READER_PAGES[key]
        response = world.client.get(page.url(world))
        assert page.hidden(world, response), f"shown to {role}: status {response.status_code}"
    elif key in ACTIONS:
        check_action(world, key.split("-action-")[1], ACTIONS[key], expected)
    else:
        assert key in PAGES, f"{key} has a row but the test does not know how to use it"
        check_page(world, PAGES[key], expected)


def test_the_matrix_lists_every_admin_page_and_action_and_nothing_else():
    site = admin_keys()
    assert [key for key in site if key not in MATRIX] == []
    assert [key for key in MATRIX if key not in site and key not in READER_PAGES] == []


def test_every_reader_page_is_public_or_in_the_matrix():
    gated = {page.name for page in READER_PAGES.values()}
    assert reader_url_names() - PUBLIC_READER_PAGES - gated == set()
    assert (PUBLIC_READER_PAGES | gated) - reader_url_names() == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_admin_pages_link_only_to_pages_the_role_may_open(world, role):
    """A link that answers "403 Forbidden" is a dead end: each page a role may open offers
    only what that role may use."""
    world.me = world.users[role]
    world.client.force_login(world.me)
    dead = set()
    opened: set[str] = set()
    for key, page in PAGES.items():
        if MATRIX[key][role] not in "YR" or page.get_status != (200,) or page.post and (
                key.endswith("-add") or key.startswith(("password", "image-upload"))):
            continue
        url = page.url(world)
        for link in re.findall(r'href="(/admin/[^"#?]*)', world.client.get(url).content.decode()):
            if link in opened or link == reverse("admin:logout"):
                continue
            opened.add(link)
            if world.client.get(link).status_code == 403:
                dead.add(f"{key} links to {link}")
    assert sorted(dead) == []


@pytest.mark.django_db
def test_writer_adds_a_colleague_as_co_author(client, writer, make_user, section):
    colleague = make_user("Writers", first_name="Priya", last_name="Natarajan")
    client.force_login(writer)
    form = client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'<option value="{colleague.pk}">Priya Natarajan</option>' in form

    client.post(reverse("admin:articles_article_add"), {
        "headline": "Two bylines", "standfirst": "A shared story.", "body": "<p>Text.</p>",
        "sections": [section.pk], "authors": [writer.pk, colleague.pk], "kind": "update",
        "based_on": 0, "_action": StoryAction.DRAFT})
    article = Article.objects.get(latest_version__headline="Two bylines")
    assert set(article.authors.all()) == {writer, colleague}
