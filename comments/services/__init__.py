"""Everything that writes comments, by capability:

- ``submitting``: what happens when a comment is posted, step by step (start there);
- ``pipeline``: judging a saved comment (site rules, Akismet and its outages, the
  moderation policy, the periodic recheck), and the `judge_comment` task;
- ``moderation``: moderators' verdicts, Akismet feedback, checking again, deleting,
  replying as staff, and the `send_akismet_feedback` task;
- ``upkeep``: the periodic work (the `process_comments` task): retries, the moderators'
  digest, the purge; and the moderation queue's figures;
- ``options``: whether a story takes comments, and its comment settings;
- ``privacy``: a commenter's data, exported or erased;
- ``rules``: the site's own spam rules;
- ``history``: a comment's history lines and its one way of changing state.

A comment is saved before it is judged and every stage writes its verdict to the comment's
history, so whatever fails later (Akismet, mail, a bug) never loses what a reader wrote.

The names below keep ``from comments import services; services.comment_submit(...)``
working while callers move to the modules themselves. Modules of this package import each
other by full path, never through this one.
"""
from __future__ import annotations

from comments.services.history import record_event as _record  # noqa: F401
from comments.services.moderation import (  # noqa: F401
    FEEDBACK_RETRY_MINUTES,
    MODERATE_PERMISSION,
    Moderation,
    akismet_feedback_due,
    akismet_feedback_send,
    comment_check_again,
    comment_delete,
    comment_moderate,
    comment_reply_as_staff,
    send_akismet_feedback,
)
from comments.services.options import (  # noqa: F401
    comment_options_delete,
    comment_options_save,
    comments_close_at,
    comments_open,
)
from comments.services.pipeline import (  # noqa: F401
    CHECK_RETRY_MINUTES,
    akismet_unreachable_since,
    comment_judge,
    comment_judge_submitted,
    comments_recheck_due,
    judge_comment,
)
from comments.services.privacy import commenter_erase, commenter_export  # noqa: F401
from comments.services.submitting import (  # noqa: F401
    JUDGE_FALLBACK_MINUTES,
    CommentRejected,
    Submission,
    comment_submit,
)
from comments.services.upkeep import (  # noqa: F401
    comments_process_due,
    comments_purge,
    moderation_figures,
    notify_moderators,
    process_comments,
)
from comments.services.rules import spam_rule_save, spam_rules_delete  # noqa: F401
