"""The comments app's periodic work, run every minute by cron (``manage.py
enqueue_periodic`` queues the `process_comments` task; ``manage.py process_comments`` does
the same work in place): Akismet checks and reports that failed are tried again, moderators
get one digest of what is held, and old spam and trash are deleted. Also the figures the
moderation queue shows."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from articles.structured_data import absolute_url
from comments.models import HELD_STATES, Comment, CommentEvent, CommentState, VerdictSource
from comments.services.moderation import Moderation, akismet_feedback_due, delete_keeping_replies
from comments.services.pipeline import comments_recheck_due

State = CommentState


def comments_process_due(now: datetime | None = None) -> dict[str, int]:
    """Everything that is due: Akismet retries, feedback retries, the moderators' digest and
    the purge. Returns how many comments each step took, by step."""
    return {
        "rechecked": comments_recheck_due(now),
        "reported": akismet_feedback_due(now),
        "notified": notify_moderators(now),
        "purged": comments_purge(now),
    }


@task()
def process_comments() -> dict[str, int]:
    """The periodic work (`comments_process_due`), on the worker."""
    return comments_process_due()


def notify_moderators(now: datetime | None = None) -> int:
    """Mail moderators one digest of comments held since the last digest.

    At most one digest per COMMENTS_NOTIFY_EVERY_MINUTES, so a spam wave sends one mail.
    Comments still waiting for Akismet are left for a later digest. Returns how many
    comments the mail listed.
    """
    now = now or timezone.now()
    last = Comment.objects.exclude(notified_at=None).order_by("-notified_at").first()
    if last and last.notified_at and now - last.notified_at < timedelta(
            minutes=settings.COMMENTS_NOTIFY_EVERY_MINUTES):
        return 0
    waiting = list(Comment.objects.filter(state=State.PENDING, notified_at=None)
                   .select_related("article__live_version").order_by("created_at")[:200])
    if not waiting:
        return 0
    recipients = list(get_user_model().objects.filter(
        Q(groups__name="Moderators") | Q(is_superuser=True), is_active=True,
    ).exclude(email="").values_list("email", flat=True).distinct())
    if recipients:
        queue = absolute_url(reverse("admin:comments_comment_changelist") + "?state=pending")
        lines = [f"- {c.author_name} on “{c.article.headline}”: {c.state_reason}" for c in waiting]
        send_mail(
            subject=f"{len(waiting)} comment{'s' if len(waiting) != 1 else ''} waiting for "
                    f"moderation",
            message="\n".join([*lines, "", f"Moderation queue: {queue}"]),
            from_email=None, recipient_list=recipients,
        )
    Comment.objects.filter(pk__in=[c.pk for c in waiting]).update(notified_at=now)
    return len(waiting)


def comments_purge(now: datetime | None = None) -> int:
    """Delete spam and trash untouched for COMMENTS_PURGE_AFTER_DAYS. Returns how many."""
    now = now or timezone.now()
    old = list(Comment.objects.purgeable(now - timedelta(days=settings.COMMENTS_PURGE_AFTER_DAYS)))
    delete_keeping_replies(old)
    return len(old)


def moderation_figures(now: datetime | None = None) -> dict[str, int]:
    """The queue page's figures for the last 30 days."""
    now = now or timezone.now()
    since = now - timedelta(days=30)
    recent = Comment.objects.filter(created_at__gte=since)
    counts = recent.aggregate(
        approved=Count("pk", filter=Q(state=State.APPROVED)),
        held=Count("pk", filter=Q(state__in=HELD_STATES)),
        spam_akismet=Count("pk", filter=Q(state=State.SPAM, state_source=VerdictSource.AKISMET)),
        spam_rules=Count("pk", filter=Q(state=State.SPAM,
                                        state_source__in=[VerdictSource.RULE,
                                                          VerdictSource.CHECKS])),
    )
    counts["false_positives"] = CommentEvent.objects.filter(
        at__gte=since, action=Moderation.NOT_SPAM).values("comment").distinct().count()
    return counts
