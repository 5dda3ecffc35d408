"""The benchmark desk's reader comments: threads written in bulk, in the order they were
posted, hung as `comments.services` hangs replies, in the states moderation leaves them."""
from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.conf import settings

from articles.people import display_name
from bench.seed_scale.plan import (
    INSERT_BATCH,
    PROGRESS_STEPS,
    Desk,
    StoryPlan,
    first_free_id,
)
from bench.seed_scale.words import Words
from comments.models import Comment, CommentState, VerdictSource

# A reply to a comment; the rest start threads.
REPLY_SHARE = 0.35
# How comments end up, for all but the benchmark stories (which are all approved).
COMMENT_STATES = ((CommentState.APPROVED, 0.90), (CommentState.PENDING, 0.04),
                  (CommentState.SPAM, 0.05), (CommentState.TRASH, 0.01))
STAFF_SHARE = 0.01
SPAM_BODIES = ("Great article! Visit my profile for the best streaming deals "
               "http://deals.example", "Watch every episode free here http://free-tv.example")
COMMENT_CHUNK = 20_000


class CommentWriter:
    """Writes every story's comments in chunks of bulk inserts, counting what it wrote in
    `stats` (comments, replies and each state) and reporting progress."""

    def __init__(self, chooser: random.Random, words: Words, *, now: datetime,
                 stats: Counter[str], progress: Callable[[str], None]) -> None:
        self.chooser, self.words, self.now = chooser, words, now
        self.stats, self.progress = stats, progress

    def write(self, plans: Sequence[StoryPlan], desk: Desk, total: int) -> None:
        """The comments of `plans`, `total` in all, ids planned from the first free one."""
        next_id = first_free_id(Comment)
        pending: list[Comment] = []
        step = max(1, total // PROGRESS_STEPS)
        started = time.monotonic()
        written = 0
        for plan in plans:
            if not plan.comments:
                continue
            thread = self._thread(plan, desk, next_id)
            next_id += len(thread)
            pending += thread
            if len(pending) >= COMMENT_CHUNK:
                before = written
                written += self._write_comments(pending)
                pending = []
                if written // step > before // step:
                    self.progress(f"comments {written:,} / {total:,} "
                                  f"({time.monotonic() - started:.1f} s)")
        if pending:
            written += self._write_comments(pending)
            self.progress(f"comments {written:,} / {total:,} "
                          f"({time.monotonic() - started:.1f} s)")

    def _write_comments(self, comments: list[Comment]) -> int:
        Comment.objects.bulk_create(comments, batch_size=INSERT_BATCH)
        return len(comments)

    def _thread(self, plan: StoryPlan, desk: Desk, first_id: int) -> list[Comment]:
        """The story's comments in the order posted: about a third are replies to an
        approved comment, hung as `comments.services` hangs them (`_reply_target`)."""
        chooser = self.chooser
        max_depth = settings.COMMENTS_MAX_DEPTH
        close_days = 0 if plan.bench else settings.COMMENTS_CLOSE_AFTER_DAYS
        window = self.now - plan.published_at
        if close_days:
            window = min(window, timedelta(days=close_days))
        # Most comments come soon after publication; cubing a uniform draw bunches them there.
        offsets = sorted(chooser.random() ** 3 for _ in range(plan.comments))
        url = f"{settings.SITE_URL}/articles/{plan.slug}/"
        # id -> (depth, parent id, root id) of the approved comments so far: what a reply
        # can hang under.
        shown: dict[int, tuple[int, int | None, int | None]] = {}
        shown_ids: list[int] = []
        comments = []
        previous = plan.published_at
        for position, offset in enumerate(offsets):
            comment_id = first_id + position
            # Strictly after the comment before it, so a reply never predates its parent.
            created = max(plan.published_at + window * offset,
                          previous + timedelta(microseconds=1))
            previous = created
            parent_id = root_id = None
            depth = 0
            if shown_ids and chooser.random() < REPLY_SHARE:
                parent_id = chooser.choice(shown_ids)
                parent_depth, grandparent_id, parent_root = shown[parent_id]
                while parent_depth + 1 >= max_depth and grandparent_id is not None:
                    parent_id = grandparent_id
                    parent_depth, grandparent_id, parent_root = shown[parent_id]
                root_id = parent_root or parent_id
                depth = parent_depth + 1
                self.stats["replies"] += 1
            state = CommentState.APPROVED if plan.bench else _pick_state(chooser)
            comment = self._comment(chooser, desk, plan, comment_id, created, state,
                                    reply=parent_id is not None, url=url)
            comment.parent_id, comment.root_id, comment.depth = parent_id, root_id, depth
            if state == CommentState.APPROVED:
                shown[comment_id] = (depth, parent_id, root_id)
                shown_ids.append(comment_id)
            self.stats[f"state_{state}"] += 1
            comments.append(comment)
        self.stats["comments"] += len(comments)
        return comments

    def _comment(self, chooser: random.Random, desk: Desk, plan: StoryPlan, comment_id: int,
                 created: datetime, state: str, *, reply: bool, url: str) -> Comment:
        before_update = plan.updated_at is not None and created < plan.updated_at
        version_id = plan.version_ids[0] if before_update else plan.live_version_id
        reader = self.words.reader()
        comment = Comment(
            id=comment_id, article_id=plan.article_id, version_id=version_id,
            author_name=reader.name, author_email=reader.email, author_url=reader.url,
            body=self.words.comment_body(reply), state=state, created_at=created,
            state_changed_at=created, ip_address=f"203.0.113.{chooser.randint(1, 254)}",
            user_agent=chooser.choice(self.words.user_agents), referrer=url,
        )
        if state == CommentState.APPROVED:
            if chooser.random() < STAFF_SHARE:
                writer = chooser.choice(desk.writers)
                comment.user_id, comment.by_staff = writer.pk, True
                comment.author_name = display_name(writer)
                comment.author_email = writer.email
                comment.author_url = ""
                comment.state_source = VerdictSource.POLICY
                comment.state_reason = "Written by staff"
            else:
                comment.state_source = VerdictSource.POLICY
                comment.state_reason = "Earlier comments from this email were approved"
        elif state == CommentState.PENDING:
            comment.state_source = VerdictSource.POLICY
            comment.state_reason = "First comment from this email"
        elif state == CommentState.SPAM:
            comment.body = chooser.choice(SPAM_BODIES)
            comment.state_source, comment.state_reason = VerdictSource.AKISMET, "Akismet: spam"
        else:
            comment.state_source = VerdictSource.MODERATOR
            comment.state_reason = f"Moved to trash by {display_name(desk.moderator)}"
            comment.state_changed_at = created + timedelta(hours=chooser.randint(1, 48))
        return comment


def _pick_state(chooser: random.Random) -> str:
    roll = chooser.random()
    for state, share in COMMENT_STATES:
        if roll < share:
            return state
        roll -= share
    return CommentState.APPROVED
