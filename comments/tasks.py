from __future__ import annotations

from django_tasks import task

from comments import services
from comments.models import Comment


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
