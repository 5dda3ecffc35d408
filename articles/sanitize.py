"""The one place HTML from people is cleaned (bleach lives here and nowhere else).

Story bodies come from the admin's rich-text editor and keep a small set of tags. Pictures
are not among them: a body places media-library pictures with [image N] paragraphs.
Everything else, including script and style elements with their content, event
handlers and `javascript:` URLs, is removed, and every link gets a `rel`.
"""
from __future__ import annotations

import re
from collections.abc import MutableMapping
from html import unescape
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter  # type: ignore[attr-defined]  # documented, not in the stubs

STORY_TAGS = frozenset(
    {"h2", "h3", "h4", "p", "br", "a", "em", "strong", "ul", "ol", "li", "blockquote",
     "figure", "figcaption"}
)
STORY_ATTRIBUTES = {
    "a": ["href", "title"],
}
STORY_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

# bleach strips a disallowed tag but keeps its text; for these the text is code, not prose.
_CODE_OPEN = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea|title|xmp|plaintext)\b"
)


def _drop_code_elements(html: str) -> str:
    """Remove script-like elements with their content in one linear pass.

    A browser treats everything after an unclosed <script> as script; so do we.
    """
    lower = html.lower()
    kept: list[str] = []
    position = 0
    while (opening := _CODE_OPEN.search(lower, position)) is not None:
        kept.append(html[position:opening.start()])
        closing = re.compile(rf"</{opening.group(1)}\b[^>]*>").search(lower, opening.end())
        if closing is None:
            return "".join(kept)
        position = closing.end()
    kept.append(html[position:])
    return "".join(kept)


class _LinkRelFilter(Filter):
    """Gives every link a `rel`, replacing any the author typed."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = {k: v for k, v in token["data"].items() if k != (None, "rel")}
                attrs[(None, "rel")] = LINK_REL
                token["data"] = attrs
            yield token


_story_cleaner = bleach.Cleaner(
    tags=STORY_TAGS,
    attributes=STORY_ATTRIBUTES,
    protocols=STORY_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkRelFilter],
)


def clean_story_html(html: str) -> str:
    """Return `html` reduced to the story allow-list. Safe to call on clean input."""
    if not html:
        return ""
    html = html.replace("\x00", "")
    previous = None
    # Removing one element can join the halves of a split one; repeat until stable.
    while previous != html:
        previous = html
        html = _drop_code_elements(html)
    return _story_cleaner.clean(html).strip()


_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote|figcaption)\b[^>]*>(.*?)</\1>", re.DOTALL)


def html_to_blocks(html: str) -> list[tuple[str, str]]:
    """(tag, plain text) of each block of clean story HTML, for diffs.

    Text outside any block element counts as a paragraph of its own.
    """
    html = re.sub(r"<br\s*/?>", " ", html or "")
    blocks: list[tuple[str, str]] = []
    position = 0
    for match in [*_BLOCK.finditer(html), None]:
        loose = html[position:match.start() if match else len(html)]
        _add_block(blocks, "p", loose)
        if match is not None:
            _add_block(blocks, match.group(1), match.group(2))
            position = match.end()
    return blocks


def _add_block(blocks: list[tuple[str, str]], tag: str, html: str) -> None:
    text = " ".join(unescape(bleach.clean(html, tags=set(), strip=True)).split())
    if text:
        blocks.append((tag, text))


def html_to_text(html: str) -> str:
    """Clean story HTML as plain text, one block per paragraph, for search and feeds."""
    return "\n\n".join(text for _, text in html_to_blocks(html))


def markup_to_plain_text(html: str) -> str:
    """Text written with a little HTML (a WordPress comment) as the plain text it reads as:
    tags gone, entities decoded, line breaks and paragraphs kept as new lines."""
    html = re.sub(r"<br\s*/?>", "\n", html or "", flags=re.I)
    html = re.sub(r"</p\s*>", "\n\n", html, flags=re.I)
    text = unescape(bleach.clean(html, tags=set(), strip=True))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Comments are plain text: every tag a reader types is shown as text, and the only markup
# that survives is ours: paragraphs, line breaks and links made from bare URLs.
COMMENT_LINK_REL = "nofollow ugc noopener"


def _comment_link(attrs: MutableMapping[tuple[str | None, str], str],
                  new: bool = False) -> MutableMapping[tuple[str | None, str], str]:
    href = attrs.get((None, "href"), "")
    text = str(attrs.get("_text", "")).lower()  # type: ignore[call-overload]
    # linkify also finds bare names like "season2.finale"; only real web addresses link.
    if urlsplit(href).scheme not in {"http", "https"} or not text.startswith(
            ("http://", "https://", "www.")):
        return None  # type: ignore[return-value]  # None means "no link", as bleach documents
    attrs[(None, "rel")] = COMMENT_LINK_REL
    return attrs


_comment_linker = bleach.linkifier.Linker(callbacks=[_comment_link], parse_email=False)


def comment_html(text: str) -> str:
    """Reader comment text as safe HTML: escaped, URLs linked, blank lines as paragraphs."""
    paragraphs = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    html = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        escaped = bleach.clean(paragraph, tags=set(), strip=False)
        linked = _comment_linker.linkify(escaped)
        html.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return "".join(html)


def count_links(text: str) -> int:
    """How many web addresses a comment holds (what the hold-for-moderation rule counts)."""
    return len(re.findall(r"(?i)\b(?:https?://|www\.)\S+", text or ""))
