"""The benchmark desk written phase by phase: people, sections and topics, shows, stories
(with their versions, publishing log, tags and search entries), comments, and the finish.

Only the few small things (writers, staff, sections) go through the ORM one by one or
through `articles.services`; everything there are thousands of is planned here and written
with bulk inserts, as `bench.seed_scale` explains.
"""
from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import pagecache
from articles.models import (
    Article,
    ArticleVersion,
    ArticleState,
    PublicationEvent,
    SearchEntry,
    Section,
    Show,
    ShowFactChange,
    TaggedShow,
    TaggedTopic,
    TrackerFact,
    VersionKind,
)
from articles.people import display_name
from articles.search import search_vector
from articles.services.sections import section_create
from articles.services.shows import show_slug_for
from bench.seed_scale.plan import (
    INSERT_BATCH,
    PROGRESS_STEPS,
    YEARS_OF_STORIES,
    Desk,
    StoryPlan,
    plan_stories,
)
from bench.seed_scale.threads import COMMENT_STATES, CommentWriter
from bench.seed_scale.words import (
    FIRST_NAMES,
    LAST_NAMES,
    PLATFORMS,
    SECTIONS,
    TOPICS,
    StoryText,
    Words,
    weighted_picker,
)
from comments.models import Comment, StoryCommentOptions

WRITERS = 40
STORY_CHUNK = 1000


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    summary: str = ""


