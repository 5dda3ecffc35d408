"""The records the rows act on, and one cell's view of them.

`build` makes every record once (conftest.py runs it once per module, in a transaction that
each cell's own transaction nests in and that is rolled back at the end). `World` is what a
cell works with: the role's client, the records loaded afresh from the database, and how a
superuser's browser would fill a form.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client, TestCase
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleVersion, Image, PublicationEvent, Section, Show
from articles.services.images import image_create
from articles.services.publishing import article_publish, article_unpublish, version_schedule
from articles.services.sections import section_create
from articles.services.shows import show_create, show_update
from articles.services.stories import CONTENT_FIELDS, article_create, version_create
from comments.models import AkismetOutage, Comment, CommentState, SpamRule, StoryCommentOptions
from comments.services.options import comment_options_save
from tests import imagefiles
from tests.conftest import content
from tests.newsdesk.permission_matrix.browser import FormFields

User = get_user_model()
PASSWORD = "pw-for-tests-123"  # as tests/conftest.py's make_user sets
_numbers = itertools.count(1)


# --- making records, as tests/conftest.py's factory fixtures do (those are per test) ----------

def committed(change: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a change as if its request's transaction committed: what waits for the commit,
    such as page-cache purges, happens."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return change(*args, **kwargs)


def make_user(role: str | None, *, username: str, **fields: Any) -> Any:
    n = next(_numbers)
    fields.setdefault("first_name", f"Person{n}")
    fields.setdefault("last_name", "Example")
    fields.setdefault("email", f"user{n}@newsdesk.example")
    fields.setdefault("is_staff", role is not None)
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_article(*, by: Any, section: Section, slug: str, authors: Any = None,
                 shows: Any = (), **overrides: Any) -> Article:
    """A draft story by `by` in `section`; its page-cache purges wait for a commit that never
    comes, as with tests/conftest.py's make_article."""
    version = article_create(slug=slug, sections=[section], authors=authors or [by],
                                      by=by, at=None, shows=shows, topics=(),
                                      **content(**overrides))
    return version.article


def revise(article: Article, *, by: Any, **overrides: Any) -> ArticleVersion:
    """A new version, saved as the admin form would and committed."""
    article.refresh_from_db()
    latest = article.latest_version
    base = {name: getattr(latest, name) for name in CONTENT_FIELDS}
    # Like the admin form: a new change starts without the last one's label and note.
    base.update(kind="update", update_label="", public_note="")
    base.update(overrides)
    return committed(version_create, article, by=by, based_on=None, **base)


def make_show(**fields: Any) -> Show:
    fields.setdefault("platform", "Netflix")
    return show_create(by=None, **fields)


def make_comment(story: Article, state: str = CommentState.PENDING) -> Comment:
    n = next(_numbers)
    return Comment.objects.create(
        article=story, version=story.live_version, state=state,
        author_name=f"Reader {n}", author_email=f"reader{n}@example.org",
        body=f"Comment {n}: the finale was a let-down.", ip_address="203.0.113.7",
        state_source="policy")


def _access(model: Any, **fields: Any) -> Any:
    return model.objects.create(user_agent="Firefox", ip_address="203.0.113.9",
                                username="someone", http_accept="*/*",
                                path_info="/admin/login/", **fields)


# --- the world ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Records:
    """What `build` made, by primary key: the database every cell starts from."""

    users: dict[str, int | None]  # by role; None for anonymous
    pks: dict[str, int]  # by the name of the World attribute that loads it
    media: Path  # the uploaded files the records point to


