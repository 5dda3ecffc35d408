"""What `make bench` measures: the datasets, the rows of the table and the pages they load,
the comments it posts, and the gunicorn set-ups it tries."""
from __future__ import annotations

from bench.report import Dataset, Row
from bench.stack import GunicornConfig


AKISMET_SECONDS = 1.0
# A platform name: in about one story in seven of seed_scale's desk. Its everyday words
# ("season", "finale") are in nearly every story, which no real desk's are.
SEARCH_WORD = "netflix"
BENCH_STORIES = {"story200": "scale-200-comments", "story1000": "scale-1000-comments"}
# Comments the benchmark posts come from this address, so the next run can take them away.
BENCH_EMAIL = "bench.reader@newsdesk.example"
# Sync workers only, for now: articles/sanitize.py shares one bleach Cleaner and Linker
# between threads, which bleach says not to do, and under gthread two threads drawing
# comment threads at once fail with IndexError (a 500) inside html5lib. Add
# GunicornConfig(2, 4) and GunicornConfig(3, 2) back once it keeps one per thread.
CANDIDATE_CONFIGS = (GunicornConfig(2, 1), GunicornConfig(3, 1), GunicornConfig(4, 1))
PAGE_CACHE_ON_SECONDS = 600
# A page from the cache costs so little that opening a connection per request (sync
# workers cannot keep one alive) is a large share of it: threads that keep connections
# alive, as behind a load balancer or CDN, are tried too.
CACHED_CONFIGS = (GunicornConfig(4, 1), GunicornConfig(2, 4), GunicornConfig(3, 4))
# A page measured slower than this stays out of the memory row's mix: its share of 10,000
# requests would take most of an hour (a search on the large desk, for one).
MEMORY_MIX_MIN_RATE = 5.0

DATASETS = {
    "small": Dataset("small", stories=1_000, comments=20_000, shows=50),
    "large": Dataset("large", stories=100_000, comments=1_000_000, shows=500),
}
# Reader pages, in the order they are measured; their paths are found in the data.
PAGES = ("home", "section", "show", "topic", "author", "archive_month", "search",
         "story0", "story200", "story1000", "history", "version", "changes",
         "feed", "feed_atom", "show_feed", "show_feed_atom", "section_feed", "section_feed_atom",
         "sitemap")
# Every row of the table, in order. The POST and cached rows come last: the comments
# posted then cannot change what the page rows measured, and the cached row needs a restart.
ROWS = {row.key: row for row in (
    Row("home", "Home /"),
    Row("section", "Section"),
    Row("show", "Show hub"),
    Row("topic", "Topic"),
    Row("author", "Author"),
    Row("archive_month", "Archive month"),
    Row("search", f"Search ?q={SEARCH_WORD}"),
    Row("story0", "Story, no comments"),
    Row("story200", "Story, 200 comments"),
    Row("story1000", "Story, 1,000 comments"),
    Row("history", "Update history"),
    Row("version", "A version"),
    Row("changes", "Changes between versions"),
    Row("feed", "RSS feed /feed/"),
    Row("feed_atom", "Atom feed /feed/atom/"),
    Row("show_feed", "Show RSS feed"),
    Row("show_feed_atom", "Show Atom feed"),
    Row("section_feed", "Section RSS feed"),
    Row("section_feed_atom", "Section Atom feed"),
    Row("sitemap", "Sitemap, the stories' first page"),
    Row("post", "Comment POST, Akismet 1 s"),
    # What one POST costs with nothing queued before it: the time a commenter waits.
    Row("post_one", "Comment POST, Akismet 1 s, one client", informative=True),
    Row("story200_cached", "Story, 200 comments, page cache ON"),
    # What any answer costs on this machine, for the cached row to be read against.
    Row("floor_view", "Floor: /robots.txt, Django's least work", informative=True),
    Row("floor_static", "Floor: a static file from WhiteNoise", informative=True),
)}
