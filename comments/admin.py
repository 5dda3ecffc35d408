"""The moderators' side: the comment queue, one comment's page, site rules and story options.

Moderators judge what readers wrote; they never edit it. Every state change, delete, new
check and reply goes through comments.services, so the history and Akismet feedback are the
same whichever button was pressed.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email, validate_ipv46_address
from django.db.models import Case, Count, Max, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from articles.admin import ReadOnlyAdmin
from articles.models import Article
from articles.sanitize import comment_html
from articles.services import display_name
from comments import services
from comments.models import (
    HELD_STATES,
    AkismetOutage,
    Comment,
    CommentState,
    SpamRule,
    StoryCommentOptions,
    VerdictSource,
)
from comments.services import Moderation

# Two operations that are not state changes but share the moderation buttons and actions.
CHECK_AGAIN = "check_again"
DELETE = "delete"

# What each operation did, for messages: "{n}" is "3 comments" or "the comment by Rosa".
DONE = {
    Moderation.APPROVE: "Approved {n}.",
    Moderation.UNAPPROVE: "Unapproved {n}: held for moderation.",
    Moderation.SPAM: "Marked {n} as spam.",
    Moderation.NOT_SPAM: "Marked {n} as not spam and approved.",
    Moderation.TRASH: "Moved {n} to the trash.",
    Moderation.RESTORE: "Restored {n} from the trash: held for moderation.",
    CHECK_AGAIN: "Checked {n} again.",
    DELETE: "Deleted {n} permanently.",
}

# The buttons a comment's page offers in each state, in the order shown.
BUTTONS: dict[str, list[tuple[str, str]]] = {
    CommentState.CHECKING: [(Moderation.APPROVE, "Approve"), (Moderation.SPAM, "Spam"),
                            (Moderation.TRASH, "Trash"), (CHECK_AGAIN, "Check again")],
    CommentState.PENDING: [(Moderation.APPROVE, "Approve"), (Moderation.SPAM, "Spam"),
                           (Moderation.TRASH, "Trash"), (CHECK_AGAIN, "Check again")],
    CommentState.APPROVED: [(Moderation.UNAPPROVE, "Unapprove"), (Moderation.SPAM, "Spam"),
                            (Moderation.TRASH, "Trash")],
    CommentState.SPAM: [(Moderation.NOT_SPAM, "Not spam"), (Moderation.TRASH, "Trash"),
                        (DELETE, "Delete permanently")],
    CommentState.TRASH: [(Moderation.RESTORE, "Restore"), (Moderation.SPAM, "Spam"),
                         (DELETE, "Delete permanently")],
}

# Pressing "Approve" on an approved comment would only add a confusing line to its history.
NO_OP_WHEN_ALREADY_THERE = {Moderation.APPROVE, Moderation.UNAPPROVE, Moderation.SPAM,
                            Moderation.TRASH}

# History lines name what happened; the services store short codes.
EVENT_LABELS = {
    "submitted": "Posted",
    "rule": "Matched a site rule",
    "checked": "Checked by Akismet",
    "check_again": "Checked again",
    "approve": "Approved",
    "unapprove": "Unapproved",
    "not_spam": "Marked as not spam",
    "restore": "Restored from the trash",
    "reported_spam": "Reported to Akismet as spam",
    "reported_ham": "Reported to Akismet as not spam",
    "report_spam_failed": "Report to Akismet failed",
    "report_ham_failed": "Report to Akismet failed",
    **{state.value: f"Now: {state.label.lower()}" for state in CommentState},
    "spam": "Marked as spam",
    "trash": "Moved to the trash",
}

# The queue puts what waits for a person first, then the newest.
HELD_FIRST = Case(When(state__in=HELD_STATES, then=Value(0)), default=Value(1)).asc()

# The list and the comment page never show story bodies; versions can be long.
_UNUSED_COLUMNS = ["article__live_version__body", "article__latest_version__body",
                   "article__live_version__metadata", "article__latest_version__metadata"]


def _comments(n: int) -> str:
    return f"{n} comment{'s' if n != 1 else ''}"


def _error_messages(error: ValidationError | PermissionDenied | services.CommentRejected) -> list[str]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        # A model check, not a service's sentence: name the field it is about.
        return [f"{name.replace('_', ' ').capitalize()}: {message}"
                if name != "__all__" else message
                for name, errors in error.message_dict.items() for message in errors]
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or "You are not allowed to do this."]


def moderate_one(comment: Comment, operation: str, *, by: Any) -> Comment | None:
    """Run one moderation button or action; returns the comment (None once deleted)."""
    if operation == CHECK_AGAIN:
        return services.comment_check_again(comment, by=by)
    if operation == DELETE:
        services.comment_delete(comment, by=by)
        return None
    return services.comment_moderate(comment, action=operation, by=by)


# --- filters -------------------------------------------------------------------------------

class StateFilter(admin.SimpleListFilter):
    """State, plus "held" for both kinds of waiting (the moderator mail links here)."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("held", "Held (either kind)"), *CommentState.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        value = self.value()
        if value == "held":
            return queryset.filter(state__in=HELD_STATES)
        if value in CommentState.values:
            return queryset.filter(state=value)
        return queryset


