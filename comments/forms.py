"""The reader's comment form and the cheap anti-robot signals it carries.

The form holds no per-reader secret, so the story page it sits on can be served from a
shared page cache (see comments/views.py). Its three hidden helpers:

* ``started``: a signed "form shown at" timestamp (TimestampSigner). Missing or forged, it
  gives ``Submission.started_at = None``, which the service treats as "too fast".
* ``key``: a random token. Many readers of one cached page share it, so the submission key
  the service deduplicates on is a hash of the token *and* what this reader typed: posting
  the same form twice stores one comment, two readers never collide.
* ``homepage``: a honeypot, hidden from people and labelled "leave this field empty".
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from articles.forms import CheckedTextForm
from articles.models import Article
from comments.models import Comment
from comments.services.submitting import Submission

_STARTED_SALT = "comments.form-started"
_STARTED_VALUE = "comment-form"
_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
PARENT_GONE = ("The comment you replied to is not available any more. Post again to add "
               "yours as a new comment.")


class _StartedSigner(signing.TimestampSigner):
    """A TimestampSigner whose stamp can be set, so tests can show a form 'ten seconds ago'."""

    def __init__(self, at: datetime | None = None) -> None:
        super().__init__(salt=_STARTED_SALT)
        self.at = at

    def timestamp(self) -> str:
        if self.at is None:
            return super().timestamp()
        return signing.b62_encode(int(self.at.timestamp()))


def started_token(at: datetime | None = None) -> str:
    """The signed value of the form's ``started`` field: when the form was shown (now)."""
    return _StartedSigner(at).sign(_STARTED_VALUE)


def started_at(token: str) -> datetime | None:
    """When the form carrying `token` was shown; None when the token is missing or forged."""
    signer = _StartedSigner()
    try:
        signer.unsign(token)
    except signing.BadSignature:
        return None
    # unsign() checked the signature over "value:stamp"; the stamp is the middle part.
    stamp = token.rsplit(signer.sep, 2)[1]
    return datetime.fromtimestamp(signing.b62_decode(stamp), tz=UTC)


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


class CommentForm(CheckedTextForm):
    """A comment by a reader, or (with `staff`) by a logged-in staff member.

    Staff comment under their account: the name, email, website and remember-me fields
    are dropped and the service takes them from the user.
    """

    name = forms.CharField(
        label="Name", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name: it is shown with your comment.",
                        "max_length": "Shorten your name to 100 characters or fewer."},
    )
    email = forms.EmailField(
        label="Email", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Never shown on the site.",
        error_messages={"required": "Enter your email address. It is never shown on the site.",
                        "invalid": "Enter an email address like name@example.com."},
    )
    url = forms.URLField(
        label="Website", required=False, max_length=300, assume_scheme="https",
        # Text, not type="url": browsers refuse "example.com" there, and we accept it.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        error_messages={"invalid": "Enter a web address like https://example.com, or leave "
                                   "it empty.",
                        "max_length": "Shorten the web address to 300 characters or fewer."},
    )
    body = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={"required": "Write a comment before posting."},
    )
    remember = forms.BooleanField(
        label="Remember my name, email and website in this browser for the next time I "
              "comment.", required=False,
    )
    # A parent that is not a number was tampered with, or cut off: it is as gone as a
    # deleted one, and the reader is told the same.
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput,
                                error_messages={"invalid": PARENT_GONE, "min_value": PARENT_GONE})
    homepage = forms.CharField(label="Leave this field empty", required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, article: Article, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        self.staff = staff
        if staff is not None:
            for name in ("name", "email", "url", "remember"):
                del self.fields[name]
        body = self.fields["body"]
        assert isinstance(body, forms.CharField)
        # Read at form time (not import time) so the setting can change under tests. The
        # length is checked in clean_body rather than by a maxlength attribute: browsers
        # silently cut a long paste at maxlength, and the reader would lose the end.
        body.max_length = settings.COMMENTS_MAX_LENGTH
        body.help_text = (f"Plain text, up to {settings.COMMENTS_MAX_LENGTH:,} characters. "
                          f"Web addresses become links.")
        honeypot = self.fields["homepage"]
        honeypot.widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # Only robots fill these in, and a person cannot mend them: whatever they hold, the
        # form goes on (a bad `started` reads as "too fast", a bad `key` as no key, anything
        # in the honeypot as spam) instead of stopping at an error about an unseen field.
        for name in ("homepage", "started", "key"):
            self.fields[name].validators = []

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        limit = settings.COMMENTS_MAX_LENGTH
        if len(body) > limit:
            over = len(body) - limit
            raise forms.ValidationError(
                f"Your comment is {len(body):,} characters long; the limit is {limit:,}. "
                f"Shorten it by {over:,} character{'s' if over != 1 else ''} and post again. "
                f"Your text is still here.", code="max_length")
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data["parent"]
        if parent_id is None:
            return None
        parent = Comment.objects.approved().on(self.article).filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(PARENT_GONE, code="parent_gone")
        return parent

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        return key if _FORM_KEY.fullmatch(key) else ""

    @property
    def started_at(self) -> datetime | None:
        return started_at(self.data.get("started", "") or "")

    def started_for_retry(self) -> str:
        """The ``started`` value for a re-rendered form: the reader's own when it is genuine
        (they have been filling it in since then), a fresh one when it is missing or forged."""
        token = self.data.get("started", "") or ""
        return token if started_at(token) is not None else started_token()

    def key_for_retry(self) -> str:
        key = self.data.get("key", "") or ""
        return key if _FORM_KEY.fullmatch(key) else new_form_key()

    def submission_key(self) -> str | None:
        """The same form posted twice with the same words gives the same key."""
        token = self.cleaned_data.get("key") or ""
        if not token:
            return None
        who = f"user:{self.staff.pk}" if self.staff is not None else (
            f"email:{self.cleaned_data['email'].strip().lower()}")
        parent = self.cleaned_data.get("parent")
        material = "\n".join([token, who, str(parent.pk if parent else ""),
                              self.cleaned_data["body"].strip()])
        return hashlib.sha256(material.encode()).hexdigest()

    def submission(self, request: HttpRequest) -> Submission:
        """What the service needs; call after is_valid()."""
        data = self.cleaned_data
        return Submission(
            name=data.get("name", ""),
            email=data.get("email", ""),
            url=data.get("url", ""),
            body=data["body"],
            ip=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.headers.get("User-Agent", ""),
            referrer=request.headers.get("Referer", ""),
            started_at=self.started_at,
            honeypot=data.get("homepage", ""),
            submission_key=self.submission_key(),
        )
