"""Reading a WordPress export (WXR, "WordPress eXtended RSS", versions 1.0 to 1.2).

The file is read as a stream: each <item> (a post with its comments) is handed over as soon
as it is complete, then dropped, so a 500 MB export needs no more memory than its largest
post. Namespaces are matched by their URI, never by the prefix a file happens to use.
XML tricks (entity expansion, external entities, DTDs) are refused by defusedxml.

Only this module knows WXR's element names; the importer works with the dataclasses below.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

# The export namespace of WXR 1.0, 1.1 and 1.2, and its excerpt namespace.
_WP = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$")
_EXCERPT = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$")
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"


class NotWxr(Exception):
    """The file is not a WordPress export this importer can read."""


@dataclass
class Site:
    title: str
    url: str  # the site's address, which keys everything imported from it
    wxr_version: str


@dataclass
class Author:
    wp_id: int
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class Term:
    """A category or tag, as listed at the top of a full export or on a post."""

    domain: str  # "category" or "post_tag"
    slug: str  # percent-decoded: non-ASCII slugs come back as typed
    name: str  # HTML entities decoded: "Signal &amp; Noise" is "Signal & Noise"
    parent_slug: str = ""


@dataclass
class Comment:
    wp_id: int
    author: str
    email: str
    url: str
    ip: str
    date_gmt: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash", ...
    kind: str  # "" for a comment, "pingback", "trackback"
    parent_id: int
    user_id: int


@dataclass
class Item:
    """A post, page or attachment, with its comments."""

    wp_id: int
    post_type: str
    status: str
    title: str
    link: str
    slug: str
    content: str
    excerpt: str
    date_gmt: datetime | None
    creator: str
    parent_id: int = 0
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


Entry = Author | Term | Item

# What the channel says of the site before its first author, term or item.
_HEAD = {("", "title"), ("", "link"), ("wp", "wxr_version"), ("wp", "base_site_url")}


def _split(tag: str) -> tuple[str, str]:
    """("wp", "post_id") for "{http://wordpress.org/export/1.2/}post_id"."""
    if not tag.startswith("{"):
        return "", tag
    uri, local = tag[1:].split("}", 1)
    if _WP.match(uri):
        return "wp", local
    if _EXCERPT.match(uri):
        return "excerpt", local
    return {_CONTENT: "content", _DC: "dc"}.get(uri, uri), local


def _text(element: Any) -> str:
    return (element.text or "") if element is not None else ""


def _children(element: Any) -> dict[tuple[str, str], Any]:
    """The first child of each name."""
    found: dict[tuple[str, str], Any] = {}
    for child in element:
        found.setdefault(_split(child.tag), child)
    return found


def _int(value: str) -> int:
    value = value.strip()
    return int(value) if value.isdigit() else 0


def _gmt(value: str) -> datetime | None:
    """WordPress's "2026-01-05 09:58:45" in UTC; its zero date means "never set"."""
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _name(value: str) -> str:
    return html.unescape(value).strip()


def _slug(value: str) -> str:
    return unquote(value.strip())


def _author(element: Any) -> Author:
    parts = _children(element)

    def wp(name: str) -> str:
        return _text(parts.get(("wp", name))).strip()

    return Author(wp_id=_int(wp("author_id")), login=wp("author_login"),
                  email=wp("author_email"), display_name=_name(wp("author_display_name")),
                  first_name=_name(wp("author_first_name")),
                  last_name=_name(wp("author_last_name")))


def _term(element: Any, kind: str) -> Term:
    parts = _children(element)

    def wp(name: str) -> str:
        return _text(parts.get(("wp", name)))

    if kind == "category":
        return Term("category", _slug(wp("category_nicename")), _name(wp("cat_name")),
                    _slug(wp("category_parent")))
    if kind == "tag":
        return Term("post_tag", _slug(wp("tag_slug")), _name(wp("tag_name")))
    # WXR 1.1 and later: <wp:term> for any taxonomy.
    return Term(wp("term_taxonomy").strip(), _slug(wp("term_slug")), _name(wp("term_name")),
                _slug(wp("term_parent")))


