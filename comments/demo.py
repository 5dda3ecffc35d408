"""The demo desk's reader comments: threads of many lengths, one very long one, and a few
held back or caught as spam, all posted through `comments.services` as readers' are.

Run by `manage.py seed_demo_comments` after `seed_demo`. The same comments every time: the
choices come from one seeded `random.Random`.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, CommentState, SpamRule
from comments.services.moderation import comment_moderate
from comments.services.submitting import CommentRejected, Submission, comment_submit

READERS = [
    ("Mina Cho", "mina.cho@example.org", "https://mina.example"),
    ("Dev Patel", "dev.p@example.net", ""),
    ("Lucía Ortega", "lucia.o@example.com", ""),
    ("Tomasz Nowak", "t.nowak@example.org", "https://tomasz.example/blog"),
    ("Grace Okafor", "grace.ok@example.com", ""),
    ("Hiro Tanaka", "hiro@example.jp", ""),
    ("Sam Whitfield", "samw@example.co.uk", ""),
    ("Aylin Demir", "aylin.d@example.org", ""),
    ("Jonah Reyes", "jonah.r@example.net", "https://jonahwatches.example"),
    ("Priti Shah", "priti.s@example.com", ""),
]

OPENERS = [
    "I have been refreshing this page every week, so thank you for keeping it current.",
    "Honestly the first season ended on such a cliffhanger that I cannot wait much longer.",
    "This is the clearest summary I have found anywhere.",
    "I rewatched the whole thing last weekend and noticed so many details I missed.",
    "Not sure I agree with the ranking here, but it is a fair argument.",
    "The casting news is the best part of this update.",
    "Late 2027 feels so far away.",
    "My whole group chat is talking about this show again.",
]
DETAILS = [
    "The ferry scenes were some of the tensest television I have seen in years.",
    "If they keep the same writers I trust them with a second season.",
    "I hope the new season keeps the slower, quieter episodes in the middle.",
    "The score deserves more credit than it gets.",
    "Please let the side characters have more to do this time.",
    "The finale's last shot still bothers me, in a good way.",
    "I would happily watch a whole spin-off about the harbour master.",
    "The pacing dipped around episode five but the ending made up for it.",
]
REPLIES = [
    "Agreed, completely.",
    "I read that differently: I think the ending was meant to be hopeful.",
    "Same here. The wait is the worst part.",
    "Good point, I had not thought about that.",
    "That scene made me pause the episode and walk around the room.",
    "They confirmed the composer is back, if that helps!",
    "I think the release window will slip, to be honest.",
    "Ha, my partner said exactly the same thing.",
]


def seed_comments(stories: Sequence[Article]) -> dict[str, int]:
    """Post the demo comments under `stories` (published, oldest first; the newest gets the
    long thread) on a desk that has no comments yet. Returns how many comments are in each
    state afterwards."""
    moderator = get_user_model().objects.filter(groups__name="Moderators").first()
    chooser = random.Random(7)  # the same demo every time
    # The demo writes many comments in a moment, as no person could: the limits meant
    # for readers, and Akismet, stay out of it.
    unlimited = override_settings(COMMENTS_RATE_SECONDS=0, COMMENTS_RATE_PER_HOUR=10**6,
                                  COMMENTS_MIN_FILL_SECONDS=0, AKISMET_API_KEY="",
                                  COMMENTS_CLOSE_AFTER_DAYS=0)
    with transaction.atomic(), unlimited:
        for position, story in enumerate(stories):
            threads = 100 if position == len(stories) - 1 else chooser.randint(0, 4)
            _Threads(story, threads, chooser, moderator).post()
        _held_and_spam(stories[-1], stories[0])
    return dict(Comment.objects.values_list("state").annotate(n=Count("pk")))


class _Threads:
    """`count` threads of comments under one story, posted over the hours and days after
    its publication, never in the future."""

    def __init__(self, story: Article, count: int, chooser: random.Random,
                 moderator: Any) -> None:
        assert story.first_published_at is not None
        self.story, self.count, self.chooser, self.moderator = story, count, chooser, moderator
        self.clock: datetime = story.first_published_at + timedelta(minutes=30)
        self.step = max((timezone.now() - self.clock) / max(count * 4, 1), timedelta(seconds=5))

    def post(self) -> None:
        chooser = self.chooser
        for number in range(self.count):
            top = self._post(f"{chooser.choice(OPENERS)} {chooser.choice(DETAILS)}", number)
            if top is None:
                continue
            chain = [top]
            for reply_number in range(chooser.choice([0, 1, 2, 3, 3, 4])):
                words = chooser.choice(REPLIES)
                if chooser.random() < 0.5:
                    words = f"{words} {chooser.choice(DETAILS)}"
                reply = self._post(words, number * 10 + reply_number,
                                   parent=chooser.choice(chain))
                if reply is not None:
                    chain.append(reply)

    def _post(self, body: str, salt: int, parent: Comment | None = None) -> Comment | None:
        name, email, url = self.chooser.choice(READERS)
        self.clock = min(self.clock + self.step * self.chooser.uniform(0.5, 1.5), timezone.now())
        submission = Submission(
            name=name, email=email, url=url, body=body,
            ip=f"198.51.100.{salt % 250 + 1}", user_agent="Mozilla/5.0 (demo)",
            started_at=self.clock - timedelta(minutes=5),
        )
        try:
            comment = comment_submit(self.story, submission=submission, parent=parent,
                                              now=self.clock)
        except CommentRejected:
            return None  # the same reader saying the same thing twice: skip it
        if comment.state != CommentState.APPROVED and self.moderator is not None:
            comment = comment_moderate(comment, action="approve", by=self.moderator)
        return comment


def _held_and_spam(busy: Article, quiet: Article) -> None:
    SpamRule.objects.get_or_create(kind=SpamRule.Kind.BLOCK_WORD, value="cheap pills",
                                   defaults={"note": "Demo: a classic."})
    SpamRule.objects.get_or_create(kind=SpamRule.Kind.BLOCK_EMAIL, value="@spam.example",
                                   defaults={"note": "Demo: a domain that only spams."})
    SpamRule.objects.get_or_create(kind=SpamRule.Kind.HOLD_WORD, value="leak",
                                   defaults={"note": "Demo: spoilers from leaks wait."})
    samples = [
        ("New Reader", "new.reader@example.org", "First time commenting: is the season "
                                                 "two trailer out yet?"),
        ("Spoiler Hound", "hound@example.net", "I saw a leak of the finale script online."),
        ("Totally Real Person", "deals@spam.example", "Cheap pills delivered overnight "
                                                      "http://pills.example"),
        ("Bargain Bot", "offers@spam.example", "Great article! Visit my profile for offers."),
        ("Link Farmer", "farm@links.example", "Watch free http://a.example "
                                             "http://b.example http://c.example"),
    ]
    for index, (name, email, body) in enumerate(samples):
        comment_submit(
            busy if index % 2 else quiet,
            submission=Submission(name=name, email=email, body=body,
                                  ip=f"192.0.2.{index + 10}", user_agent="Mozilla/5.0 (demo)",
                                  started_at=timezone.now() - timedelta(minutes=5)),
        )
