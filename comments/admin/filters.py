"""The moderation queue's side filters: state, story and why a comment is where it is."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from articles.models import Article
from comments.admin.stories import UNUSED_COLUMNS
from comments.models import HELD_STATES, Comment, CommentState, VerdictSource


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
                       name.removeprefix("article__") for name in UNUSED_COLUMNS])
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