class StoryFilter(admin.SimpleListFilter):
    """The stories commented on most recently; any story works through its ?story= link."""

    title = "story"
    parameter_name = "story"
    LIMIT = 30

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        stories = (Article.objects.annotate(last_comment=Max("comments__created_at"))
                   .filter(last_comment__isnull=False)
                   .select_related("live_version", "latest_version").defer(*[
                       name.removeprefix("article__") for name in _UNUSED_COLUMNS])
                   .order_by("-last_comment")[:self.LIMIT])
        return [(str(story.pk), Truncator(story.headline or story.slug).chars(60)) for story in stories]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=int(value))
        return queryset


class ReasonFilter(admin.SimpleListFilter):
    """Why a comment is where it is, grouped the way moderators ask about it."""

    title = "why"
    parameter_name = "why"
    KINDS: dict[str, tuple[str, Q]] = {
        "rule_spam": ("Spam: blocked by a site rule",
                      Q(state=CommentState.SPAM, state_source=VerdictSource.RULE)),
        "akismet_spam": ("Spam: Akismet",
                         Q(state=CommentState.SPAM, state_source=VerdictSource.AKISMET,
                           is_discarded=False)),
        "akismet_discard": ("Spam: Akismet, blatant (never shown)",
                            Q(state=CommentState.SPAM, is_discarded=True)),
        "form_checks": ("Spam: form checks (hidden field filled in)",
                        Q(state=CommentState.SPAM, state_source=VerdictSource.CHECKS)),
        "rule_hold": ("Held: a site rule (word or links)",
                      Q(state__in=HELD_STATES, state_source=VerdictSource.RULE)),
        "akismet_down": ("Held: Akismet unreachable",
                         Q(state__in=HELD_STATES, state_source=VerdictSource.AKISMET)),
        "policy_hold": ("Held: moderation policy (first comment, or hold all)",
                        Q(state__in=HELD_STATES, state_source=VerdictSource.POLICY)),
        "moderator": ("Decided by a moderator", Q(state_source=VerdictSource.MODERATOR)),
    }

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(key, label) for key, (label, _) in self.KINDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        kind = self.KINDS.get(self.value() or "")
        return queryset.filter(kind[1]) if kind else queryset


# --- forms -----------------------------------------------------------------------------------

class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="Posted under your name, approved at once and shown on the story.",
        error_messages={"required": "Write a reply before posting."},
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(key, key) for key in DONE])


# --- the comment queue -----------------------------------------------------------------------

