"""Measuring the rows on one dataset: the gunicorn set-up, the reader pages, worker memory,
comment POSTs while Akismet is slow, and the page cache on."""
from __future__ import annotations

import argparse
import secrets
import shutil
import urllib.parse
from contextlib import ExitStack

from bench import stack
from bench.desk import (
    Bench,
    app_env,
    comment_form,
    count_queries,
    ensure_dataset,
    page_cache_header,
    posted_comments,
    prepare,
    say,
)
from bench import wordpress
from bench.load import CONNECTIONS, WARMUP_SECONDS, wrk, wrk_requests
from bench.report import (
    MEMORY_CHECKPOINTS,
    Dataset,
    DatasetResult,
    GunicornTrial,
    Load,
    WordPressRun,
)
from bench.stack import VAR, CpuMeter, GunicornConfig, PostgresCluster, Redis, StackError
from bench.targets import (
    AKISMET_SECONDS,
    CACHED_CONFIGS,
    CANDIDATE_CONFIGS,
    MEMORY_MIX_MIN_RATE,
    PAGE_CACHE_ON_SECONDS,
    PAGES,
    ROWS,
)
from tests.fake_akismet import COMMENT_CHECK, FakeAkismet


def best_of(bench: Bench, configs: tuple[GunicornConfig, ...], key: str, path: str, *,
            page_cache_seconds: int = 0, profile: bool = False
            ) -> tuple[list[tuple[GunicornConfig, Load]], GunicornConfig, Load]:
    """Measure `path` under each set-up; returns every trial and the fastest sound one."""
    trials = []
    for config in configs:
        bench.start_gunicorn(config, page_cache_seconds=page_cache_seconds)
        load = bench.measure(key, path, profile=profile)
        if page_cache_seconds and (header := page_cache_header(bench, path)) != "hit":
            raise StackError(f"{path} did not come from the page cache with it on "
                             f"(X-Page-Cache: {header!r}).")
        trials.append((config, load))
        say(f"    {config.label:<34} {load.per_second:8.1f} req/s  median {load.p50_ms:6.1f} ms"
            f"  (other work: {load.other_cores:.2f} cores)"
            + (f"  ERRORS {load.errors}" if load.errors else ""))
    # A set-up that answered with errors is fast at failing, not at serving.
    sound = [trial for trial in trials if not trial[1].errors] or trials
    best, load = max(sound, key=lambda trial: trial[1].per_second)
    return trials, best, load


def choose_config(bench: Bench) -> GunicornConfig:
    say("  choosing gunicorn's set-up on the 200-comment story:")
    trials, best, _ = best_of(bench, CANDIDATE_CONFIGS, "trial", bench.result.paths["story200"])
    bench.result.trials += [GunicornTrial(config.label, load) for config, load in trials]
    bench.stop_gunicorn()
    say(f"  keeping {best.label}")
    return best


def page_rows(bench: Bench, config: GunicornConfig) -> None:
    say(f"[{bench.dataset.name}] {config.label}, page cache off, {bench.options.seconds:g} s "
        f"a row after {WARMUP_SECONDS} s of warm-up")
    bench.start_gunicorn(config)
    for key in PAGES:
        bench.row(key, bench.result.paths[key])
    if page_cache_header(bench, bench.result.paths["story200"]) == "hit":
        raise StackError("A page came from the page cache although PAGE_CACHE_SECONDS=0.")


def wordpress_rows(bench: Bench, run: WordPressRun) -> None:
    """The same page kinds on WordPress, right after this dataset's, with the same load.
    gunicorn is stopped meanwhile, so the machine serves WordPress alone."""
    bench.stop_gunicorn()
    run.paths = wordpress.find_pages(run.url)
    run.version = wordpress.version_of(run.url)
    say(f"[WordPress {run.version}] {run.url}, the same rows, {bench.options.seconds:g} s "
        f"each after {WARMUP_SECONDS} s of warm-up")
    for key in PAGES:
        url = run.url + run.paths[key]
        warm = wrk(url, seconds=WARMUP_SECONDS)
        if warm.errors:
            raise StackError(f"WordPress failed on {url} while warming up: {warm.errors}")
        bench.meter.start()
        load = wrk(url, seconds=bench.options.seconds)
        load.own_cores, load.other_cores = bench.meter.stop()
        run.loads[key] = load
        ours = bench.result.loads[key].per_second
        say(f"  {ROWS[key].title:<40} {load.per_second:8.1f} req/s  median {load.p50_ms:7.1f} ms"
            f"  {run.paths[key]}  (Newsdesk {ours / load.per_second:.1f}x)"
            + (f"  ERRORS {load.errors}" if load.errors else ""))


def memory_row(bench: Bench, config: GunicornConfig) -> None:
    say(f"[{bench.dataset.name}] worker memory over {MEMORY_CHECKPOINTS[-1]:,} requests of the "
        f"reader pages, from a fresh start")
    bench.start_gunicorn(config)
    slow = [key for key in PAGES if bench.result.loads[key].per_second < MEMORY_MIX_MIN_RATE]
    if slow:
        bench.result.facts["memory_left_out"] = [ROWS[key].title for key in slow]
        say("  left out of the mix, too slow for 10,000 requests in reasonable time: "
            + ", ".join(f"{ROWS[key].title} ({bench.result.loads[key].per_second:.1f} req/s)"
                        for key in slow))
    paths = [bench.result.paths[key] for key in PAGES if key not in slow]
    done = 0
    for checkpoint in MEMORY_CHECKPOINTS:
        wrk_requests(bench.url + "/", checkpoint - done, paths)
        done = checkpoint
        bench.result.memory_kib[checkpoint] = [stack.rss_kib(pid) for pid in bench.workers()]
        say(f"  after {checkpoint:>6,} requests: " + ", ".join(
            f"{kib / 1024:.1f}" for kib in bench.result.memory_kib[checkpoint]) + " MiB")