def build(media: Path) -> Records:
    """Make the users of each role and every record a row acts on. `media` is MEDIA_ROOT
    while this runs."""
    users = {
        "anonymous": None,
        "writer": make_user("Writers", username="wendy", first_name="Wendy", last_name="Park"),
        "other_writer": make_user("Writers", username="otto"),
        "editor": make_user("Editors", username="eddie", first_name="Eddie", last_name="Stone"),
        "moderator": make_user("Moderators", username="molly"),
        "superuser": make_user(None, username="root", is_staff=True, is_superuser=True),
    }
    writer, editor = users["writer"], users["editor"]
    section = section_create(name="TV News", slug="tv-news")
    tomorrow = timezone.now() + timedelta(days=1)

    def live(**fields: Any) -> Article:
        article = make_article(by=writer, section=section, **fields)
        committed(article_publish, article.latest_version, by=editor,
                  now=timezone.now() - timedelta(days=2))
        article.refresh_from_db()
        return article

    made: dict[str, Model] = {"section": section}
    # The writer's live story (version 1) with a minor fix waiting as version 2.
    story = made["story"] = live(slug="matrix-story", headline="Quillfeather season two confirmed")
    revise(story, by=writer, kind="minor", headline="Quillfeather season two is confirmed")
    made["event"] = story.events.order_by("pk").first()

    scheduled_update = made["scheduled_update_story"] = live(slug="matrix-scheduled-update")
    version_schedule(revise(scheduled_update, by=writer, kind="minor"),
                              go_live_at=tomorrow, by=editor)
    # Never published; its first version goes live tomorrow.
    scheduled = made["scheduled_story"] = make_article(
        by=writer, section=section, slug="matrix-scheduled",
        headline="Embargoed: the Quillfeather casting")
    version_schedule(scheduled.latest_version, by=editor, go_live_at=tomorrow)
    taken_down = made["taken_down_story"] = live(slug="matrix-taken-down",
                                                 headline="Quillfeather rumour retracted")
    article_unpublish(taken_down, by=editor)
    # Never published, saved twice.
    draft = made["draft_story"] = make_article(
        by=writer, section=section, slug="matrix-draft",
        headline="Quillfeather exclusive: the secret finale")
    revise(draft, by=writer)
    # A live story about a show whose facts changed after it was saved.
    tidewater = make_show(name="Tidewater", status="renewed")
    made["stale_story"] = live(slug="matrix-stale", shows=[tidewater])
    show_update(tidewater, by=editor, status="filming")

    made["spare_section"] = section_create(name="Spare section", slug="spare-section")
    # The writer's picture, not used anywhere.
    made["image"] = image_create(title="Harbour at dusk", file=imagefiles.jpeg(64, 48),
                                          alt_text="A harbour wall at dusk", by=writer)
    made["show"] = make_show(name="Spare Show")
    made["other_show"] = make_show(name="Spare Show Two")

    story.refresh_from_db()
    made["held_comment"] = make_comment(story, CommentState.PENDING)
    made["approved_comment"] = make_comment(story, CommentState.APPROVED)
    made["spam_rule"] = SpamRule.objects.create(kind=SpamRule.Kind.HOLD_WORD, value="casino")
    made["comment_options"] = comment_options_save(
        StoryCommentOptions(article=story, close_after_days=30))
    made["outage"] = AkismetOutage.objects.create(last_error="Connection refused")

    made["group"] = Group.objects.create(name="Interns")
    made["visitor"] = make_user(None, username="visitor")
    made["tag"] = Tag.objects.create(name="Cosy crime", slug="cosy-crime")
    made["access_log"] = _access(AccessLog)
    made["access_failure"] = _access(AccessFailureLog, locked_out=False)

    return Records(users={role: user.pk if user else None for role, user in users.items()},
                   pks={name: record.pk for name, record in made.items()}, media=media)


class Record:
    """A record of the world, loaded from the database the first time a cell asks for it:
    each cell gets its own Python object, as if it had made the record itself."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, world: World | None, owner: type) -> Any:
        if world is None:
            return self
        record = self.model._base_manager.get(pk=world.records.pks[self.name])
        world.__dict__[self.name] = record  # an instance attribute wins from now on
        return record


class World:
    """One cell's view of the records: its role's client and the records `build` made."""

    section = Record(Section)
    story = Record(Article)
    event = Record(PublicationEvent)
    scheduled_update_story = Record(Article)
    scheduled_story = Record(Article)
    taken_down_story = Record(Article)
    draft_story = Record(Article)
    stale_story = Record(Article)
    spare_section = Record(Section)
    image = Record(Image)
    show = Record(Show)
    other_show = Record(Show)
    held_comment = Record(Comment)
    approved_comment = Record(Comment)
    spam_rule = Record(SpamRule)
    comment_options = Record(StoryCommentOptions)
    outage = Record(AkismetOutage)
    group = Record(Group)
    visitor = Record(User)
    tag = Record(Tag)
    access_log = Record(AccessLog)
    access_failure = Record(AccessFailureLog)

    def __init__(self, client: Client, records: Records) -> None:
        self.client = client
        self.records = records
        self.me: Any = None  # the role's user, None for anonymous
        self.selected: list[Any] = []  # what a bulk action is run on

    @cached_property
    def users(self) -> dict[str, Any]:
        found = User.objects.in_bulk([pk for pk in self.records.users.values() if pk])
        return {role: found.get(pk) for role, pk in self.records.users.items()}

    @property
    def writer(self) -> Any:
        return self.users["writer"]

    @property
    def editor(self) -> Any:
        return self.users["editor"]

    @cached_property
    def access_attempt(self) -> AccessAttempt:
        """Made in the cell, once the role has signed in: signing in clears expired attempts,
        and this one is long past the pause, so "clean up expired attempts" has something to
        clean."""
        attempt = _access(AccessAttempt, get_data="", post_data="", failures_since_start=2)
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=timezone.now() - timedelta(days=2))
        return attempt

    def comment(self, state: str = CommentState.PENDING) -> Comment:
        """A new comment on the writer's story."""
        return make_comment(self.story, state)

    def make_article(self, *, by: Any, **fields: Any) -> Article:
        return make_article(by=by, section=self.section, **fields)

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
