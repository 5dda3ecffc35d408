"""Judging a saved comment: site rules, then Akismet, then the site's approval policy.

`comment_judge` runs the stages in order; the first that decides ends the run:

1. Block rules (words, IP addresses, email addresses) send the comment to spam. Hold
   rules (words, too many links) do not decide yet: the comment still goes to Akismet,
   and is held for a moderator afterwards unless Akismet calls it spam.
2. Akismet, when configured (staff comments skip it): spam, or blatant spam that nobody
   is ever shown. A comment without an IP address cannot be checked and waits for a
   person. When Akismet cannot be reached an outage is recorded and the comment stays
   CHECKING, to be tried again on the `CHECK_RETRY_MINUTES` schedule by
   `comments_recheck_due` (part of the periodic work), then handed to a person.
3. The policy: staff comments are approved; otherwise ``COMMENTS_MODERATION`` approves
   whatever passed, holds everything, or approves only emails with an approved comment
   already.

The `judge_comment` task runs the pipeline for a comment that comment_submit has just
saved, so the reader never waits for Akismet.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from articles.sanitize import count_links
from articles.structured_data import absolute_url
from comments import spam
from comments.models import AkismetOutage, Comment, CommentState, SpamRule, VerdictSource
from comments.services.history import record_event, set_state

logger = logging.getLogger(__name__)

# Minutes to wait before each new try when Akismet cannot be reached: five tries over
# about five and a half hours, then the comment waits for a person.
CHECK_RETRY_MINUTES = (1, 5, 15, 60, 240)

State = CommentState


@task()
def judge_comment(comment_id: int) -> str:
    """Run the spam pipeline on a newly submitted comment (Akismet may take seconds, so the
    reader does not wait for it). Returns the state the comment ends in."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return "deleted"  # erased or purged before its turn
    return comment_judge_submitted(comment).state


def comment_judge_submitted(comment: Comment, *, now: datetime | None = None) -> Comment:
    """Judge a comment that comment_submit has just stored, unless a moderator or the retry
    schedule has taken it over meanwhile.

    Never raises: whatever breaks, the comment stays CHECKING and the next periodic check
    tries again.
    """
    if comment.state != State.CHECKING or comment.check_attempts:
        return comment
    return _judge_or_hold(comment, now or timezone.now())


def comments_recheck_due(now: datetime | None = None) -> int:
    """Try Akismet again for every comment whose next check is due. Returns how many.

    One comment that cannot be judged does not stop the round: it is logged and tried
    again in the next one.
    """
    now = now or timezone.now()
    due = list(Comment.objects.due_for_check(now).select_related("article"))
    for comment in due:
        _judge_or_hold(comment, now)
    return len(due)


def akismet_unreachable_since() -> datetime | None:
    """When the current Akismet outage began, or None while Akismet answers."""
    outage = AkismetOutage.objects.filter(ended_at__isnull=True).first()
    return outage.started_at if outage else None


def _judge_or_hold(comment: Comment, now: datetime) -> Comment:
    """comment_judge, except that whatever breaks (a bug, data the pipeline cannot take)
    is logged and leaves the comment CHECKING for the periodic recheck a minute later."""
    try:
        return comment_judge(comment, now=now)
    except Exception:
        logger.exception("Judging comment %s failed; it stays held", comment.pk)
        Comment.objects.filter(pk=comment.pk).update(next_check_at=now + timedelta(minutes=1))
        comment.refresh_from_db()
        return comment


def comment_judge(comment: Comment, *, now: datetime | None = None) -> Comment:
    """Run site rules, Akismet and the approval policy on a saved comment."""
    now = now or timezone.now()
    blocked = _blocked_by_rule(comment)
    if blocked:
        return set_state(comment, State.SPAM, source=VerdictSource.RULE,
                         actor="site rule", reason=blocked, at=now)
    hold_reason = _held_by_rule(comment)
    if hold_reason:
        record_event(comment, "rule", actor="site rule", reason=hold_reason, at=now)

    if spam.is_configured() and not comment.by_staff:
        verdict = _ask_akismet(comment, now)
        if verdict is None:
            return comment  # unreachable: held for a later try, or for a person
        if verdict is spam.Verdict.DISCARD:
            Comment.objects.filter(pk=comment.pk).update(is_discarded=True)
            comment.is_discarded = True
            return set_state(comment, State.SPAM, source=VerdictSource.AKISMET, actor="Akismet",
                             reason="Akismet: blatant spam (discard)", at=now)
        if verdict is spam.Verdict.SPAM:
            return set_state(comment, State.SPAM, source=VerdictSource.AKISMET, actor="Akismet",
                             reason="Akismet: spam", at=now)
        record_event(comment, "checked", actor="Akismet", reason="Akismet: not spam", at=now)

    if hold_reason:
        return set_state(comment, State.PENDING, source=VerdictSource.RULE, actor="site rule",
                         reason=hold_reason, at=now)
    return _apply_policy(comment, now)


