"""The shared page cache: whole reader pages (and costly fragments) kept in the cache and
invalidated by key.

- ``keys``: what each kind of page shows, used by the pages to name their keys and by the
  services to purge them;
- ``middleware``: whole pages served to anonymous readers, and `tag`, with which a page
  names its keys;
- ``fragments``: costly parts of pages, kept under the same keys;
- ``store``: where entries and purge times are kept, and `purge`;
- ``cdn``: the ``Surrogate-Key`` header's CDN, told of every purge;
- ``wsgi``: hits answered before Django handles the request (wraps the WSGI application).

The names below are the cache's public face; callers use them through this package.
"""
from __future__ import annotations

from articles.pagecache.fragments import (  # noqa: F401
    Rendered,
    rendered_fragment,
    fragment,
    fragment_get,
    fragment_set,
    fragments_each,
    fragments_get,
)
from articles.pagecache.keys import (  # noqa: F401
    EVERYTHING,
    NAV,
    SHOWS,
    STORIES,
    author_key,
    image_key,
    section_key,
    show_key,
    story_key,
    topic_key,
)
from articles.pagecache.middleware import register_private_cookies, tag  # noqa: F401
from articles.pagecache.store import purge, purge_everything  # noqa: F401

