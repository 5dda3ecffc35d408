"""Demo reader comments: threads of many lengths, one very long one, some held and spam."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from comments import services
from comments.models import Comment, CommentState, SpamRule
from comments.services import Submission

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


class Command(BaseCommand):
    help = "Add demo reader comments to the demo stories. Safe to run again."

    clock: datetime
    step: timedelta

    def handle(self, *args: Any, **options: Any) -> None:
        if Comment.objects.exists():
            self.stdout.write(f"Demo comments already there: {Comment.objects.count()}.")
            return
        stories = list(Article.objects.published().order_by("first_published_at"))
        if not stories:
            self.stdout.write("No published stories yet: run seed_demo first.")
            return
        moderator = get_user_model().objects.filter(groups__name="Moderators").first()
        chooser = random.Random(7)  # the same demo every time
        # The demo writes many comments in a moment, as no person could: the limits meant
        # for readers, and Akismet, stay out of it.
        with transaction.atomic(), override_settings(COMMENTS_RATE_SECONDS=0, COMMENTS_RATE_PER_HOUR=10**6,
                               COMMENTS_MIN_FILL_SECONDS=0, AKISMET_API_KEY="",
                               COMMENTS_CLOSE_AFTER_DAYS=0):
            for position, story in enumerate(stories):
                threads = 100 if position == len(stories) - 1 else chooser.randint(0, 4)
                self._threads(story, threads, chooser, moderator)
            self._held_and_spam(stories[-1], stories[0])
        counts = dict(Comment.objects.values_list("state").annotate(n=Count("pk")))
        self.stdout.write(
            "Demo comments added: " + ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
            + "."
        )

    def _threads(self, story: Article, threads: int, chooser: random.Random,
                 moderator: Any) -> None:
        # Comments arrive over the hours and days after publication, never in the future.
        assert story.first_published_at is not None
        self.clock = story.first_published_at + timedelta(minutes=30)
        self.step = max((timezone.now() - self.clock) / max(threads * 4, 1), timedelta(seconds=5))
        for number in range(threads):
            top = self._post(story, chooser, f"{chooser.choice(OPENERS)} {chooser.choice(DETAILS)}",
                             moderator, number)
            if top is None:
                continue
            chain = [top]
            for reply_number in range(chooser.choice([0, 1, 2, 3, 3, 4])):
                words = chooser.choice(REPLIES)
                if chooser.random() < 0.5:
                    words = f"{words} {chooser.choice(DETAILS)}"
                reply = self._post(story, chooser, words, moderator,
                                   number * 10 + reply_number, parent=chooser.choice(chain))
                if reply is not None:
                    chain.append(reply)

    def _post(self, story: Article, chooser: random.Random, body: str, moderator: Any,
              salt: int, parent: Comment | None = None) -> Comment | None:
        name, email, url = chooser.choice(READERS)
        self.clock = min(self.clock + self.step * chooser.uniform(0.5, 1.5), timezone.now())
        submission = Submission(
            name=name, email=email, url=url, body=body,
            ip=f"198.51.100.{salt % 250 + 1}", user_agent="Mozilla/5.0 (demo)",
            started_at=self.clock - timedelta(minutes=5),
        )
        try:
            comment = services.comment_submit(story, submission=submission, parent=parent,
                                              now=self.clock)
        except services.CommentRejected:
            return None  # the same reader saying the same thing twice: skip it
        if comment.state != CommentState.APPROVED and moderator is not None:
            comment = services.comment_moderate(comment, action="approve", by=moderator)
        return comment

    def _held_and_spam(self, busy: Article, quiet: Article) -> None:
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
            services.comment_submit(
                busy if index % 2 else quiet,
                submission=Submission(name=name, email=email, body=body,
                                      ip=f"192.0.2.{index + 10}", user_agent="Mozilla/5.0 (demo)",
                                      started_at=timezone.now() - timedelta(minutes=5)),
            )
