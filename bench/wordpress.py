"""The WordPress comparison: each reader page's nearest WordPress page, found on a WordPress
reachable on this machine (`WORDPRESS_URL`, say http://localhost:8081, the anchor in
../shared/wordpress-anchor/), and measured in the same run with the same load.

WordPress's pages are found through its REST API, so any WordPress with pretty permalinks
will do: its posts with their comment counts, its categories and tags by size, its
authors. WordPress shows no public update history, version or change list: those rows are
read against its page of a post with no comments, which is what a WordPress desk shows
readers instead.
"""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

from bench.load import fetch
from bench.stack import StackError

# WordPress's search matches the word in titles and bodies; "season" is in most of the
# anchor's posts, as the bench's word is in one story in seven of its desk.
SEARCH_WORD = "season"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def checked_url(url: str) -> str:
    """`url` without a trailing slash, if it is a WordPress on this machine."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOCAL_HOSTS:
        raise StackError(f"WORDPRESS_URL must be a WordPress on this machine "
                         f"(http://127.0.0.1:PORT or http://localhost:PORT), not {url!r}: "
                         f"both sides are measured with the same load from the same place.")
    return url.rstrip("/")


def _api(base: str, route: str, **query: Any) -> tuple[Any, dict[str, str]]:
    address = f"{base}/wp-json/wp/v2/{route}?{urllib.parse.urlencode(query)}"
    status, headers, body = fetch(address)
    if status != 200:
        raise StackError(f"WordPress at {base} answered {status} for {address}: the "
                         f"comparison needs its REST API (pretty permalinks on).")
    return json.loads(body), headers


def _path(link: str) -> str:
    parts = urllib.parse.urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def find_pages(base: str) -> dict[str, str]:
    """The WordPress page matched to each reader row, by row key."""
    posts, _ = _api(base, "posts", per_page=100, _fields="id,link,date,content")
    if not posts:
        raise StackError(f"WordPress at {base} has no published posts to measure.")
    comments = {}
    for post in posts:
        _, headers = _api(base, "comments", post=post["id"], per_page=1, _fields="id")
        comments[post["id"]] = int(headers.get("X-WP-Total", "0"))

    def closest(count: int) -> dict[str, Any]:
        return min(posts, key=lambda post: (abs(comments[post["id"]] - count),
                                            -len(post["content"]["rendered"])))

    tags, _ = _api(base, "tags", orderby="count", order="desc", per_page=2, _fields="link")
    categories, _ = _api(base, "categories", orderby="count", order="desc", per_page=1,
                         _fields="link")
    authors, _ = _api(base, "users", per_page=1, _fields="link")
    if len(tags) < 2 or not categories or not authors:
        raise StackError(f"WordPress at {base} needs two tags, a category and an author for "
                         f"the hub, topic, section and author rows.")
    story200 = closest(200)
    hub, topic, section = (_path(tags[0]["link"]), _path(tags[1]["link"]),
                           _path(categories[0]["link"]))
    quiet = _path(closest(0)["link"])
    return {
        "home": "/",
        "section": section,
        "show": hub,
        "topic": topic,
        "author": _path(authors[0]["link"]),
        "archive_month": "/{}/{}/".format(*story200["date"].split("-")[:2]),
        "search": f"/?s={SEARCH_WORD}",
        "story0": quiet,
        "story200": _path(story200["link"]),
        "story1000": _path(closest(1000)["link"]),
        "history": quiet,
        "version": quiet,
        "changes": quiet,
        "feed": "/feed/",
        "feed_atom": "/feed/atom/",
        "show_feed": f"{hub}feed/",
        "show_feed_atom": f"{hub}feed/atom/",
        "section_feed": f"{section}feed/",
        "section_feed_atom": f"{section}feed/atom/",
        "sitemap": "/wp-sitemap-posts-post-1.xml",
    }


def version_of(base: str) -> str:
    """WordPress's version, from the generator tag of its feed."""
    _, _, body = fetch(f"{base}/feed/")
    marker = b"<generator>https://wordpress.org/?v="
    start = body.find(marker)
    if start < 0:
        return "?"
    return body[start + len(marker):body.find(b"<", start + len(marker))].decode()
