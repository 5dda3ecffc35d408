"""What RESULTS.md says besides the figures: the machine, the method, and the notes on how
each dataset was set up."""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

from bench import report, stack
from bench.load import CONNECTIONS, WARMUP_SECONDS, WRK, WRK_THREADS
from bench.report import DatasetResult
from bench.targets import AKISMET_SECONDS, MEMORY_MIX_MIN_RATE, SEARCH_WORD


def machine() -> dict[str, str]:
    def first(path: str, prefix: str) -> str:
        return next((line.split(":" if ":" in line else "=", 1)[1].strip().strip('"')
                     for line in Path(path).read_text().splitlines()
                     if line.startswith(prefix)), "?")

    memory_kib = int(first("/proc/meminfo", "MemTotal:").split()[0])
    gunicorn = stack.run([str(stack.BIN / "gunicorn"), "--version"]).split()[-1].strip("()")
    wrk_version = subprocess.run([WRK, "--version"], capture_output=True,
                                 text=True).stdout.split()[1]
    django = stack.run([sys.executable, "-c", "import django; print(django.get_version())"])
    return {
        "cores": f"{os.cpu_count()} cores",
        "CPU": f"{first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores",
        "RAM": f"{memory_kib / 1024 / 1024:.1f} GiB",
        "OS": f"{first('/etc/os-release', 'PRETTY_NAME=')}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.strip(),
        "gunicorn": gunicorn,
        "wrk": wrk_version,
    }


def method_text(options: argparse.Namespace) -> str:
    return (f"Production settings: DEBUG off, PostgreSQL, Redis cache, tasks on `db_worker`, "
            f"static files by WhiteNoise, gunicorn; the full-page cache off except in the row "
            f"that says otherwise, the fragment cache on. wrk runs on the same machine, from "
            f"127.0.0.1: {CONNECTIONS} connections on {WRK_THREADS} threads unless the row "
            f"says otherwise, {WARMUP_SECONDS} s of warm-up, then {options.seconds:g} s "
            f"measured. Comment POSTs go to a story of their own, each with its own text; the "
            f"fake Akismet answers the worker after {AKISMET_SECONDS:g} s."
            + (" This run was profiled: py-spy's sampling took CPU from the app, so its "
               "figures are lower than an unprofiled run's." if options.profile else ""))


def setup_notes(results: dict[str, DatasetResult]) -> list[str]:
    notes = []
    for result in report.in_order(results):
        facts, build, posted = result.facts, result.facts["build"], result.posted
        notes.append(
            f"**{result.dataset.name}**: {result.dataset.description}; database "
            f"{build['database_bytes'] / 1e9:.2f} GB, seeded in {build['seed_seconds']:.0f} s "
            f"(then VACUUM ANALYZE, {build['vacuum_seconds']:.0f} s) on {build['built_at']}. "
            f"Show hub: {facts['show_name']} ({facts['show_stories']:,} stories); "
            f"`?q={SEARCH_WORD}` matches {facts['search_matches']:,} stories. POSTs stored "
            f"{posted.get('posted', 0):,} comments; the worker judged "
            f"{posted.get('judged', 0):,} of them during the run (Akismet asked "
            f"{posted.get('akismet_checks', 0):,} times).")
    for result in report.in_order(results):
        if left_out := result.facts.get("memory_left_out"):
            notes.append(f"Worker memory ({result.dataset.name}): {', '.join(left_out)} left "
                         f"out of the mix, measured under {MEMORY_MIX_MIN_RATE:g} req/s.")
    first = report.in_order(results)[0]
    if first.trials:
        tried = "; ".join(f"{trial.label} {trial.load.per_second:.0f} req/s (median "
                          f"{trial.load.p50_ms:.0f} ms, other work "
                          f"{trial.load.other_cores:.2f} cores)" for trial in first.trials)
        notes.append(f"gunicorn: **{first.gunicorn}**, the best of these on the "
                     f"{first.dataset.name} dataset's 200-comment story: {tried}.")
    else:
        notes.append(f"gunicorn: **{first.gunicorn}** (--gunicorn).")
    for result in report.in_order(results):
        if trials := result.facts.get("cached_trials"):
            notes.append(f"Page cache on ({result.dataset.name}): the row is "
                         f"**{result.facts['cached_gunicorn']}**, the best of "
                         f"{'; '.join(trials)}.")
    settings = ", ".join(f"{name}={value}" for name, value in stack.SERVING_SETTINGS.items())
    notes += [f"PostgreSQL: {first.facts['postgres']}; {settings}; fsync on.",
              f"Redis: {first.facts['redis']}, no persistence."]
    for result in report.in_order(results):
        if result.profiles:
            notes.append(f"py-spy profiles ({result.dataset.name}): "
                         + ", ".join(f"`{path}`" for path in result.profiles.values()))
    return notes