def _blocked_by_rule(comment: Comment) -> str:
    text = f"{comment.author_name}\n{comment.author_url}\n{comment.body}".lower()
    email = comment.author_email.lower()
    for rule in SpamRule.objects.exclude(kind=SpamRule.Kind.HOLD_WORD):
        value = rule.value.strip().lower()
        if not value:
            continue
        if rule.kind == SpamRule.Kind.BLOCK_WORD and value in text:
            return f"Site rule: blocked word “{rule.value}”"
        if rule.kind == SpamRule.Kind.BLOCK_IP and comment.ip_address == rule.value.strip():
            return f"Site rule: blocked IP address {rule.value}"
        if rule.kind == SpamRule.Kind.BLOCK_EMAIL and (
                email == value or (value.startswith("@") and email.endswith(value))):
            return f"Site rule: blocked email {rule.value}"
    return ""


def _held_by_rule(comment: Comment) -> str:
    text = comment.body.lower()
    for rule in SpamRule.objects.filter(kind=SpamRule.Kind.HOLD_WORD):
        if rule.value.strip() and rule.value.strip().lower() in text:
            return f"Site rule: contains “{rule.value}”"
    links = count_links(comment.body)
    if links > settings.COMMENTS_MAX_LINKS:
        return f"Site rule: {links} links (more than {settings.COMMENTS_MAX_LINKS})"
    return ""


def _akismet_fields(comment: Comment) -> dict[str, str]:
    article = comment.article
    return spam.build_fields(
        user_ip=comment.ip_address or "", user_agent=comment.user_agent,
        referrer=comment.referrer, permalink=absolute_url(article.get_absolute_url()),
        comment_type="reply" if comment.parent_id else "comment",
        author=comment.author_name, author_email=comment.author_email,
        author_url=comment.author_url, content=comment.body, created_at=comment.created_at,
        post_modified_at=article.last_updated_at,
    )


def _ask_akismet(comment: Comment, now: datetime) -> spam.Verdict | None:
    if not comment.ip_address:
        # Akismet cannot judge without the sender's address; asking again will not help.
        set_state(comment, State.PENDING, source=VerdictSource.AKISMET, actor="Akismet",
                  reason="No IP address to check with Akismet: a person must decide", at=now)
        return None
    if not comment.akismet_fields:
        comment.akismet_fields = _akismet_fields(comment)
        Comment.objects.filter(pk=comment.pk).update(akismet_fields=comment.akismet_fields)
    try:
        verdict = spam.check(comment.akismet_fields)
    except spam.AkismetUnavailable as error:
        _akismet_failed(comment, str(error), now)
        return None
    AkismetOutage.objects.filter(ended_at__isnull=True).update(ended_at=now)
    return verdict


def _akismet_failed(comment: Comment, error: str, now: datetime) -> None:
    outage = AkismetOutage.objects.filter(ended_at__isnull=True).first()
    if outage is None:
        AkismetOutage.objects.create(started_at=now, last_error=error[:300])
    else:
        AkismetOutage.objects.filter(pk=outage.pk).update(
            last_error=error[:300], failures=outage.failures + 1)
    attempts = comment.check_attempts + 1
    if attempts > len(CHECK_RETRY_MINUTES):
        Comment.objects.filter(pk=comment.pk).update(check_attempts=attempts, next_check_at=None)
        comment.check_attempts, comment.next_check_at = attempts, None
        set_state(comment, State.PENDING, source=VerdictSource.AKISMET, actor="Akismet",
                  reason=f"Akismet unreachable after {attempts} tries: a person must decide",
                  at=now)
        return
    retry_at = now + timedelta(minutes=CHECK_RETRY_MINUTES[attempts - 1])
    Comment.objects.filter(pk=comment.pk).update(check_attempts=attempts, next_check_at=retry_at)
    comment.check_attempts, comment.next_check_at = attempts, retry_at
    set_state(comment, State.CHECKING, source=VerdictSource.AKISMET, actor="Akismet",
              reason=f"Akismet unreachable ({error}); try {attempts + 1} at "
                     f"{timezone.localtime(retry_at):%H:%M}", at=now)


def _apply_policy(comment: Comment, now: datetime) -> Comment:
    if comment.by_staff:
        return set_state(comment, State.APPROVED, source=VerdictSource.POLICY, actor="policy",
                         reason="Written by staff", at=now)
    policy = settings.COMMENTS_MODERATION
    if policy == "approve_ham":
        return set_state(comment, State.APPROVED, source=VerdictSource.POLICY, actor="policy",
                         reason="The site approves every comment that passes the checks",
                         at=now)
    if policy == "hold_all":
        return set_state(comment, State.PENDING, source=VerdictSource.POLICY, actor="policy",
                         reason="The site holds every comment for a moderator", at=now)
    known = Comment.objects.by_email(comment.author_email).approved().exclude(pk=comment.pk)
    if known.exists():
        return set_state(comment, State.APPROVED, source=VerdictSource.POLICY, actor="policy",
                         reason="Earlier comments from this email were approved", at=now)
    return set_state(comment, State.PENDING, source=VerdictSource.POLICY, actor="policy",
                     reason="First comment from this email", at=now)
