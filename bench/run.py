"""`make bench`: the production stack under load, on a small and a large desk.

    .venv/bin/python bench/run.py [--datasets small,large] [--fresh] [--build-only]
                                  [--seconds 12] [--gunicorn 3x2] [--profile]

For each dataset this starts, on 127.0.0.1: PostgreSQL (its data directory persists in
var/bench/<dataset>/, seeded once with `python -m bench.seed_scale`; --fresh seeds it again),
Redis, gunicorn with production settings (DEBUG off, full-page cache off), the `db_worker`
task worker, and a fake Akismet that answers after one second. wrk then drives the app
from 127.0.0.1 with 8 connections on 2 threads, one row at a time: a warm-up, then
--seconds of measurement. Queries per page are counted in-process (bench/page_queries.py).
The memory row reads the gunicorn workers' resident memory after 1,000 and 10,000 requests
of the reader pages. The cached row restarts gunicorn with the page cache on.

With WORDPRESS_URL set to a WordPress on this machine (the anchor in
../shared/wordpress-anchor/ serves http://localhost:8081), the same page kinds are measured
on it after the first dataset's, and each row shows Newsdesk's requests/s over WordPress's
(bench/wordpress.py says which WordPress page matches which row). Without it the rows are
read against the floor rows (robots.txt, a static file).

gunicorn's worker set-up is chosen on the first dataset, by the 200-comment story's
requests/s among a few candidates, and kept for the next (--gunicorn skips the choice).
--profile records py-spy on the workers during every row and writes, per row, the
milliseconds of CPU per request each function takes (var/bench/logs/<dataset>/profiles/).

Prints the table and writes bench/RESULTS.md with the machine's details. Every server is
stopped at the end, on failure and on Ctrl-C too.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import profiling, report, wordpress
from bench.desk import say
from bench.load import WRK
from bench.report import Dataset, DatasetResult, WordPressRun
from bench.rows import bench_dataset
from bench.stack import REPO, VAR, GunicornConfig, StackError
from bench.targets import DATASETS, ROWS
from bench.write_up import machine, method_text, setup_notes
from tests.fake_akismet import FakeAkismet


# --- main ------------------------------------------------------------------------------------


def parse_config(text: str) -> GunicornConfig:
    match = re.fullmatch(r"(\d+)(?:x(\d+))?", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"--gunicorn takes WORKERS (sync workers) or "
                                         f"WORKERSxTHREADS (gthread), like 2 or 3x2, not "
                                         f"{text!r}.")
    return GunicornConfig(int(match.group(1)), int(match.group(2) or 1))


def parse_datasets(text: str) -> list[Dataset]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in DATASETS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"--datasets takes {' and/or '.join(DATASETS)}, "
                                         f"comma-separated, not {text!r}.")
    return [DATASETS[name] for name in names]


def check_tools(profile: bool) -> None:
    missing = [tool for tool in (WRK, "redis-server", "redis-cli") if not shutil.which(tool)]
    if missing:
        raise StackError(f"{', '.join(missing)} not found: `make bench` installs them (or "
                         f"apt-get install wrk redis-server).")
    if profile:
        profiling.py_spy()


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--datasets", type=parse_datasets, default=list(DATASETS.values()),
                        help="small, large, or both in that order (the default)")
    parser.add_argument("--fresh", action="store_true",
                        help="seed the datasets again instead of reusing var/bench/")
    parser.add_argument("--build-only", action="store_true",
                        help="only build (or check) the datasets' databases")
    parser.add_argument("--seconds", type=float, default=12, help="measured seconds per row")
    parser.add_argument("--gunicorn", type=parse_config, default=None,
                        help="WORKERS or WORKERSxTHREADS; by default the best of a few, measured")
    parser.add_argument("--profile", action="store_true",
                        help="py-spy the workers during every row (needs py-spy in the venv)")
    options = parser.parse_args()
    # Set explicitly: a shell that starts this in the background leaves SIGINT ignored.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    started = time.monotonic()
    results: dict[str, DatasetResult] = {}
    try:
        check_tools(options.profile)
        details = machine()
        wordpress_url = os.environ.get("WORDPRESS_URL", "").strip()
        wordpress_run = (WordPressRun(wordpress.checked_url(wordpress_url))
                         if wordpress_url else None)
        with FakeAkismet() as akismet:
            config = options.gunicorn
            for dataset in options.datasets:
                results[dataset.name], config = bench_dataset(dataset, akismet, options, config,
                                                              wordpress_run)
    except StackError as error:
        say(f"\nbench: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nbench: interrupted; every server it started has been stopped.")
        return 130
    minutes = (time.monotonic() - started) / 60
    if options.build_only:
        say(f"Datasets ready in var/bench/ ({minutes:.1f} min).")
        return 0
    report.write(results, ROWS, machine=details, method=method_text(options),
                 notes=setup_notes(results), minutes=minutes)
    say()
    say(report.printed(results, ROWS))
    say(f"\nThe whole run took {minutes:.1f} min. Written to "
        f"{report.RESULTS.relative_to(REPO)}; logs, and the SQL of each page, in "
        f"{(VAR / 'logs').relative_to(REPO)}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
