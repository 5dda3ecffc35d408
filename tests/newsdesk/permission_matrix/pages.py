"""How to use each admin page and bulk action: its address, the POST its form sends, and
what that POST should have done. `PAGES` and `ACTIONS` are keyed by the table's row names."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

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
from comments.models import (
    AkismetOutage,
    Comment,
    CommentState,
    SpamRule,
    StoryCommentOptions,
)
from tests import imagefiles
from tests.newsdesk.permission_matrix.site import autocomplete_sources
from tests.newsdesk.permission_matrix.world import PASSWORD, World

User = get_user_model()
# What a row's POST should have done, given the response.
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


PAGES = pages()
ACTIONS = actions()
