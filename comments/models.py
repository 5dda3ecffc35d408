"""Reader comments, their history, the site's spam rules and Akismet's health."""
from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from articles.models import Article, ArticleVersion


class CommentState(models.TextChoices):
    CHECKING = "checking", "Waiting for the spam check"
    PENDING = "pending", "Held for moderation"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    TRASH = "trash", "Trash"


HELD_STATES = (CommentState.CHECKING, CommentState.PENDING)


class VerdictSource(models.TextChoices):
    """Who decided a comment's current state, for filters and the 30-day figures."""

    CHECKS = "checks", "Form checks"
    RULE = "rule", "Site rule"
    AKISMET = "akismet", "Akismet"
    POLICY = "policy", "Moderation policy"
    MODERATOR = "moderator", "Moderator"


class CommentQuerySet(models.QuerySet["Comment"]):
    def approved(self) -> CommentQuerySet:
        return self.filter(state=CommentState.APPROVED)

    def on(self, article: Article) -> CommentQuerySet:
        return self.filter(article=article)

    def due_for_check(self, now: datetime) -> CommentQuerySet:
        """Comments whose Akismet check failed and whose next try is due."""
        return self.filter(state=CommentState.CHECKING, next_check_at__lte=now)

    def due_for_feedback(self, now: datetime) -> CommentQuerySet:
        return self.exclude(feedback_pending="").filter(next_feedback_at__lte=now)

    def by_email(self, email: str) -> CommentQuerySet:
        # LOWER() = lower, as the comment_author_email index is built: `iexact` compares
        # UPPER() on PostgreSQL, and judging each comment scanned every comment.
        return self.alias(email_lower=Lower("author_email")).filter(
            email_lower=email.strip().lower())

    def purgeable(self, before: datetime) -> CommentQuerySet:
        """Spam and trash last changed before `before`."""
        return self.filter(
            state__in=(CommentState.SPAM, CommentState.TRASH), state_changed_at__lt=before
        )

    def for_thread(self) -> CommentQuerySet:
        """What a thread shows: the version each comment was posted under."""
        return self.select_related("version").order_by("created_at", "pk")

    def for_moderation(self) -> CommentQuerySet:
        return self.select_related("article__live_version", "article__latest_version", "user")


class Comment(models.Model):
    """A reader's comment. Saved before it is judged, so a failed check never loses it."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="comments")
    version = models.ForeignKey(
        ArticleVersion,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text="The story version readers saw when the comment was posted.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    # The top-level comment of the thread, so a page of threads loads in one query.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Set when a logged-in staff member wrote it.",
    )
    by_staff = models.BooleanField(default=False)
    author_name = models.CharField(max_length=100)
    author_email = models.EmailField(help_text="Never shown to readers.")
    author_url = models.URLField(blank=True, max_length=300)
    body = models.TextField(help_text="As typed: plain text.")
    state = models.CharField(max_length=10, choices=CommentState.choices, default=CommentState.CHECKING)
    state_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it is in its current state, in one line."
    )
    state_source = models.CharField(max_length=10, choices=VerdictSource.choices, blank=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    is_discarded = models.BooleanField(
        default=False, help_text="Blatant spam by Akismet's verdict: never shown to anyone."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    referrer = models.CharField(max_length=1000, blank=True)
    akismet_fields = models.JSONField(
        default=dict, blank=True, help_text="Exactly what was sent to Akismet, for later reports."
    )
    check_attempts = models.PositiveSmallIntegerField(default=0)
    next_check_at = models.DateTimeField(null=True, blank=True)
    # A double-posted form carries the same key: the second post finds the first comment.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # A moderator's verdict waiting to be reported to Akismet ("spam" or "ham").
    feedback_pending = models.CharField(max_length=4, blank=True)
    feedback_attempts = models.PositiveSmallIntegerField(default=0)
    next_feedback_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "state", "created_at"], name="comment_thread"),
            models.Index(fields=["state", "-created_at"], name="comment_queue"),
            models.Index(Lower("author_email"), name="comment_author_email"),
            models.Index(fields=["ip_address", "created_at"], name="comment_ip"),
        ]
        permissions = [("moderate_comment", "Can approve, hold, mark spam and trash comments")]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.article}"

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"


class CommentEvent(models.Model):
    """One line of a comment's history: a check, a verdict or a moderator's action."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(
        max_length=100, help_text="Who acted when no user did: “Akismet”, “site rule”, “system”."
    )
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=10, choices=CommentState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=CommentState.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"


class SpamRule(models.Model):
    """A site rule, edited in the admin, that sends matching comments to spam or holds them."""

    class Kind(models.TextChoices):
        BLOCK_WORD = "block_word", "Blocked word or phrase (straight to spam)"
        BLOCK_IP = "block_ip", "Blocked IP address (straight to spam)"
        BLOCK_EMAIL = "block_email", "Blocked email address or @domain (straight to spam)"
        HOLD_WORD = "hold_word", "Word or phrase to hold for moderation"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    value = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True, help_text="Why the rule exists.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                "kind", Lower("value"), name="spam_rule_unique",
                violation_error_message="This rule already exists.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class StoryCommentOptions(models.Model):
    """Per-story comment settings; stories without a row use the site's defaults."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="comment_options")
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days after first publication when comments close; empty for the site's default.",
    )
    closed = models.BooleanField(default=False, help_text="Close comments now, whatever the date.")

    class Meta:
        verbose_name = "story comment settings"
        verbose_name_plural = "story comment settings"

    def __str__(self) -> str:
        return f"Comments on {self.article}"


class AkismetOutage(models.Model):
    """A stretch of time when Akismet could not be reached; open while `ended_at` is empty."""

    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    failures = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Akismet unreachable since {self.started_at:%Y-%m-%d %H:%M}"



class WordPressComment(models.Model):
    """A comment imported from WordPress, so a second import never makes it twice."""

    site = models.CharField(max_length=200, help_text="The WordPress site's address.")
    wp_id = models.PositiveBigIntegerField(help_text="The comment's id on that site.")
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="wordpress")

    class Meta:
        verbose_name = "comment imported from WordPress"
        verbose_name_plural = "comments imported from WordPress"
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"],
                                               name="wordpress_comment_once_per_site")]

    def __str__(self) -> str:
        return f"{self.site} comment {self.wp_id}"
