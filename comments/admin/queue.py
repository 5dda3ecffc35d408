"""The moderation queue: the comment list, its summary of every state, and its actions.

`CommentAdmin` is the admin registered for comments. It builds on `CommentPageAdmin`
(`comments.admin.comment_page`: one comment's page, its buttons and the reply form) and
takes its side filters from `comments.admin.filters` and its privacy actions from
`comments.admin.privacy`. Moderators judge what readers wrote; they never edit it.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import Truncator

from comments.admin.comment_page import CommentPageAdmin
from comments.admin.filters import ReasonFilter, StateFilter, StoryFilter
from comments.admin.operations import (
    CHECK_AGAIN,
    DELETE,
    DONE,
    NO_OP_WHEN_ALREADY_THERE,
    error_messages,
    moderate_one,
    n_comments,
)
from comments.admin.privacy import erase_commenters, export_commenters
from comments.admin.stories import may_open_stories, story_cell
from comments.models import HELD_STATES, Comment, CommentState
from comments.services.moderation import Moderation
from comments.services.pipeline import akismet_unreachable_since
from comments.services.upkeep import moderation_figures

# The queue puts what waits for a person first, then the newest.
HELD_FIRST = Case(When(state__in=HELD_STATES, then=Value(0)), default=Value(1)).asc()


@admin.register(Comment)
class CommentAdmin(CommentPageAdmin):
    change_list_template = "admin/comments/comment/change_list.html"
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
               "check_again", "delete_permanently", export_commenters, erase_commenters]

    # --- permissions: moderators judge, nobody edits or deletes around the services --------
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers, and replies from the reply form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # what a reader wrote is theirs; the buttons change only its state

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deletes go through comment_delete: spam and trash only

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_list_display(self, request: HttpRequest) -> Any:
        if may_open_stories(request):
            return self.list_display
        return ["story_on_site_column" if name == "story_column" else name
                for name in self.list_display]

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
        return story_cell(comment, admin_link=True)

    @admin.display(description="Story")
    def story_on_site_column(self, comment: Comment) -> str:
        return story_cell(comment, admin_link=False)

    @admin.display(description="State", ordering="state")
    def state_column(self, comment: Comment) -> str:
        return format_html("<strong>{}</strong><br><small>{}</small>",
                           comment.get_state_display(), comment.state_reason or "—")

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
            "figures": moderation_figures(),
            "akismet_unreachable_since": akismet_unreachable_since(),
        }

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
                refused[" ".join(error_messages(error))] += 1
        if done:
            message = DONE[operation].format(n=n_comments(len(done)))
            if operation == CHECK_AGAIN:
                outcome = Counter(c.get_state_display().lower() for c in done if c is not None)
                message = (f"{message[:-1]}: "
                           + ", ".join(f"{n} {label}" for label, n in sorted(outcome.items()))
                           + ".")
            self.message_user(request, message, messages.SUCCESS)
        if unchanged and target is not None:
            self.message_user(request, f"{n_comments(unchanged)} already "
                                       f"{'were' if unchanged != 1 else 'was'} "
                                       f"{target.label.lower()}; left as "
                                       f"{'they were' if unchanged != 1 else 'it was'}.",
                              messages.INFO)
        for reason, n in refused.items():
            self.message_user(request, f"{n_comments(n)} not changed: {reason}", messages.WARNING)

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
