"""Fill an empty database with a large, realistic desk for benchmarks, fast.

    manage.py seed_scale --stories 100000 --comments 1000000 --shows 500

Rows are written with bulk inserts in chunks, never through the services: what a real
publish or comment would write (live and latest versions, public numbers, version
metadata, the publishing log, search entries, threaded comments with their root and depth)
is worked out here and written in bulk. Ids are planned up front, so stories, versions and
comments refer to one another without reading anything back; the database checks those
references when the single transaction commits, and nothing is left behind if it fails.

Two stories are always there for the benchmarks when the numbers allow:
`scale-200-comments` and `scale-1000-comments`, with exactly 200 and 1,000 approved
comments, published three days before the run and kept open for comments.
"""
from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import pagecache
from articles.models import (
    Article,
    ArticleState,
    ArticleVersion,
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
from articles.search import search_vector
from articles.services import display_name, section_create, show_slug_for
from comments.models import Comment, CommentState, StoryCommentOptions, VerdictSource
from comments.scale_data import (
    FIRST_NAMES,
    LAST_NAMES,
    PLATFORMS,
    SECTIONS,
    TOPICS,
    StoryText,
    Words,
    comment_counts,
    weighted_picker,
)

BENCH_STORIES = (("scale-200-comments", 200), ("scale-1000-comments", 1000))
BENCH_COMMENTS = sum(count for _, count in BENCH_STORIES)
WRITERS = 40
YEARS_OF_STORIES = 5
UPDATED_SHARE = 0.2
# A reply to a comment; the rest start threads.
REPLY_SHARE = 0.35
# How comments end up, for all but the benchmark stories (which are all approved).
COMMENT_STATES = ((CommentState.APPROVED, 0.90), (CommentState.PENDING, 0.04),
                  (CommentState.SPAM, 0.05), (CommentState.TRASH, 0.01))
STAFF_SHARE = 0.01
SPAM_BODIES = ("Great article! Visit my profile for the best streaming deals "
               "http://deals.example", "Watch every episode free here http://free-tv.example")

STORY_CHUNK = 1000
COMMENT_CHUNK = 20_000
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
class Phase:
    name: str
    seconds: float = 0.0
    summary: str = ""


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


class Command(BaseCommand):
    help = ("Fill an empty database with many stories, comments and shows for benchmarks, "
            "with bulk inserts. Two benchmark stories get exactly 200 and 1,000 comments.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stories", type=int, default=1000, help="Live stories to make.")
        parser.add_argument("--comments", type=int, default=10_000,
                            help="Reader comments in all, the benchmark stories' included.")
        parser.add_argument("--shows", type=int, default=50, help="Shows to make.")
        parser.add_argument("--seed", type=int, default=1,
                            help="Seed of the random choices: the same seed, the same desk.")

    def handle(self, *args: Any, **options: Any) -> None:
        stories, comments, shows = options["stories"], options["comments"], options["shows"]
        with_bench = _check_numbers(stories, comments, shows)
        _check_empty()
        if not with_bench:
            self.stdout.write(
                f"Benchmark stories skipped: {', '.join(slug for slug, _ in BENCH_STORIES)} "
                f"need {BENCH_COMMENTS:,} comments and two stories; this run makes "
                f"{comments:,} comments and {stories:,} stories.")
        self.stdout.write(f"Seeding {stories:,} stories, {comments:,} comments and {shows:,} "
                          f"shows (seed {options['seed']}) on {connection.vendor}.")
        started = time.monotonic()
        seeder = Seeder(self, stories=stories, comments=comments, shows=shows,
                        with_bench=with_bench, seed=options["seed"])
        # A debug cursor would keep (and on SQLite re-quote) every bulk INSERT's values.
        with override_settings(DEBUG=False), _sqlite_bulk_mode():
            with transaction.atomic():
                phases = seeder.run()
                committing = time.monotonic()
            phases.append(Phase("commit", time.monotonic() - committing,
                                "every reference checked, everything written"))
        self._summary(phases, time.monotonic() - started, seeder)

    def progress(self, line: str) -> None:
        self.stdout.write(f"  {line}")
        self.stdout.flush()

    def _summary(self, phases: list[Phase], seconds: float, seeder: Seeder) -> None:
        self.stdout.write(f"Done in {seconds:.1f} s. The database now takes "
                          f"{_database_bytes() / 1e9:.2f} GB.")
        width = max(len(phase.name) for phase in phases)
        for phase in phases:
            self.stdout.write(f"  {phase.name:<{width}}  {phase.seconds:7.1f} s  {phase.summary}")
        counts = sorted(plan.comments for plan in seeder.plans if not plan.bench)
        if counts and counts[-1]:
            self.stdout.write(
                f"Comments per story (benchmark stories aside): median "
                f"{statistics.median(counts):,.0f}, 99th percentile "
                f"{counts[int(len(counts) * 0.99)]:,}, most {counts[-1]:,}; "
                f"{sum(1 for n in counts if n == 0):,} stories without any.")
        for plan in seeder.plans:
            if plan.bench:
                self.stdout.write(f"Benchmark story: /articles/{plan.slug}/ with "
                                  f"{plan.comments:,} approved comments.")


def _check_numbers(stories: int, comments: int, shows: int) -> bool:
    """Refuse numbers that cannot make a desk; True if the benchmark stories fit."""
    for name, value in (("stories", stories), ("comments", comments), ("shows", shows)):
        if value < 0:
            raise CommandError(f"--{name} must be zero or more, not {value}.")
    if comments and not stories:
        raise CommandError(f"There are no stories to put {comments:,} comments under: give "
                           f"--stories 1 or more, or --comments 0.")
    with_bench = comments >= BENCH_COMMENTS and stories >= len(BENCH_STORIES)
    if with_bench and comments > BENCH_COMMENTS and stories == len(BENCH_STORIES):
        raise CommandError(
            f"The two benchmark stories take exactly {BENCH_COMMENTS:,} comments, so the other "
            f"{comments - BENCH_COMMENTS:,} need stories of their own: give --stories 3 or "
            f"more, or --comments {BENCH_COMMENTS}.")
    return with_bench


def _check_empty() -> None:
    """Refuse, before writing anything, a database that already has a desk in it: planned
    ids, slugs and show names would collide with what is there."""
    found = {"stories": Article.objects.count(), "shows": Show.objects.count(),
             "comments": Comment.objects.count()}
    if any(found.values()):
        held = ", ".join(f"{count:,} {name}" for name, count in found.items() if count)
        raise CommandError(
            f"This database already holds {held}. seed_scale only fills an empty one: migrate "
            f"a fresh database (e.g. NEWSDESK_VAR_DIR=/tmp/scale manage.py migrate) and run "
            f"it there. Nothing was written.")


@contextmanager
def _sqlite_bulk_mode() -> Iterator[None]:
    """On SQLite, skip the fsyncs and use a bigger page cache while seeding; the
    connection's own settings come back afterwards. Elsewhere, or inside a caller's
    transaction (where SQLite cannot change them), nothing changes."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        saved = {}
        for pragma in ("synchronous", "cache_size"):
            cursor.execute(f"PRAGMA {pragma}")
            saved[pragma] = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for pragma, value in saved.items():
                cursor.execute(f"PRAGMA {pragma} = {int(value)}")


def _database_bytes() -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), "
                       "pragma_page_size()")
        return int(cursor.fetchone()[0])


def _first_free_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


class Seeder:
    """Writes one desk, phase by phase, inside the caller's transaction."""

    def __init__(self, command: Command, *, stories: int, comments: int, shows: int,
                 with_bench: bool, seed: int) -> None:
        self.command = command
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
            self.plans = self._plan()
            self._stories(desk)
            phase.summary = (f"{len(self.plans):,} stories ({self.stats['updated']:,} with a "
                             f"public update), {self.stats['versions']:,} versions, "
                             f"{self.stats['search_entries']:,} search entries")
        with self._phase("comments") as phase:
            self._comments(desk)
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
        self.command.progress(f"{name}: {phase.seconds:.1f} s")

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

    def _plan(self) -> list[StoryPlan]:
        """Ids, dates and comment counts of every story, the benchmark ones first."""
        bench = list(BENCH_STORIES) if self.with_bench else []
        other_comments = self.comment_count - sum(count for _, count in bench)
        counts = [count for _, count in bench] + comment_counts(
            self.chooser, self.story_count - len(bench), other_comments)
        article_id = _first_free_id(Article)
        version_id = _first_free_id(ArticleVersion)
        span = timedelta(days=365 * YEARS_OF_STORIES).total_seconds()
        plans = []
        for index, count in enumerate(counts):
            is_bench = index < len(bench)
            if is_bench:
                published = self.now - timedelta(days=3, minutes=index)
            else:
                published = self.now - timedelta(seconds=60 + self.chooser.random() * span)
            updated = None
            if not is_bench and self.chooser.random() < UPDATED_SHARE:
                room = (self.now - published).total_seconds() - 86_400
                if room > 3600:
                    updated = published + timedelta(
                        seconds=86_400 + self.chooser.random() * min(room, 365 * 86_400))
            versions = 2 if updated else 1
            plans.append(StoryPlan(
                article_id=article_id + index,
                version_ids=tuple(range(version_id, version_id + versions)),
                published_at=published, updated_at=updated, comments=count,
                slug=bench[index][0] if is_bench else "", bench=is_bench,
            ))
            version_id += versions
        return plans

    def _stories(self, desk: Desk) -> None:
        taken = {plan.slug for plan in self.plans if plan.slug}
        step = max(1, len(self.plans) // PROGRESS_STEPS)
        started = time.monotonic()
        for start in range(0, len(self.plans), STORY_CHUNK):
            self._story_chunk(desk, self.plans[start:start + STORY_CHUNK], taken)
            done = min(start + STORY_CHUNK, len(self.plans))
            if done // step > start // step or done == len(self.plans):
                self.command.progress(f"stories {done:,} / {len(self.plans):,} "
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

    # --- comments ---------------------------------------------------------------------------

    def _comments(self, desk: Desk) -> None:
        next_id = _first_free_id(Comment)
        pending: list[Comment] = []
        step = max(1, self.comment_count // PROGRESS_STEPS)
        started = time.monotonic()
        written = 0
        for plan in self.plans:
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
                    self.command.progress(f"comments {written:,} / {self.comment_count:,} "
                                          f"({time.monotonic() - started:.1f} s)")
        if pending:
            written += self._write_comments(pending)
            self.command.progress(f"comments {written:,} / {self.comment_count:,} "
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
                comment.author_name, comment.author_email = display_name(writer), writer.email
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


def _pick_state(chooser: random.Random) -> str:
    roll = chooser.random()
    for state, share in COMMENT_STATES:
        if roll < share:
            return state
        roll -= share
    return CommentState.APPROVED
