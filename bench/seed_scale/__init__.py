"""Fill an empty database with a large, realistic desk for benchmarks, fast.

    python -m bench.seed_scale --stories 100000 --comments 1000000 --shows 500

Run from the repository root, with the environment the site would use (DATABASE_URL or
NEWSDESK_VAR_DIR, and DEBUG=true or a SECRET_KEY); `bench/run.py` runs it for `make bench`.

This deliberately bypasses the services, for speed: 100,000 stories and 1,000,000 comments
through `article_publish()` and `comment_submit()` would take hours, so rows are written
with bulk inserts in chunks instead. What a real publish or comment would write (live and
latest versions, public numbers, version metadata, the publishing log, search entries,
threaded comments with their root and depth) is worked out here and written in bulk, and
the tests in tests/bench/test_seed_scale.py check that the site's own pages and services
take the result as theirs. Only the handful of writers, staff and sections are made one by
one. Ids are planned up front, so stories, versions and comments refer to one another
without reading anything back; the database checks those references when the single
transaction commits, and nothing is left behind if it fails.

Two stories are always there for the benchmarks when the numbers allow:
`scale-200-comments` and `scale-1000-comments`, with exactly 200 and 1,000 approved
comments, published three days before the run and kept open for comments.

Modules: `command` (arguments, checks, the transaction, the summary), `seeder` (the phases:
people, shows, stories, finishing), `plan` (ids, dates and comment counts decided up
front), `threads` (the comments), `words` (the text).
"""
