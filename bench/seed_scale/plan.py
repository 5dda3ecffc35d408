"""What is decided about the desk before any of it is written: the two benchmark stories,
every story's ids, dates and comment count, and what stories are filed under."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import Max
from taggit.models import Tag

from articles.models import Article, ArticleVersion, Section, Show
from bench.seed_scale.words import comment_counts

BENCH_STORIES = (("scale-200-comments", 200), ("scale-1000-comments", 1000))
BENCH_COMMENTS = sum(count for _, count in BENCH_STORIES)
YEARS_OF_STORIES = 5
UPDATED_SHARE = 0.2

# Rows per INSERT where the database sets no lower limit (SQLite allows 999 values per
# statement, and Django splits batches to fit).
INSERT_BATCH = 2000
# Each --stories/--comments tenth of the way gets a progress line.
PROGRESS_STEPS = 10


@dataclass(slots=True)
class StoryPlan:
    """What is decided about a story before any of it is written."""

    article_id: int
    version_ids: tuple[int, ...]
    published_at: datetime
    updated_at: datetime | None
    comments: int
    slug: str = ""
    bench: bool = False

    @property
    def live_version_id(self) -> int:
        return self.version_ids[-1]


@dataclass
class Desk:
    """The small things stories are filed under, with what the version metadata names."""

    writers: list[Any]
    editor: Any
    moderator: Any
    sections: list[Section]
    topics: list[Tag]
    shows: list[Show] = field(default_factory=list)
    show_weights: list[float] = field(default_factory=list)


def plan_stories(chooser: random.Random, *, stories: int, comments: int, with_bench: bool,
                 now: datetime) -> list[StoryPlan]:
    """Ids, dates and comment counts of every story, the benchmark ones first."""
    bench = list(BENCH_STORIES) if with_bench else []
    other_comments = comments - sum(count for _, count in bench)
    counts = [count for _, count in bench] + comment_counts(
        chooser, stories - len(bench), other_comments)
    article_id = first_free_id(Article)
    version_id = first_free_id(ArticleVersion)
    span = timedelta(days=365 * YEARS_OF_STORIES).total_seconds()
    plans = []
    for index, count in enumerate(counts):
        is_bench = index < len(bench)
        if is_bench:
            published = now - timedelta(days=3, minutes=index)
        else:
            published = now - timedelta(seconds=60 + chooser.random() * span)
        updated = None
        if not is_bench and chooser.random() < UPDATED_SHARE:
            room = (now - published).total_seconds() - 86_400
            if room > 3600:
                updated = published + timedelta(
                    seconds=86_400 + chooser.random() * min(room, 365 * 86_400))
        versions = 2 if updated else 1
        plans.append(StoryPlan(
            article_id=article_id + index,
            version_ids=tuple(range(version_id, version_id + versions)),
            published_at=published, updated_at=updated, comments=count,
            slug=bench[index][0] if is_bench else "", bench=is_bench,
        ))
        version_id += versions
    return plans


def first_free_id(model: type[models.Model]) -> int:
    """The id after the highest one in use: planned ids start there."""
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
