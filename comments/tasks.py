"""Where the task worker used to find the comments tasks: queued rows name them by these
paths (``comments.tasks.judge_comment``, ``comments.tasks.send_akismet_feedback``,
``comments.tasks.process_comments``). Each task now lives beside the service it runs, in
``comments.services``; these names only keep rows queued before that move runnable.
Remove this module once no queued or running task row names ``comments.tasks`` (after a
release whose queue was drained:
``DBTaskResult.objects.filter(task_path__startswith="comments.tasks.")`` is empty).
"""
from __future__ import annotations

from comments.services.moderation import send_akismet_feedback  # noqa: F401
from comments.services.pipeline import judge_comment  # noqa: F401
from comments.services.upkeep import process_comments  # noqa: F401
