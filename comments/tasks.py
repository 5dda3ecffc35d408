from __future__ import annotations

from django_tasks import task

from comments import services
from comments.models import Comment


@task()
def judge_comment(comment_id: int) -> str:
    """Run the spam pipeline on a newly submitted comment (Akismet may take seconds, so the
    reader does not wait for it). Returns the state the comment ends in."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return "deleted"  # erased or purged before its turn
    return services.comment_judge_submitted(comment).state


@task()
def send_akismet_feedback(comment_id: int) -> bool:
    """Report a moderator's spam/ham verdict; a failure is retried by `process_comments`."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return True  # deleted meanwhile: nothing to report
    return services.akismet_feedback_send(comment)


@task()
def process_comments() -> dict[str, int]:
    """The periodic work: Akismet retries, feedback retries, moderator mail, purge."""
    return {
        "rechecked": services.comments_recheck_due(),
        "reported": services.akismet_feedback_due(),
        "notified": services.notify_moderators(),
        "purged": services.comments_purge(),
    }
