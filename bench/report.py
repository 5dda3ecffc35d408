"""What `bench/run.py` measured, the targets it is held to (issue 6's, and those of later
issues), and how both are printed and written to bench/RESULTS.md."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MEMORY_CHECKPOINTS = (1_000, 10_000)
LARGE_SLOWDOWN_LIMIT = 1.3
WORDPRESS_FACTOR = 10


@dataclass(frozen=True)
class Dataset:
    name: str
    stories: int
    comments: int
    shows: int

    def seed_args(self) -> list[str]:
        return ["--stories", str(self.stories), "--comments", str(self.comments),
                "--shows", str(self.shows)]

    @property
    def description(self) -> str:
        return f"{self.stories:,} stories, {self.comments:,} comments, {self.shows:,} shows"


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    # Rows that only explain another one are left out of the large-versus-small target.
    informative: bool = False


@dataclass
class Load:
    """What wrk measured for one row, and what else the machine was doing meanwhile."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: dict[str, int]
    connections: int
    # Average cores used by the benchmark's processes and by everything else.
    own_cores: float = 0.0
    other_cores: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class WordPressRun:
    """Where the comparison's WordPress is (bench/wordpress.py), the page matched to each
    row, and what it did under the same load."""

    url: str
    paths: dict[str, str] = field(default_factory=dict)
    loads: dict[str, Load] = field(default_factory=dict)
    version: str = ""


@dataclass
class GunicornTrial:
    label: str
    load: Load


@dataclass
class DatasetResult:
    dataset: Dataset
    paths: dict[str, str] = field(default_factory=dict)
    loads: dict[str, Load] = field(default_factory=dict)
    # page key -> {"cold": n, "warm": n, "bytes": n}; "post" -> {"queries": n}
    queries: dict[str, Any] = field(default_factory=dict)
    memory_kib: dict[int, list[int]] = field(default_factory=dict)
    gunicorn: str = ""
    trials: list[GunicornTrial] = field(default_factory=list)
    posted: dict[str, int] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    # Measured once, in the same run as the first dataset, and shared by every dataset.
    wordpress: WordPressRun | None = None

    def times_wordpress(self) -> dict[str, float]:
        """Each row's requests/s over its WordPress page's, for the rows WordPress has."""
        if self.wordpress is None:
            return {}
        return {key: self.loads[key].per_second / theirs.per_second
                for key, theirs in self.wordpress.loads.items()
                if key in self.loads and theirs.per_second}

    def memory_growth(self) -> float | None:
        first, last = (sum(self.memory_kib.get(n, [])) for n in MEMORY_CHECKPOINTS)
        return (last - first) / first * 100 if first and last else None


# --- targets ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    text: str
    check: Callable[[dict[str, DatasetResult]], tuple[str, bool | None]]


def in_order(results: dict[str, DatasetResult]) -> list[DatasetResult]:
    return [results[name] for name in ("small", "large") if name in results]


def per_dataset(text: str, figure: Callable[[DatasetResult], float | None],
                passes: Callable[[float], bool], shown: Callable[[float], str]) -> Target:
    """A target each dataset must meet on its own."""
    def check(results: dict[str, DatasetResult]) -> tuple[str, bool | None]:
        measured = [(result.dataset.name, value) for result in in_order(results)
                    if (value := figure(result)) is not None]
        if not measured:
            return "not measured", None
        return (", ".join(f"{name} {shown(value)}" for name, value in measured),
                all(passes(value) for _, value in measured))
    return Target(text, check)


def slowdowns(results: dict[str, DatasetResult], informative: set[str]) -> dict[str, float]:
    """Each row's median on the large dataset over the small one's."""
    if "small" not in results or "large" not in results:
        return {}
    small, large = results["small"].loads, results["large"].loads
    return {key: large[key].p50_ms / small[key].p50_ms for key in small
            if key in large and key not in informative and small[key].p50_ms}


def rate(key: str) -> Callable[[DatasetResult], float | None]:
    return lambda result: result.loads[key].per_second if key in result.loads else None


def rate_against(key: str, floor: str) -> Callable[[DatasetResult], float | None]:
    """`key`'s requests/s as a share of `floor`'s, measured in the same run."""
    def share(result: DatasetResult) -> float | None:
        if key not in result.loads or floor not in result.loads:
            return None
        return result.loads[key].per_second / result.loads[floor].per_second
    return share


def median(key: str) -> Callable[[DatasetResult], float | None]:
    return lambda result: result.loads[key].p50_ms if key in result.loads else None


def html_kb(key: str) -> Callable[[DatasetResult], float | None]:
    return lambda result: (result.queries["pages"][key]["bytes"] / 1000
                           if key in result.queries.get("pages", {}) else None)


