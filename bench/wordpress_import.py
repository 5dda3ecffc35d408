"""How long `manage.py import_wordpress` takes, and how much memory, as exports grow.

    .venv/bin/python bench/wordpress_import.py [--comments 25000,50000,100000] [--posts 100]
                                               [--dry-run] [--keep FOLDER]

First the real export of a WordPress 6.1 site (FIXTURE: 27 posts, about 1,250 comments),
then exports drawn by tests/wordpress/exports.py with --posts posts sharing each number of
comments (threaded, with held, spam and trashed ones among them). Each is imported by its
own `manage.py import_wordpress FILE` into a fresh SQLite database (a copy of one migrated
once), in a temporary NEWSDESK_VAR_DIR, with production settings: DEBUG off and a
throw-away SECRET_KEY. --dry-run is passed on to the command.

Seconds are the import's wall-clock time. Peak memory is the import process's own maximum
resident set, from os.wait4() on it alone. Linux starts a child's peak at its parent's
resident size, so this process stays small: a child of its own draws the exports, and only
the standard library is loaded here. If memory stays flat as the file grows, the import
streams; the aim is 100,000 comments in under two minutes on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURE = REPOSITORY / "tests" / "wordpress" / "fixtures" / "screen-tracker.xml"
DATABASE = "newsdesk.sqlite3"
TARGET_SECONDS = 120
TARGET_COMMENTS = 100_000


@dataclass
class Run:
    label: str
    file_bytes: int
    comments_in_file: int
    seconds: float
    peak_kb: int
    comments_saved: int | None
    stories_saved: int | None
    summary: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", default="25000,50000,100000",
                        help="comma-separated comment counts of the generated exports")
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--dry-run", action="store_true", help="pass --dry-run to the import")
    parser.add_argument("--keep", metavar="FOLDER",
                        help="draw the exports into FOLDER and keep them (reused if present)")
    parser.add_argument("--draw", nargs=3, metavar=("PATH", "POSTS", "PER_POST"),
                        help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.draw:
        sys.path.insert(0, str(REPOSITORY))
        from tests.wordpress.exports import write_big_wxr

        path, posts, per_post = arguments.draw
        write_big_wxr(path, posts=int(posts), comments_per_post=int(per_post))
        return
    counts = [int(count) for count in arguments.comments.split(",") if count.strip()]
    for count in counts:
        if count % arguments.posts:
            parser.error(f"{count} comments do not share evenly among {arguments.posts} posts.")
    run(counts, arguments)


def run(counts: list[int], arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-wordpress-") as scratch:
        exports = Path(arguments.keep) if arguments.keep else Path(scratch) / "exports"
        exports.mkdir(parents=True, exist_ok=True)
        migrated = Path(scratch) / "migrated"
        started = time.perf_counter()
        _manage(migrated, "migrate", "--noinput")
        print(f"Migrated a fresh SQLite database in {time.perf_counter() - started:.1f} s.")

        cases = [("WordPress 6.1 fixture", FIXTURE, _count_comments(FIXTURE))]
        for count in counts:
            path = exports / f"generated-{arguments.posts}x{count // arguments.posts}.xml"
            if not path.exists():
                started = time.perf_counter()
                _draw(path, arguments.posts, count // arguments.posts)
                print(f"Drew {path.name} ({path.stat().st_size / 1e6:.0f} MB) "
                      f"in {time.perf_counter() - started:.1f} s.")
            cases.append((f"{arguments.posts} posts × {count // arguments.posts:,}", path, count))

        rows = []
        for number, (label, path, comments) in enumerate(cases):
            var = Path(scratch) / f"run-{number}"
            var.mkdir()
            _copy_database(migrated / DATABASE, var / DATABASE)
            options = ["--dry-run"] if arguments.dry_run else []
            seconds, peak_kb, output = _measure(var, "import_wordpress", str(path), *options)
            saved_comments, saved_stories = _saved(var / DATABASE)
            rows.append(Run(label, path.stat().st_size, comments, seconds, peak_kb,
                            saved_comments, saved_stories, _counts(output)))
            print(f"{label}: {seconds:.1f} s, {peak_kb / 1024:.0f} MB; {rows[-1].summary}",
                  flush=True)
    _print_table(rows, arguments)


def _environment(var: Path) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items()
                   if name not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "AKISMET_API_KEY"}}
    environment.update(NEWSDESK_VAR_DIR=str(var), SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
                       PYTHONUNBUFFERED="1")
    return environment


def _manage(var: Path, *command: str) -> str:
    finished = subprocess.run([sys.executable, "manage.py", *command], cwd=REPOSITORY,
                              env=_environment(var), capture_output=True, text=True, check=False)
    if finished.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{finished.stdout}{finished.stderr}")
    return finished.stdout


def _measure(var: Path, *command: str) -> tuple[float, int, str]:
    """Seconds, peak resident kilobytes and output of one manage.py command."""
    log = var / "output.log"
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "manage.py", *command], cwd=REPOSITORY,
                                   env=_environment(var), stdout=output,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text()
    if process.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed ({process.returncode}):\n{text}")
    return seconds, usage.ru_maxrss, text  # ru_maxrss is in kilobytes on Linux


def _copy_database(source: Path, target: Path) -> None:
    # SQLite's own backup, so whatever is still in the write-ahead log comes along.
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


def _draw(path: Path, posts: int, per_post: int) -> None:
    finished = subprocess.run([sys.executable, __file__, "--draw", str(path), str(posts),
                               str(per_post)], capture_output=True, text=True, check=False)
    if finished.returncode:
        sys.exit(f"Drawing {path.name} failed:\n{finished.stderr}")


def _count_comments(path: Path) -> int:
    # The fixture is 1.3 MB: reading it here costs this process nothing worth mentioning.
    return path.read_text(encoding="utf-8").count("<wp:comment>")


def _saved(database: Path) -> tuple[int | None, int | None]:
    """Comments and stories in the database afterwards: proof the import did the work."""
    counts: list[int | None] = []
    with sqlite3.connect(database) as connection:
        for table in ("comments_comment", "articles_article"):
            try:
                counts.append(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            except sqlite3.Error:
                counts.append(None)
    connection.close()
    return counts[0], counts[1]


def _counts(output: str) -> str:
    """The counts of the command's report on one line ("stories 100, users 2, ...")."""
    lines = output.splitlines()
    start = next((number for number, line in enumerate(lines)
                  if line.startswith(("Imported", "Would import"))), len(lines))
    counts = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        name, _, count = line.strip().rpartition(" ")
        counts.append(f"{name.strip()} {count}")
    return ", ".join(counts) or (lines[-1].strip() if lines else "")