class Seeder:
    """Writes one desk, phase by phase, inside the caller's transaction."""

    def __init__(self, progress: Callable[[str], None], *, stories: int, comments: int,
                 shows: int, with_bench: bool, seed: int) -> None:
        self.progress = progress
        self.story_count, self.comment_count, self.show_count = stories, comments, shows
        self.with_bench = with_bench
        self.chooser = random.Random(seed)
        self.words = Words(self.chooser)
        self.now = timezone.now()
        self.plans: list[StoryPlan] = []
        self.phases: list[Phase] = []
        self.stats: Counter[str] = Counter()

    def run(self) -> list[Phase]:
        with self._phase("people, sections, topics") as phase:
            desk = self._desk()
            phase.summary = (f"{len(desk.writers)} writers, {len(desk.sections)} sections, "
                             f"{len(desk.topics)} topics")
        with self._phase("shows") as phase:
            self._shows(desk)
            phase.summary = (f"{len(desk.shows):,} shows, {self.stats['fact_changes']:,} "
                             f"tracker changes")
        with self._phase("stories") as phase:
            self.plans = plan_stories(self.chooser, stories=self.story_count,
                                      comments=self.comment_count, with_bench=self.with_bench,
                                      now=self.now)
            self._stories(desk)
            phase.summary = (f"{len(self.plans):,} stories ({self.stats['updated']:,} with a "
                             f"public update), {self.stats['versions']:,} versions, "
                             f"{self.stats['search_entries']:,} search entries")
        with self._phase("comments") as phase:
            CommentWriter(self.chooser, self.words, now=self.now, stats=self.stats,
                          progress=self.progress).write(self.plans, desk, self.comment_count)
            states = ", ".join(f"{self.stats[f'state_{state}']:,} {state}"
                               for state, _ in COMMENT_STATES)
            phase.summary = (f"{self.stats['comments']:,} comments ({states}; "
                             f"{self.stats['replies']:,} replies)")
        with self._phase("finishing") as phase:
            self._finish()
            phase.summary = "page cache purged" + (
                ", id sequences moved, planner statistics"
                if connection.vendor == "postgresql" else "")
        return self.phases

    @contextmanager
    def _phase(self, name: str) -> Iterator[Phase]:
        started = time.monotonic()
        phase = Phase(name)
        yield phase
        phase.seconds = time.monotonic() - started
        self.phases.append(phase)
        self.progress(f"{name}: {phase.seconds:.1f} s")

    # --- the desk ---------------------------------------------------------------------------

    def _desk(self) -> Desk:
        User = get_user_model()
        names = self.chooser.sample(
            [(first, last) for first in FIRST_NAMES for last in LAST_NAMES], WRITERS)
        usernames = [f"{first}.{last}".lower() for first, last in names]
        existing = set(User.objects.filter(username__in=usernames)
                       .values_list("username", flat=True))
        User.objects.bulk_create(
            User(username=username, first_name=first, last_name=last, is_staff=True,
                 email=f"{username}@newsdesk.example", password=make_password(None))
            for username, (first, last) in zip(usernames, names) if username not in existing
        )
        writers = list(User.objects.filter(username__in=usernames).order_by("username"))
        Group.objects.get(name="Writers").user_set.add(*writers)
        editor = self._staff("desk.editor", "Marta", "Okonjo", "Editors")
        moderator = self._staff("desk.moderator", "Theo", "Lindgren", "Moderators")

        sections = []
        for position, (name, description) in enumerate(SECTIONS):
            section = Section.objects.filter(Q(slug=slugify(name)) | Q(name=name)).first()
            if section is None:
                section = section_create(name=name, slug=slugify(name),
                                                  description=description, position=position)
            sections.append(section)
        topics = []
        for name in TOPICS:
            topic = Tag.objects.filter(name__iexact=name).first()
            topics.append(topic or Tag.objects.create(name=name))
        return Desk(writers=writers, editor=editor, moderator=moderator, sections=sections,
                    topics=topics)

    def _staff(self, username: str, first: str, last: str, group: str) -> Any:
        user, made = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@newsdesk.example",
                                         "is_staff": True})
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
        return user

    def _shows(self, desk: Desk) -> None:
        today = timezone.localdate(self.now)
        opened = self.now - timedelta(days=365 * YEARS_OF_STORIES + 30)
        shows = []
        for name in self.words.show_names(self.show_count):
            facts = self.words.show_facts(name, today)
            slug = show_slug_for(name)
            shows.append(Show(
                name=name, slug=slug, platform=facts.platform, country=facts.country,
                genre=facts.genre, synopsis=facts.synopsis, status=facts.status,
                season=facts.season, release_date=facts.release_date,
                release_window=facts.release_window, official_url=f"https://{slug}.example",
                last_confirmed=today - timedelta(days=self.chooser.randint(0, 120)),
                created_at=opened + timedelta(hours=self.chooser.randint(0, 720)),
            ))
        desk.shows = Show.objects.bulk_create(shows, batch_size=INSERT_BATCH)
        desk.show_weights = weighted_picker(self.chooser, len(desk.shows))
        # The status each show had before its tracker last moved it, told the way an
        # editor's change is recorded (no story version behind it).
        changes = []
        for show in desk.shows:
            if self.chooser.random() < 0.6:
                before = self.chooser.choice(["Announced", "Renewed", "In production"])
                if before != show.get_status_display():
                    changes.append(ShowFactChange(
                        show=show, fact=TrackerFact.STATUS, before=before,
                        after=show.get_status_display(), by=desk.editor,
                        at=show.created_at + timedelta(days=self.chooser.randint(1, 20))))
        ShowFactChange.objects.bulk_create(changes, batch_size=INSERT_BATCH)
        self.stats["fact_changes"] = len(changes)

    # --- stories ----------------------------------------------------------------------------

    def _stories(self, desk: Desk) -> None:
        taken = {plan.slug for plan in self.plans if plan.slug}
        step = max(1, len(self.plans) // PROGRESS_STEPS)
        started = time.monotonic()
        for start in range(0, len(self.plans), STORY_CHUNK):
            self._story_chunk(desk, self.plans[start:start + STORY_CHUNK], taken)
            done = min(start + STORY_CHUNK, len(self.plans))
            if done // step > start // step or done == len(self.plans):
                self.progress(f"stories {done:,} / {len(self.plans):,} "
                              f"({time.monotonic() - started:.1f} s)")

    def _story_chunk(self, desk: Desk, plans: Sequence[StoryPlan], taken: set[str]) -> None:
        chooser = self.chooser
        articles, versions, events, entries = [], [], [], []
        section_links, author_links, show_links, topic_links = [], [], [], []
        section_through = Article.sections.through
        author_through = Article.authors.through
        for plan in plans:
            sections = chooser.sample(desk.sections, 1 if chooser.random() < 0.7 else 2)
            authors = chooser.sample(desk.writers, 1 if chooser.random() < 0.85 else 2)
            if plan.bench:
                shows = desk.shows[:2]
            else:
                wanted = chooser.choices((0, 1, 2, 3), weights=(15, 55, 22, 8))[0]
                shows = list({show.pk: show for show in chooser.choices(
                    desk.shows, cum_weights=desk.show_weights, k=wanted)}.values()
                ) if desk.shows else []
            topics = chooser.sample(desk.topics, chooser.randint(1, 3))
            platform = shows[0].platform if shows else chooser.choice(PLATFORMS)
            text = self.words.story([show.name for show in shows], platform)
            if not plan.slug:
                plan.slug = _unique_slug(text.headline, taken)
            metadata = {
                "slug": plan.slug,
                "sections": sorted(section.name for section in sections),
                "authors": sorted(display_name(author) for author in authors),
                "shows": sorted(show.name for show in shows),
                "topics": sorted(topic.name for topic in topics),
                "expire_at": None,
            }
            writer = authors[0]
            saved_at = plan.published_at - timedelta(minutes=40)
            versions.append(_version(plan, 0, text, metadata, writer, saved_at,
                                     plan.published_at))
            events.append(PublicationEvent(
                article_id=plan.article_id, version_id=plan.version_ids[0],
                action=PublicationEvent.Action.PUBLISHED, by=desk.editor,
                at=plan.published_at, detail="Version 1: first publication"))
            live_text = text
            if plan.updated_at:
                label, note, live_text = self.words.update(text, platform, plan.updated_at)
                versions.append(_version(plan, 1, live_text, metadata, writer,
                                         plan.updated_at - timedelta(minutes=30),
                                         plan.updated_at, label=label, note=note))
                events.append(PublicationEvent(
                    article_id=plan.article_id, version_id=plan.version_ids[1],
                    action=PublicationEvent.Action.PUBLISHED, by=desk.editor,
                    at=plan.updated_at, detail=f"Version 2: {label}"))
                self.stats["updated"] += 1
            articles.append(Article(
                id=plan.article_id, slug=plan.slug, state=ArticleState.PUBLISHED,
                live_version_id=plan.live_version_id, latest_version_id=plan.live_version_id,
                latest_version_number=len(plan.version_ids),
                first_published_at=plan.published_at,
                last_updated_at=plan.updated_at or plan.published_at, created_at=saved_at,
            ))
            section_links += [section_through(article_id=plan.article_id, section_id=s.pk)
                              for s in sections]
            author_links += [author_through(article_id=plan.article_id, user_id=a.pk)
                             for a in authors]
            show_links += [TaggedShow(content_object_id=plan.article_id, tag_id=s.pk)
                           for s in shows]
            topic_links += [TaggedTopic(content_object_id=plan.article_id, tag_id=t.pk)
                            for t in topics]
            # As articles.search.index_article fills it. Its query for the story's shows has
            # no ORDER BY: the databases return them in the order their links were written,
            # as here. No show has aliases yet.
            entries.append(SearchEntry(
                article_id=plan.article_id, headline=live_text.headline,
                standfirst=live_text.standfirst, body=live_text.body_text,
                shows=" ".join(show.name for show in shows)))

        Article.objects.bulk_create(articles, batch_size=INSERT_BATCH)
        ArticleVersion.objects.bulk_create(versions, batch_size=INSERT_BATCH)
        PublicationEvent.objects.bulk_create(events, batch_size=INSERT_BATCH)
        section_through.objects.bulk_create(section_links, batch_size=INSERT_BATCH)
        author_through.objects.bulk_create(author_links, batch_size=INSERT_BATCH)
        TaggedShow.objects.bulk_create(show_links, batch_size=INSERT_BATCH)
        TaggedTopic.objects.bulk_create(topic_links, batch_size=INSERT_BATCH)
        SearchEntry.objects.bulk_create(entries, batch_size=INSERT_BATCH)
        if connection.vendor == "postgresql":
            SearchEntry.objects.filter(
                article_id__gte=plans[0].article_id, article_id__lte=plans[-1].article_id
            ).update(vector=search_vector())
        self.stats["versions"] += len(versions)
        self.stats["search_entries"] += len(entries)
        # The benchmark stories stay open for comments, however long after this run the
        # benchmark comes: 0 days means comments never close.
        StoryCommentOptions.objects.bulk_create(
            StoryCommentOptions(article_id=plan.article_id, close_after_days=0)
            for plan in plans if plan.bench)

    # --- the end ----------------------------------------------------------------------------

    def _finish(self) -> None:
        """Let every page cached before the load go stale; point PostgreSQL's id sequences
        past the planned ids (SQLite's AUTOINCREMENT follows inserted ids by itself) and
        give its planner fresh statistics."""
        # Pages cached from an earlier desk in a shared cache (Redis) name the same ids.
        pagecache.purge_everything()
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Article, ArticleVersion,
                                                                      Comment]):
                cursor.execute(sql)
            for model in (Article, ArticleVersion, Comment, SearchEntry, TaggedShow,
                          TaggedTopic, PublicationEvent):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _version(plan: StoryPlan, index: int, text: StoryText, metadata: dict[str, Any],
             writer: Any, saved_at: datetime, published_at: datetime, *, label: str = "",
             note: str = "") -> ArticleVersion:
    return ArticleVersion(
        id=plan.version_ids[index], article_id=plan.article_id, number=index + 1,
        headline=text.headline, standfirst=text.standfirst, body=text.body,
        kind=VersionKind.UPDATE, update_label=label, public_note=note, metadata=metadata,
        created_by=writer, created_at=saved_at, published_at=published_at,
        public_number=index + 1,
    )


def _unique_slug(headline: str, taken: set[str]) -> str:
    base = slugify(headline)[:80].rstrip("-") or "story"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug

