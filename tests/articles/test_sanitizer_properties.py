"""Property tests of the two sanitizers, on text stitched from hostile fragments and random
characters: what comes out is always safe, and cleaning a story twice changes nothing."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.sanitize import (
    COMMENT_LINK_REL,
    LINK_REL,
    STORY_ATTRIBUTES,
    STORY_PROTOCOLS,
    STORY_TAGS,
    clean_story_html,
    comment_html,
)

HOSTILE = [
    "<script>", "</script>", "<script src=//evil.example/x.js>", "<SCRIPT>", "</scr",
    "ipt>", "<style>", "</style>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<p onclick=\"alert(1)\">", "<a href=\"javascript:alert(1)\">", "<a href='JaVaScRiPt:x'>",
    "<a href=\"java\tscript:x\">", "<a href=\"&#106;avascript:x\">",
    "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">", "<a href=\"vbscript:x\">",
    "<a href=\"https://news.example/ok\">", "<a href=\"/relative\">", "</a>",
    "<iframe src=//evil.example>", "<object data=x>", "<embed src=x>", "<base href=//x>",
    "<form action=//x><input autofocus onfocus=alert(1)>", "<math><mi xlink:href=x>",
    "<!--", "-->", "<![CDATA[", "]]>", "<template>", "<noscript>", "<textarea>",
    "<p>", "</p>", "<h2>", "<em>", "<strong>", "<blockquote>", "<ul><li>", "<br>",
    "<", ">", "\"", "'", "=", "&", "&amp;", "&lt;script&gt;", "\x00", "\u202e", "\u200b",
    "раураl.com", "onmouseover=", "style=\"x:expression(alert(1))\"",
]
stitched = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=25,
).map("".join)

EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True, database=None)


class Markup(HTMLParser):
    """What a browser would build from the HTML: elements with attributes, and comments."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)


def scheme(url: str) -> str:
    # Browsers drop whitespace and control characters inside a scheme ("java\tscript:").
    squeezed = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    return urlsplit(squeezed).scheme.lower()


@EXAMPLES
@given(stitched)
def test_a_cleaned_story_keeps_only_allowed_tags_attributes_and_link_schemes(raw):
    markup = Markup(clean_story_html(raw))

    assert markup.comments == []
    for tag, attrs in markup.elements:
        assert tag in STORY_TAGS, tag
        allowed = {*STORY_ATTRIBUTES.get(tag, ()), *(["rel"] if tag == "a" else [])}
        assert set(attrs) <= allowed, (tag, attrs)
        if tag == "a":
            assert attrs["rel"] == LINK_REL
            assert scheme(attrs.get("href") or "") in {"", *STORY_PROTOCOLS}, attrs


@EXAMPLES
@given(stitched)
def test_cleaning_a_story_twice_is_cleaning_it_once(raw):
    once = clean_story_html(raw)
    assert clean_story_html(once) == once


@EXAMPLES
@given(stitched)
def test_a_comment_is_text_with_only_our_own_paragraphs_breaks_and_web_links(raw):
    markup = Markup(comment_html(raw))

    assert markup.comments == []
    for tag, attrs in markup.elements:
        assert tag in {"p", "br", "a"}, tag
        if tag == "a":
            assert set(attrs) == {"href", "rel"}, attrs
            assert attrs["rel"] == COMMENT_LINK_REL
            assert scheme(attrs["href"] or "") in {"http", "https"}, attrs
        else:
            assert attrs == {}, (tag, attrs)