def history_rows(comment: Comment) -> list[dict[str, Any]]:
    """A comment's history as the page shows it: when, who, what, the state change, why."""
    rows = []
    for event in comment.events.select_related("by"):
        rows.append({
            "at": event.at,
            "who": display_name(event.by) if event.by else event.actor or "the system",
            "what": EVENT_LABELS.get(event.action, event.action.replace("_", " ").capitalize()),
            "change": (f"{event.get_from_state_display() if event.from_state else '—'} → "
                       f"{event.get_to_state_display()}") if event.to_state else "",
            "reason": event.reason,
        })
    return rows


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    change_list_template = "admin/comments/comment/change_list.html"
    change_form_template = "admin/comments/comment/change_form.html"
    list_display = ["comment_column", "author_column", "story_column", "state_column",
                    "created_at"]
    list_display_links = ["comment_column"]
    list_filter = [StateFilter, StoryFilter, "created_at", ReasonFilter, "state_source"]
    search_fields = ["author_name", "author_email", "ip_address", "body"]
    search_help_text = "Search by name, email, IP address or text."
    list_select_related = ["article__live_version", "article__latest_version", "user", "parent"]
    # The admin accepts expressions here; django-stubs types ordering as strings only.
    ordering = [HELD_FIRST, "-created_at", "-pk"]  # type: ignore[list-item]
    list_per_page = 50
    show_full_result_count = False  # the summary above the list already counts every state
    actions = ["approve", "unapprove", "mark_spam", "mark_not_spam", "trash", "restore",
               "check_again", "delete_permanently", "export_commenters", "erase_commenters"]
    fieldsets = [
        ("Comment", {"fields": ["body_html", "author_name", "author_email", "website",
                                "posted_by", "created_at"]}),
        ("Thread", {"fields": ["story_links", "parent_context", "replies_list"]}),
        ("Verdict", {"fields": ["state", "state_reason", "state_source", "state_changed_at",
                                "is_discarded"]}),
        ("Where it came from", {"fields": ["ip_address", "user_agent", "referrer",
                                           "version_number"]}),
        ("Sent to Akismet", {
            "fields": ["akismet_table", "feedback_pending"],
            "description": "Exactly what Akismet was asked about this comment. Spam and "
                           "not-spam verdicts are reported to Akismet with the same fields.",
        }),
    ]
    readonly_fields = ["body_html", "author_name", "author_email", "website", "posted_by",
                       "created_at", "story_links", "story_on_site", "parent_context", "replies_list", "state",
                       "state_reason", "state_source", "state_changed_at", "is_discarded",
                       "ip_address", "user_agent", "referrer", "version_number",
                       "akismet_table", "feedback_pending"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        # The version and the story's options are for the comment's page: two cheap joins
        # rather than two more queries there.
        return (Comment.objects.for_moderation()
                .select_related("parent", "version", "article__comment_options")
                .defer(*_UNUSED_COLUMNS, "version__body", "version__metadata"))

    # --- permissions: moderators judge, nobody edits or deletes around the services --------
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers, and replies from the reply form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # what a reader wrote is theirs; the buttons change only its state

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deletes go through comment_delete: spam and trash only

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.MODERATE_PERMISSION)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Moderators work on comments only, and the admin's story pages answer them "403
    # Forbidden": their queue and comment pages name the story and link to it on the site.
    @staticmethod
    def _may_open_stories(request: HttpRequest) -> bool:
        return request.user.has_perm("articles.view_article")

    def get_list_display(self, request: HttpRequest) -> Any:
        if self._may_open_stories(request):
            return self.list_display
        return ["story_on_site_column" if name == "story_column" else name
                for name in self.list_display]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if self._may_open_stories(request):
            return fieldsets
        return [(title, {**options, "fields": ["story_on_site" if name == "story_links" else name
                                               for name in options["fields"]]})
                for title, options in fieldsets]

    # --- list columns ---------------------------------------------------------------------
    @admin.display(description="Comment")
    def comment_column(self, comment: Comment) -> str:
        reply = f"Reply to {comment.parent.author_name}: " if comment.parent else ""
        return format_html("{}{}", reply, Truncator(" ".join(comment.body.split())).chars(140))

    @admin.display(description="Author", ordering="author_name")
    def author_column(self, comment: Comment) -> str:
        staff = " (staff)" if comment.by_staff else ""
        return format_html("<strong>{}</strong>{}<br><small>{}<br>{}</small>",
                           comment.author_name, staff, comment.author_email,
                           comment.ip_address or "no IP address")

    @admin.display(description="Story")
    def story_column(self, comment: Comment) -> str:
        return self._story_cell(comment, admin_link=True)

    @admin.display(description="Story")
    def story_on_site_column(self, comment: Comment) -> str:
        return self._story_cell(comment, admin_link=False)

    @staticmethod
    def _story_cell(comment: Comment, *, admin_link: bool) -> str:
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

    @admin.display(description="State", ordering="state")
    def state_column(self, comment: Comment) -> str:
        return format_html("<strong>{}</strong><br><small>{}</small>",
                           comment.get_state_display(), comment.state_reason or "—")

    # --- the comment's page -----------------------------------------------------------------
    @admin.display(description="Text")
    def body_html(self, comment: Comment) -> SafeString:
        return mark_safe(comment_html(comment.body))  # escaped and linked by comment_html

    @admin.display(description="Website")
    def website(self, comment: Comment) -> str:
        # Shown as text: spammers' links should not be one click away.
        return comment.author_url or "—"

    @admin.display(description="Account")
    def posted_by(self, comment: Comment) -> str:
        if comment.user is None:
            return "A reader (no account)"
        return f"{display_name(comment.user)}{' (staff)' if comment.by_staff else ''}"

    @admin.display(description="Story")
    def story_links(self, comment: Comment) -> str:
        return self._story_about(comment, admin_link=True)

    @admin.display(description="Story")
    def story_on_site(self, comment: Comment) -> str:
        return self._story_about(comment, admin_link=False)

    @staticmethod
    def _story_about(comment: Comment, *, admin_link: bool) -> str:
        article = comment.article
        if not services.comments_open(article):
            status = "Comments are closed"
        elif close_at := services.comments_close_at(article):
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

    @admin.display(description="In reply to")
    def parent_context(self, comment: Comment) -> str:
        parent = comment.parent
        if parent is None:
            return "Nobody: a new thread."
        return format_html(
            '<a href="{}">{}</a> ({}, {}):<div class="comment-quote">{}</div>',
            reverse("admin:comments_comment_change", args=[parent.pk]), parent.author_name,
            parent.get_state_display().lower(),
            date_format(timezone.localtime(parent.created_at), "DATETIME_FORMAT"),
            mark_safe(comment_html(parent.body)),
        )

    @admin.display(description="Replies")
    def replies_list(self, comment: Comment) -> str:
        replies = list(comment.replies.order_by("created_at", "pk"))
        if not replies:
            return "None yet."
        return format_html("<ul>{}</ul>", format_html_join(
            "", '<li><a href="{}">{}</a> ({}): {}</li>',
            ((reverse("admin:comments_comment_change", args=[reply.pk]), reply.author_name,
              reply.get_state_display().lower(), Truncator(reply.body).chars(100))
             for reply in replies),
        ))

    @admin.display(description="Story version")
    def version_number(self, comment: Comment) -> str:
        return f"Posted under version {comment.version.number}"

    @admin.display(description="Fields sent")
    def akismet_table(self, comment: Comment) -> str:
        if not comment.akismet_fields:
            return "Nothing: Akismet was off, or a site rule or the form checks decided first."
        return format_html('<table class="akismet-fields"><tbody>{}</tbody></table>',
                           format_html_join("", "<tr><th>{}</th><td>{}</td></tr>",
                                            sorted(comment.akismet_fields.items())))

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], add: bool = False,
                           change: bool = False, form_url: str = "", obj: Any = None) -> Any:
        if obj is not None:
            context.update(self._comment_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _comment_context(self, request: HttpRequest, comment: Comment,
                         reply_form: ReplyForm | None = None) -> dict[str, Any]:
        return {
            "comment": comment,
            "can_moderate": self.has_moderate_permission(request),
            "moderation_buttons": BUTTONS.get(comment.state, []),
            "reply_form": reply_form or ReplyForm(),
            "history": history_rows(comment),
            "akismet_unreachable_since": services.akismet_unreachable_since(),
        }

    # --- the queue's summary --------------------------------------------------------------
    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.method == "GET":
            extra_context = {"title": "Comments: the moderation queue", **(extra_context or {}),
                             **self._queue_summary()}
        return super().changelist_view(request, extra_context)

    def _queue_summary(self) -> dict[str, Any]:
        order = [CommentState.PENDING, CommentState.CHECKING, CommentState.APPROVED,
                 CommentState.SPAM, CommentState.TRASH]
        counts = Comment.objects.aggregate(**{
            f"n_{state.value}": Count("pk", filter=Q(state=state)) for state in order})
        return {
            "state_counts": [
                {"state": state.value, "label": state.label, "count": counts[f"n_{state.value}"]}
                for state in order
            ],
            "figures": services.moderation_figures(),
            "akismet_unreachable_since": services.akismet_unreachable_since(),
        }

    # --- per-comment buttons and the reply form ----------------------------------------------
    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/moderate/", wrap(self.moderate_view),
                 name="comments_comment_moderate"),
            path("<path:object_id>/reply/", wrap(self.reply_view), name="comments_comment_reply"),
            *super().get_urls(),
        ]

    def _comment(self, request: HttpRequest, object_id: str) -> Comment:
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=unquote(object_id))

    @method_decorator(require_POST)
    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        comment = self._comment(request, object_id)
        change_url = reverse("admin:comments_comment_change", args=[comment.pk])
        form = ModerateForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "That is not something a comment's page can do.",
                              messages.ERROR)
            return HttpResponseRedirect(change_url)
        operation = form.cleaned_data["action"]
        who = f"the comment by {comment.author_name}"
        try:
            result = moderate_one(comment, operation, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            for message in _error_messages(error):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        done = DONE[operation].format(n=who)
        if result is None:
            self.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        if operation == CHECK_AGAIN:
            done = f"{done[:-1]}: {result.get_state_display().lower()} ({result.state_reason})."
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    @method_decorator(require_POST)
    def reply_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        comment = self._comment(request, object_id)
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                reply = services.comment_reply_as_staff(comment, by=request.user,
                                                        body=form.cleaned_data["body"])
            except (services.CommentRejected, ValidationError) as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                if reply.state == CommentState.APPROVED:
                    self.message_user(request, "Your reply is approved and shown on the story.",
                                      messages.SUCCESS)
                else:
                    self.message_user(request, f"Your reply was saved but is "
                                               f"{reply.get_state_display().lower()}: "
                                               f"{reply.state_reason}", messages.WARNING)
                return HttpResponseRedirect(
                    reverse("admin:comments_comment_change", args=[comment.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reply to {comment.author_name}",
            "opts": self.opts,
            **self._comment_context(request, comment, reply_form=form),
            "body_html": self.body_html(comment),
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    # --- actions ------------------------------------------------------------------------------
    def _moderate_each(self, request: HttpRequest, queryset: QuerySet[Comment],
                       operation: str) -> None:
        done: list[Comment | None] = []
        unchanged = 0
        refused: Counter[str] = Counter()
        target = Moderation.TARGETS.get(operation)
        for comment in queryset:
            if operation in NO_OP_WHEN_ALREADY_THERE and comment.state == target:
                unchanged += 1
                continue
            try:
                done.append(moderate_one(comment, operation, by=request.user))
            except (ValidationError, PermissionDenied) as error:
                refused[" ".join(_error_messages(error))] += 1
        if done:
            message = DONE[operation].format(n=_comments(len(done)))
            if operation == CHECK_AGAIN:
                outcome = Counter(c.get_state_display().lower() for c in done if c is not None)
                message = (f"{message[:-1]}: "
                           + ", ".join(f"{n} {label}" for label, n in sorted(outcome.items()))
                           + ".")
            self.message_user(request, message, messages.SUCCESS)
        if unchanged and target is not None:
            self.message_user(request, f"{_comments(unchanged)} already "
                                       f"{'were' if unchanged != 1 else 'was'} "
                                       f"{target.label.lower()}; left as "
                                       f"{'they were' if unchanged != 1 else 'it was'}.",
                              messages.INFO)
        for reason, n in refused.items():
            self.message_user(request, f"{_comments(n)} not changed: {reason}", messages.WARNING)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, Moderation.APPROVE)

    @admin.action(description="Unapprove selected comments (hold for moderation)",
                  permissions=["moderate"])
    def unapprove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, Moderation.UNAPPROVE)

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, Moderation.SPAM)

    @admin.action(description="Not spam: approve selected spam", permissions=["moderate"])
    def mark_not_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, Moderation.NOT_SPAM)

    @admin.action(description="Move selected comments to the trash", permissions=["moderate"])
    def trash(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, Moderation.TRASH)

    @admin.action(description="Restore selected comments from the trash",
                  permissions=["moderate"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, Moderation.RESTORE)

    @admin.action(description="Check selected held comments again", permissions=["moderate"])
    def check_again(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, CHECK_AGAIN)

    @admin.action(description="Delete selected spam and trash permanently",
                  permissions=["moderate"])
    def delete_permanently(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate_each(request, queryset, DELETE)

    # --- privacy --------------------------------------------------------------------------------
    @staticmethod
    def _emails(queryset: QuerySet[Comment]) -> list[str]:
        """The selected comments' authors' emails, once each whatever their case."""
        emails: dict[str, str] = {}
        for email in queryset.order_by().values_list("author_email", flat=True):
            emails.setdefault(email.strip().lower(), email.strip())
        return sorted(emails.values(), key=str.lower)

    @admin.action(description="Export everything about these commenters (JSON)",
                  permissions=["moderate"])
    def export_commenters(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse:
        now = timezone.now()
        data = {
            "exported_at": now.isoformat(),
            "commenters": [services.commenter_export(email) for email in self._emails(queryset)],
        }
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="commenters-{timezone.localtime(now):%Y%m%d-%H%M}.json"')
        return response

    @admin.action(description="Erase everything about these commenters…",
                  permissions=["moderate"])
    def erase_commenters(self, request: HttpRequest,
                         queryset: QuerySet[Comment]) -> HttpResponse | None:
        emails = self._emails(queryset)
        if request.POST.get("confirm") == "yes":
            erased = sum(services.commenter_erase(email, by=request.user) for email in emails)
            people = f"{len(emails)} commenter{'s' if len(emails) != 1 else ''}"
            self.message_user(request, f"Erased {_comments(erased)} by {people}, with their "
                                       f"IP addresses and history. Replies by other people "
                                       f"were kept.", messages.SUCCESS)
            return None
        counts = dict(Comment.objects.annotate(email=Lower("author_email"))
                      .filter(email__in=[e.lower() for e in emails]).order_by()
                      .values_list("email").annotate(n=Count("pk")))
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase everything about these commenters?",
            "opts": self.opts,
            "commenters": [{"email": e, "count": counts.get(e.lower(), 0)} for e in emails],
            "total": sum(counts.values()),
            "selected": list(queryset.order_by().values_list("pk", flat=True)),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/comments/comment/erase_commenters.html", context)


# --- site rules and per-story options ------------------------------------------------------

class SpamRuleForm(forms.ModelForm):
    class Meta:
        model = SpamRule
        fields = ["kind", "value", "note"]
        help_texts = {
            "value": "A word or phrase (matched anywhere in the name, website and text, "
                     "ignoring case), an IP address, or an email address or @domain.",
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind, value = cleaned.get("kind"), (cleaned.get("value") or "").strip()
        checks: dict[str, tuple[Callable[[str], None], str]] = {
            SpamRule.Kind.BLOCK_IP: (validate_ipv46_address,
                                     "Enter an IP address such as 203.0.113.7."),
            SpamRule.Kind.BLOCK_EMAIL: (
                lambda v: validate_email(f"someone{v}" if v.startswith("@") else v),
                "Enter an email address (rosa@example.org) or a domain starting with @ "
                "(@example.org)."),
        }
        if kind in checks and value:
            check, message = checks[kind]
            try:
                check(value)
            except ValidationError:
                self.add_error("value", message)
        return cleaned


@admin.register(SpamRule)
class SpamRuleAdmin(admin.ModelAdmin):
    form = SpamRuleForm
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


@admin.register(StoryCommentOptions)
class StoryCommentOptionsAdmin(admin.ModelAdmin):
    list_display = ["story_column", "close_after_days", "closed"]
    list_filter = ["closed"]
    list_select_related = ["article__live_version", "article__latest_version"]
    search_fields = ["article__slug", "article__live_version__headline",
                     "article__latest_version__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "close_after_days", "closed", "closes_at"]
    readonly_fields = ["closes_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[StoryCommentOptions]:
        return super().get_queryset(request).defer(*_UNUSED_COLUMNS)

    def save_model(self, request: HttpRequest, obj: StoryCommentOptions, form: Any,
                   change: bool) -> None:
        services.comment_options_save(obj)

    def delete_model(self, request: HttpRequest, obj: StoryCommentOptions) -> None:
        services.comment_options_delete(obj)

    def delete_queryset(self, request: HttpRequest,
                        queryset: QuerySet[StoryCommentOptions]) -> None:
        for options in queryset:
            services.comment_options_delete(options)

    @admin.display(description="Story", ordering="article__slug")
    def story_column(self, options: StoryCommentOptions) -> str:
        return options.article.headline or options.article.slug

    @admin.display(description="Comments close")
    def closes_at(self, options: StoryCommentOptions) -> str:
        if options.pk is None:
            return "Save to see when comments close."
        if options.closed:
            return "Closed now"
        close_at = services.comments_close_at(options.article)
        if close_at is None:
            return "Never" if options.article.first_published_at else "Not published yet"
        return date_format(timezone.localtime(close_at), "DATETIME_FORMAT")


@admin.register(AkismetOutage)
class AkismetOutageAdmin(ReadOnlyAdmin):
    """When Akismet could not be reached: a record to read, written only by the pipeline."""

    list_display = ["started_at", "ended_at", "failures", "last_error"]
    date_hierarchy = "started_at"
