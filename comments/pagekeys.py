"""The page-cache key of a story's comment thread, named by the comments app alone.

The comment section tags every story page with it while it renders the thread, and every
service that changes what readers see of a thread (a verdict, a deletion, the story's
comment settings, an import) purges it. `articles` never names it: the story page learns
of it only through the comments template tag.
"""
from __future__ import annotations


def thread_key(article_pk: int) -> str:
    """The key of the comment thread (and form) under the story `article_pk`."""
    return f"comments-{article_pk}"