def _comment(element: Any) -> Comment:
    parts = _children(element)

    def wp(name: str) -> str:
        return _text(parts.get(("wp", name)))

    return Comment(
        wp_id=_int(wp("comment_id")), author=_name(wp("comment_author")),
        email=wp("comment_author_email").strip(), url=wp("comment_author_url").strip(),
        ip=wp("comment_author_IP").strip(), date_gmt=_gmt(wp("comment_date_gmt")),
        content=wp("comment_content"), approved=wp("comment_approved").strip(),
        kind=wp("comment_type").strip(), parent_id=_int(wp("comment_parent")),
        user_id=_int(wp("comment_user_id")))


def _item(element: Any) -> Item:
    parts = _children(element)

    def wp(name: str) -> str:
        return _text(parts.get(("wp", name)))

    item = Item(
        wp_id=_int(wp("post_id")), post_type=wp("post_type").strip(),
        status=wp("status").strip(), title=_text(parts.get(("", "title"))),
        link=_text(parts.get(("", "link"))).strip(), slug=_slug(wp("post_name")),
        content=_text(parts.get(("content", "encoded"))),
        excerpt=_text(parts.get(("excerpt", "encoded"))),
        date_gmt=_gmt(wp("post_date_gmt")), creator=_text(parts.get(("dc", "creator"))).strip(),
        parent_id=_int(wp("post_parent")), attachment_url=wp("attachment_url").strip())
    for child in element:
        kind = _split(child.tag)
        if kind == ("", "category"):
            item.terms.append(Term(child.get("domain", ""), _slug(child.get("nicename", "")),
                                   _name(child.text or "")))
        elif kind == ("wp", "postmeta"):
            meta = _children(child)
            item.meta[_text(meta.get(("wp", "meta_key")))] = _text(meta.get(("wp", "meta_value")))
        elif kind == ("wp", "comment"):
            item.comments.append(_comment(child))
    return item


def read(path: Path) -> tuple[Site, Iterator[Entry]]:
    """The site an export comes from, and its authors, terms and items in file order.

    Raises NotWxr at once, before anything is read past the channel's head, for a file
    that is not a WordPress export.
    """
    entries = _entries(path)
    head = next(entries)
    assert isinstance(head, Site)
    return head, entries  # type: ignore[return-value]


def _entries(path: Path) -> Iterator[Site | Entry]:
    try:
        yield from _parse(path)
    except (SyntaxError, DefusedXmlException) as error:  # ParseError is a SyntaxError
        raise NotWxr(f"{path} is not well-formed XML ({error}).") from error


def _parse(path: Path) -> Iterator[Site | Entry]:
    depth = 0
    root_tag = ""
    channel: Any = None
    site: Site | None = None
    head: dict[str, str] = {}
    for event, element in iterparse(str(path), events=("start", "end")):
        kind = _split(element.tag)
        if event == "start":
            depth += 1
            if depth == 1:
                root_tag = element.tag
                if root_tag != "rss":
                    raise NotWxr(f"{path} is not a WordPress export: it is XML, but its root "
                                 f"element is <{kind[1]}>, not <rss>.")
            elif depth == 2 and kind == ("", "channel"):
                channel = element
            elif depth == 3 and site is None and kind in {
                    ("", "item"), ("wp", "author"), ("wp", "category"), ("wp", "tag"),
                    ("wp", "term")}:
                # The channel's head is over: everything a site needs is known by now.
                site = _site(path, head)
                yield site
            continue
        depth -= 1
        if depth == 2:  # a child of the channel is complete
            if kind in _HEAD:
                head.setdefault(kind[1], (element.text or "").strip())
            elif site is not None:
                if kind == ("", "item"):
                    yield _item(element)
                elif kind == ("wp", "author"):
                    yield _author(element)
                elif kind in {("wp", "category"), ("wp", "tag"), ("wp", "term")}:
                    yield _term(element, kind[1])
            # Done with it: the channel keeps no finished children.
            if channel is not None:
                channel.remove(element)
    if root_tag == "":
        raise NotWxr(f"{path} is empty.")
    if site is None:  # an export with nothing in it
        yield _site(path, head)


def _site(path: Path, head: dict[str, str]) -> Site:
    if "wxr_version" not in head:
        raise NotWxr(f"{path} is an RSS feed, not a WordPress export: it has no "
                     f"<wp:wxr_version> (export it from Tools › Export in WordPress).")
    url = (head.get("base_site_url") or head.get("link") or "").rstrip("/")
    if not url:
        raise NotWxr(f"{path} does not say which site it comes from (no <wp:base_site_url>).")
    return Site(title=_name(head.get("title", "")), url=url, wxr_version=head["wxr_version"])