def targets(rows: dict[str, Row]) -> list[Target]:
    informative = {key for key, row in rows.items() if row.informative}

    def large_within(results: dict[str, DatasetResult]) -> tuple[str, bool | None]:
        ratios = slowdowns(results, informative)
        if not ratios:
            return "needs both datasets", None
        worst = max(ratios, key=lambda key: ratios[key])
        over = [f"{rows[key].title} {ratio:.2f}x" for key, ratio in ratios.items()
                if ratio > LARGE_SLOWDOWN_LIMIT]
        return (f"worst {ratios[worst]:.2f}x ({rows[worst].title})"
                + (f"; over: {', '.join(over)}" if len(over) > 1 else ""),
                ratios[worst] <= LARGE_SLOWDOWN_LIMIT)

    def against_wordpress(results: dict[str, DatasetResult]) -> tuple[str, bool | None]:
        measured = [(result.dataset.name, ratios) for result in in_order(results)
                    if (ratios := result.times_wordpress())]
        if not measured:
            return "no WordPress measured (set WORDPRESS_URL)", None
        shown = []
        for name, ratios in measured:
            worst = min(ratios, key=lambda key: ratios[key])
            under = sum(ratio < WORDPRESS_FACTOR for ratio in ratios.values())
            shown.append(f"{name}: worst {ratios[worst]:.1f}x ({rows[worst].title}), "
                         f"{under} of {len(ratios)} under")
        return "; ".join(shown), all(min(ratios.values()) >= WORDPRESS_FACTOR
                                     for _, ratios in measured)

    return [
        Target(f"Every reader page >= {WORDPRESS_FACTOR}x WordPress's, page cache off "
               f"(issue 17)", against_wordpress),
        per_dataset("200-comment story >= 200 req/s", rate("story200"),
                    lambda v: v >= 200, lambda v: f"{v:.0f} req/s"),
        per_dataset("200-comment story median <= 40 ms", median("story200"),
                    lambda v: v <= 40, lambda v: f"{v:.1f} ms"),
        per_dataset("1,000-comment story >= 70 req/s", rate("story1000"),
                    lambda v: v >= 70, lambda v: f"{v:.0f} req/s"),
        per_dataset("200-comment story HTML <= 120 KB", html_kb("story200"),
                    lambda v: v <= 120, lambda v: f"{v:.1f} KB"),
        per_dataset("Cached page >= 2,000 req/s", rate("story200_cached"),
                    lambda v: v >= 2000, lambda v: f"{v:.0f} req/s"),
        per_dataset("Cached page >= 0.8x a static file's req/s (issue 17)",
                    rate_against("story200_cached", "floor_static"),
                    lambda v: v >= 0.8, lambda v: f"{v:.2f}x"),
        per_dataset("Comment POST median <= 30 ms, Akismet taking 1 s (a reader posting)",
                    median("post_one"), lambda v: v <= 30, lambda v: f"{v:.1f} ms"),
        per_dataset("The same with 8 clients posting at once", median("post"),
                    lambda v: v <= 30, lambda v: f"{v:.1f} ms"),
        Target(f"Large medians within {LARGE_SLOWDOWN_LIMIT}x of small", large_within),
        per_dataset("Worker memory growth, 1,000 -> 10,000 requests, < 10%",
                    DatasetResult.memory_growth, lambda v: v < 10, lambda v: f"{v:+.1f}%"),
    ]


# --- tables ----------------------------------------------------------------------------------

def markdown_table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.rjust(width) if i in right else cell.ljust(width)
                                 for i, (cell, width) in enumerate(zip(cells, widths))) + " |"
    rule = "|" + "|".join("-" * (width + 1) + ":" if i in right else "-" * (width + 2)
                          for i, width in enumerate(widths)) + "|"
    return [line(header), rule, *(line(row) for row in rows)]


def target_table(results: dict[str, DatasetResult], rows: dict[str, Row]) -> list[str]:
    lines = []
    for target in targets(rows):
        measured, passed = target.check(results)
        lines.append([target.text, measured, {True: "PASS", False: "MISS", None: "-"}[passed]])
    return markdown_table(["Target (issue 6 unless named)", "Measured", "Result"], lines,
                          right=set())