def post_rows(bench: Bench, akismet: FakeAkismet, action: str, fields: dict[str, str]) -> None:
    """POSTs while the worker judges comments one by one, each waiting 1 s for Akismet."""
    say(f"[{bench.dataset.name}] comment POSTs; the worker asks Akismet, which answers after "
        f"{AKISMET_SECONDS:g} s")
    akismet.reset()
    akismet.slow(AKISMET_SECONDS)
    encoded = urllib.parse.urlencode(fields)
    nonces = []
    for key, connections in (("post", CONNECTIONS), ("post_one", 1)):
        nonce = secrets.token_hex(3)
        nonces.append(nonce)
        bench.row(key, action, script="post.lua", args=(action, encoded, bench.url, nonce),
                  connections=connections)
    counted = [posted_comments(bench.env, nonce) for nonce in nonces]
    posted = {name: sum(count[name] for count in counted) for name in ("posted", "judged")}
    posted["akismet_checks"] = len(akismet.requests_to(COMMENT_CHECK))
    bench.result.posted = posted
    say(f"  {posted['posted']:,} comments stored, {posted['judged']:,} of them judged by the "
        f"worker meanwhile (Akismet asked {posted['akismet_checks']:,} times)")


def cached_row(bench: Bench) -> None:
    say(f"[{bench.dataset.name}] page cache on ({PAGE_CACHE_ON_SECONDS} s); the row keeps the "
        f"best of {len(CACHED_CONFIGS)} gunicorn set-ups")
    path = bench.result.paths["story200"]
    trials, config, load = best_of(bench, CACHED_CONFIGS, "story200_cached", path,
                                   page_cache_seconds=PAGE_CACHE_ON_SECONDS,
                                   profile=bench.options.profile)
    bench.result.loads["story200_cached"] = load
    bench.result.paths.setdefault("story200_cached", path)
    bench.start_gunicorn(config, page_cache_seconds=PAGE_CACHE_ON_SECONDS)
    bench.row("floor_view", "/robots.txt")
    bench.row("floor_static", "/static/css/site.css")
    bench.result.facts["cached_trials"] = [
        f"{trial.label} {trial_load.per_second:,.0f} req/s" for trial, trial_load in trials]
    bench.result.facts["cached_gunicorn"] = config.label


def bench_dataset(dataset: Dataset, akismet: FakeAkismet, options: argparse.Namespace,
                  config: GunicornConfig | None, wordpress_run: WordPressRun | None
                  ) -> tuple[DatasetResult, GunicornConfig | None]:
    """Every row on one dataset, and WordPress's rows after the first dataset's pages when
    `wordpress_run` is given and not yet measured; returns the figures and the gunicorn
    set-up used."""
    result = DatasetResult(dataset, wordpress=wordpress_run)
    logs = VAR / "logs" / dataset.name
    if logs.exists():
        shutil.rmtree(logs)
    logs.mkdir(parents=True)
    with ExitStack() as cleanup:
        ports = stack.free_ports("postgres", "redis", "app")
        redis = Redis(ports["redis"])
        redis.start()
        cleanup.callback(redis.stop)
        cluster = PostgresCluster(VAR / dataset.name)
        env = app_env(port=ports["app"], database_url=cluster.url_on(ports["postgres"]),
                      redis_url=redis.url, akismet_url=akismet.url)
        result.facts["build"] = ensure_dataset(dataset, cluster, ports["postgres"], env,
                                               fresh=options.fresh)
        if options.build_only:
            return result, config
        cluster.start(ports["postgres"], stack.SERVING_SETTINGS)
        cleanup.callback(cluster.stop)
        result.facts["postgres"] = cluster.version()
        result.facts["redis"] = redis.version()
        bench = Bench(dataset=dataset, env=env, port=ports["app"], logs=logs, cleanup=cleanup,
                      meter=CpuMeter(cluster.pid(), redis.pid()), options=options,
                      result=result)

        say(f"[{dataset.name}] migrate, collectstatic, clear what earlier runs left")
        stack.manage(env, "migrate", "--noinput")
        stack.manage(env, "collectstatic", "--noinput")
        prepared = prepare(env)
        result.paths = prepared.pop("paths")
        result.facts.update(prepared)

        # The form's tokens are signed with this run's key, so they come from a rendered page.
        bench.start_gunicorn(config or CANDIDATE_CONFIGS[0])
        action, fields = comment_form(bench, result.paths["post_story"])
        bench.stop_gunicorn()
        say(f"[{dataset.name}] counting queries per page (page cache off)")
        result.queries = count_queries(bench, action, fields)
        redis.flush()

        worker = stack.db_worker(env, logs / "db_worker.log").start()
        cleanup.callback(worker.stop)
        if config is None:
            config = choose_config(bench)
        result.gunicorn = config.label
        page_rows(bench, config)
        if wordpress_run is not None and not wordpress_run.loads:
            wordpress_rows(bench, wordpress_run)
        memory_row(bench, config)
        post_rows(bench, akismet, action, fields)
        cached_row(bench)
    return result, config