def _print_table(rows: list[Run], arguments: argparse.Namespace) -> None:
    print(f"\nPython {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
          f"SQLite {sqlite3.sqlite_version}; "
          f"{'--dry-run' if arguments.dry_run else 'full import'}.\n")
    header = ("export", "comments", "file", "seconds", "comments/s", "peak memory",
              "comments saved", "stories saved")
    lines = [header]
    for row in rows:
        lines.append((
            row.label, f"{row.comments_in_file:,}", f"{row.file_bytes / 1e6:.1f} MB",
            f"{row.seconds:.1f}", f"{row.comments_in_file / row.seconds:,.0f}",
            f"{row.peak_kb / 1024:.0f} MB",
            "?" if row.comments_saved is None else f"{row.comments_saved:,}",
            "?" if row.stories_saved is None else f"{row.stories_saved:,}"))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for number, line in enumerate(lines):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    largest = max((row for row in rows if row.comments_in_file >= TARGET_COMMENTS),
                  key=lambda row: row.comments_in_file, default=None)
    if largest is not None:
        rate = largest.seconds * TARGET_COMMENTS / largest.comments_in_file
        verdict = "within" if rate < TARGET_SECONDS else "over"
        print(f"\n{TARGET_COMMENTS:,} comments take about {rate:.0f} s at that rate: "
              f"{verdict} the {TARGET_SECONDS} s aim.")


if __name__ == "__main__":
    main()
