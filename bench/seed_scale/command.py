"""The command behind `python -m bench.seed_scale`: its arguments, the checks made before
anything is written, the one transaction, and the summary it prints."""
from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import override_settings

from articles.models import Article, Show
from bench.seed_scale.plan import BENCH_COMMENTS, BENCH_STORIES
from bench.seed_scale.seeder import Phase, Seeder
from comments.models import Comment


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
        seeder = Seeder(self.progress, stories=stories, comments=comments, shows=shows,
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