def load_table(results: dict[str, DatasetResult], rows: dict[str, Row]) -> list[str]:
    header = ["Dataset", "Row", "clients", "req/s", "x WordPress", "median ms", "p99 ms",
              "large/small", "HTML bytes", "queries cold/warm", "CPU bench/other", "errors"]
    ratios = slowdowns(results, set())
    lines = []
    for result in in_order(results):
        pages = result.queries.get("pages", {})
        theirs = result.times_wordpress()
        for key, row in rows.items():
            load = result.loads.get(key)
            if load is None:
                continue
            counted = pages.get(key)
            if key.startswith("post"):
                queries, size = str(result.queries.get("post", {}).get("queries", "-")), "-"
            elif key == "story200_cached":
                queries, size = "0 (cache)", f"{pages['story200']['bytes']:,}"
            else:
                queries = f"{counted['cold']} / {counted['warm']}" if counted else "-"
                size = f"{counted['bytes']:,}" if counted else "-"
            ratio = f"{ratios[key]:.2f}x" if result.dataset.name == "large" and key in ratios \
                else ""
            lines.append([result.dataset.name, row.title, str(load.connections),
                          f"{load.per_second:,.1f}",
                          f"{theirs[key]:.1f}x" if key in theirs else "",
                          f"{load.p50_ms:.1f}", f"{load.p99_ms:.1f}",
                          ratio, size, queries, f"{load.own_cores:.2f} / {load.other_cores:.2f}",
                          ", ".join(f"{k} {v}" for k, v in load.errors.items()) or "0"])
    return markdown_table(header, lines, right=set(range(2, 11)))


def wordpress_table(results: dict[str, DatasetResult], rows: dict[str, Row]) -> list[str]:
    run = next((result.wordpress for result in in_order(results) if result.wordpress), None)
    if run is None or not run.loads:
        return []
    lines = [[rows[key].title, f"`{run.paths[key]}`", f"{load.per_second:,.1f}",
              f"{load.p50_ms:.1f}", f"{load.p99_ms:.1f}",
              ", ".join(f"{k} {v}" for k, v in load.errors.items()) or "0"]
             for key, load in run.loads.items()]
    return markdown_table(["Row", f"WordPress {run.version} page", "req/s", "median ms",
                           "p99 ms", "errors"], lines, right={2, 3, 4})


def memory_table(results: dict[str, DatasetResult]) -> list[str]:
    lines = []
    for result in in_order(results):
        growth = result.memory_growth()
        if growth is None:
            continue
        first, last = (result.memory_kib[n] for n in MEMORY_CHECKPOINTS)
        lines.append([result.dataset.name, str(len(first)), f"{sum(first) / 1024:.1f}",
                      f"{sum(last) / 1024:.1f}", f"{growth:+.1f}%",
                      ", ".join(f"{a / 1024:.1f} -> {b / 1024:.1f}"
                                for a, b in zip(first, last))])
    return markdown_table(["Dataset", "workers", "RSS MiB after 1,000 requests", "after 10,000",
                           "growth", "per worker, MiB"], lines, right={1, 2, 3, 4})


def wordpress_section(results: dict[str, DatasetResult], rows: dict[str, Row]) -> list[str]:
    table = wordpress_table(results, rows)
    if not table:
        return ["No WordPress was measured in this run: set WORDPRESS_URL to compare "
                "(`x WordPress`).", ""]
    run = next(result.wordpress for result in in_order(results) if result.wordpress)
    return [f"WordPress, measured in the same run right after the first dataset's pages, "
            f"with the same load ({run.url}; `x WordPress` is Newsdesk's requests/s over "
            f"these). WordPress has no public update history, version or change list: those "
            f"rows are read against its post with no comments.", "", *table, ""]


def printed(results: dict[str, DatasetResult], rows: dict[str, Row]) -> str:
    return "\n".join([*target_table(results, rows), "", *load_table(results, rows), "",
                      *wordpress_table(results, rows), "", *memory_table(results)])


# --- RESULTS.md ------------------------------------------------------------------------------

def write(results: dict[str, DatasetResult], rows: dict[str, Row], *, machine: dict[str, str],
          method: str, notes: list[str], minutes: float) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); run it again rather than editing this file.",
        "",
        method,
        "",
        f"Run on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; the whole run took "
        f"{minutes:.1f} min.",
        "",
        "## Targets",
        "",
        *target_table(results, rows),
        "",
        "## Figures",
        "",
        *load_table(results, rows),
        "",
        "`queries cold/warm`: counted in-process on the same database (django.test.Client, "
        "PAGE_CACHE_SECONDS=0); cold is the first request with the shared cache empty, warm "
        "the next one, with the fragments the first one cached. `CPU bench/other`: average "
        "cores used during the row by the benchmark's own processes (gunicorn, PostgreSQL, "
        "Redis, the worker, wrk) and by everything else on the machine; the machine has "
        f"{machine.get('cores', '?')}, so CPU taken by other work is CPU the app did not get.",
        "",
        *wordpress_section(results, rows),
        "Worker memory (resident set of each gunicorn worker, the same mix of reader pages):",
        "",
        *memory_table(results),
        "",
        "## Set-up",
        "",
        *(f"- {note}" for note in notes),
        "",
        "## Machine",
        "",
        *(f"- {name}: {value}" for name, value in machine.items() if name != "cores"),
        "",
    ]
    RESULTS.write_text("\n".join(lines))
