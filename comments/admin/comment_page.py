"""One comment's page in the admin: what it shows, its moderation buttons and the reply form.

`CommentPageAdmin` is the change view of the comment admin; `CommentAdmin` in
`comments.admin.queue` builds the queue on top of it and is the one registered. Nothing on
the page edits what the reader wrote: the buttons post to `moderate_view`, the reply form to
`reply_view`, and both hand over to comments.services.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
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

from articles.people import display_name
from articles.sanitize import comment_html
from comments.admin.operations import BUTTONS, CHECK_AGAIN, DONE, error_messages, moderate_one
from comments.admin.stories import UNUSED_COLUMNS, may_open_stories, story_about
from comments.models import Comment, CommentState
from comments.services.moderation import MODERATE_PERMISSION, comment_reply_as_staff
from comments.services.pipeline import akismet_unreachable_since
from comments.services.submitting import CommentRejected

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


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="Posted under your name, approved at once and shown on the story.",
        error_messages={"required": "Write a reply before posting."},
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(key, key) for key in DONE])


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


class CommentPageAdmin(admin.ModelAdmin):
    """The comment's page: every field read-only, the buttons its state allows, a reply form."""

    change_form_template = "admin/comments/comment/change_form.html"
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
        # rather than two more queries there. The queue's list uses the same rows.
        return (Comment.objects.for_moderation()
                .select_related("parent", "version", "article__comment_options")
                .defer(*UNUSED_COLUMNS, "version__body", "version__metadata"))

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MODERATE_PERMISSION)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if may_open_stories(request):
            return fieldsets
        return [(title, {**options, "fields": ["story_on_site" if name == "story_links" else name
                                               for name in options["fields"]]})
                for title, options in fieldsets]

    # --- the page's fields ----------------------------------------------------------------
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
        return story_about(comment, admin_link=True)

    @admin.display(description="Story")
    def story_on_site(self, comment: Comment) -> str:
        return story_about(comment, admin_link=False)

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
            "akismet_unreachable_since": akismet_unreachable_since(),
        }

    # --- the buttons and the reply form -----------------------------------------------------
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
            for message in error_messages(error):
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
                reply = comment_reply_as_staff(comment, by=request.user,
                                                        body=form.cleaned_data["body"])
            except (CommentRejected, ValidationError) as error:
                for message in error_messages(error):
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
