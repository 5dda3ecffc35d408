"""Story HTML is published to every reader, so whatever an author pastes must come out inert."""
from __future__ import annotations

import re
from html import unescape

import pytest

from articles.sanitize import clean_story_html, html_to_blocks

HOSTILE = [
    pytest.param('<p>Hi</p><script>alert("pwned")</script>', id="script"),
    pytest.param('<SCRIPT type="text/javascript">alert("pwned")</SCRIPT >', id="script-upper"),
    pytest.param('<scr<script>x</script>ipt>alert("pwned")</script>', id="script-split"),
    pytest.param(
        '<scr<script>x</script>ipt>alert("pwned")</scr<script>y</script>ipt>',
        id="script-split-both-ends",
    ),
    pytest.param('<p>a\x00b</p><scr\x00ipt>alert("pwned")</script>', id="script-null-byte"),
    pytest.param("<style>body{display:none}</style><p>Hi</p>", id="style"),
    pytest.param('<iframe src="https://evil.example/">fallback</iframe>', id="iframe"),
    pytest.param('<img src="x.png" onerror="alert(1)" alt="x">', id="img-onerror"),
    pytest.param('<p onclick="steal()">Hi</p>', id="onclick"),
    pytest.param('<body onload="steal()"><p>Hi</p></body>', id="body-onload"),
    pytest.param('<svg onload="alert(1)"><circle r="4"/></svg>', id="svg-onload"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="js-href"),
    pytest.param('<a href="JaVaScRiPt:alert(1)">x</a>', id="js-href-mixed-case"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">x</a>', id="js-href-tab-entity"),
    pytest.param('<a href="jav\tascript:alert(1)">x</a>', id="js-href-raw-tab"),
    pytest.param('<a href="java\nscript:alert(1)">x</a>', id="js-href-newline"),
    pytest.param('<a href="  javascript:alert(1)">x</a>', id="js-href-leading-space"),
    pytest.param(
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;'
        'alert(1)">x</a>',
        id="js-href-all-entities",
    ),
    pytest.param('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', id="data-href"),
    pytest.param('<a href="DATA:text/html,<script>alert(1)</script>">x</a>', id="data-href-upper"),
    pytest.param('<img src="javascript:alert(1)" alt="x">', id="img-js-src"),
    pytest.param('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', id="img-data-src"),
    pytest.param('<span style="color:red">s</span>', id="span-style"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="p-style-js"),
    pytest.param('<form action="https://evil.example/"><input name="password"></form>', id="form"),
    pytest.param("<p>a<!-- <script>alert(1)</script> --></p>", id="comment"),
    pytest.param("<!--[if IE]><script>alert(1)</script><![endif]-->", id="conditional-comment"),
    pytest.param('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', id="mathml-href"),
    pytest.param('<object data="x.swf"></object><embed src="x.swf">', id="object-embed"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
        '<base href="https://evil.example/">',
        id="meta-base",
    ),
]


def _attribute_names(html: str) -> list[str]:
    tags = " ".join(re.findall(r"<[^>]*>", html))
    return [name.lower() for name in re.findall(r"\s([a-zA-Z:-]+)\s*=", tags)]


def _url_schemes(html: str) -> list[str]:
    # Browsers decode entities and ignore tabs and newlines inside a URL, so
    # "jav&#x09;ascript:" is still javascript: by the time someone clicks it.
    schemes = []
    for value in re.findall(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""", html):
        url = re.sub(r"[\x00-\x20]", "", unescape("".join(value))).lower()
        schemes.append(url.split(":", 1)[0] if ":" in url else "")
    return schemes


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_loses_everything_that_can_run_or_restyle(html):
    cleaned = clean_story_html(html).lower()
    assert "<script" not in cleaned
    assert "<iframe" not in cleaned
    assert "<style" not in cleaned
    assert "<svg" not in cleaned
    assert "<form" not in cleaned
    assert "<input" not in cleaned
    assert "<object" not in cleaned
    assert "<embed" not in cleaned
    assert "<meta" not in cleaned
    assert "<base" not in cleaned
    assert "<!--" not in cleaned
    assert "javascript:" not in cleaned
    assert "\x00" not in cleaned
    assert not {"javascript", "vbscript", "data"} & set(_url_schemes(cleaned))
    assert not [name for name in _attribute_names(cleaned) if name.startswith("on")]
    assert "style" not in _attribute_names(cleaned)


@pytest.mark.parametrize("html", HOSTILE)
def test_cleaning_twice_changes_nothing(html):
    once = clean_story_html(html)
    assert clean_story_html(once) == once


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<p>ok</p><script>var secret = "leak";</script>', id="script"),
        pytest.param("<p>ok</p><style>.leak { color: red }</style>", id="style"),
        pytest.param('<p>ok</p><scr<script>x</script>ipt>leak()</script>', id="split-script"),
        pytest.param("<p>ok</p><script>leak()</scripT>", id="script-mixed-case-close"),
        pytest.param("<p>ok</p><template><p>leak</p></template>", id="template"),
        pytest.param("<p>ok</p><noscript>leak</noscript>", id="noscript"),
        pytest.param("<p>ok</p><textarea>leak</textarea>", id="textarea"),
    ],
)
def test_removed_script_and_style_text_does_not_show_to_readers(html):
    cleaned = clean_story_html(html)
    assert cleaned == "<p>ok</p>"


@pytest.mark.parametrize(
    "html",
    [
        # A browser never shows the text of a script or style, even unclosed; a pasted
        # fragment that lost its closing tag must not publish code as story text.
        pytest.param("<p>ok</p><script>leak()", id="script-unclosed"),
        pytest.param("<p>ok</p><style>.leak{}", id="style-unclosed"),
        pytest.param("<p>ok</p><script>leak()</script foo>", id="script-close-with-junk"),
    ],
)
def test_unclosed_script_or_style_text_does_not_show_to_readers(html):
    cleaned = clean_story_html(html)
    assert "leak" not in cleaned
    assert "<p>ok</p>" in cleaned


# --- What an editor's story keeps ----------------------------------------------------

STORY = (
    "<h2>Has filming started?</h2>"
    "<h3>The cast</h3>"
    "<h4>Returning</h4>"
    "<p>Not <em>yet</em>, says <strong>the studio</strong>.</p>"
    "<ul><li>Spring</li></ul>"
    "<ol><li>First</li></ol>"
    "<blockquote>We are thrilled.</blockquote>"
    "<figure><figcaption>On set</figcaption></figure>"
    '<p><a href="https://studio.example.com/news" title="Studio">Studio</a> '
    '<a href="http://old.example.com/">old</a> '
    '<a href="mailto:tips@newsdesk.example">tips</a> '
    '<a href="/tv-news/">more TV</a></p>'
)


@pytest.mark.parametrize(
    "fragment",
    [
        "<h2>Has filming started?</h2>",
        "<h3>The cast</h3>",
        "<h4>Returning</h4>",
        "<em>yet</em>",
        "<strong>the studio</strong>",
        "<ul><li>Spring</li></ul>",
        "<ol><li>First</li></ol>",
        "<blockquote>We are thrilled.</blockquote>",
        "<figcaption>On set</figcaption>",
        'href="https://studio.example.com/news"',
        'title="Studio"',
        'href="http://old.example.com/"',
        'href="mailto:tips@newsdesk.example"',
        'href="/tv-news/"',
    ],
)
def test_allowed_story_markup_survives(fragment):
    assert fragment in clean_story_html(STORY)


def test_allowed_story_is_unchanged_apart_from_link_rel():
    cleaned = clean_story_html(STORY)
    assert cleaned.replace(' rel="noopener noreferrer"', "") == STORY
    assert clean_story_html(cleaned) == cleaned


def test_unknown_tags_are_dropped_but_their_words_kept():
    cleaned = clean_story_html(
        '<h1>Big news</h1><div>Inside <span style="color:red">red</span></div>'
    )
    assert "<h1" not in cleaned
    assert "<div" not in cleaned
    assert "<span" not in cleaned
    assert "Big news" in cleaned
    assert "Inside red" in cleaned


def test_text_that_looks_like_markup_stays_escaped():
    cleaned = clean_story_html("<p>5 &lt; 6 &amp; &lt;script&gt;</p>")
    assert cleaned == "<p>5 &lt; 6 &amp; &lt;script&gt;</p>"


@pytest.mark.parametrize("src", ["/media/cast.jpg", "https://cdn.example.com/still.jpg",
                                 "//evil.example/x.png", "/\\evil.example/x.png"])
def test_pasted_pictures_are_removed_whatever_their_address(src):
    # Bodies place media-library pictures with [image N]; an <img> never survives.
    cleaned = clean_story_html(f'<p>Before<img src="{src}" alt="x">after</p>')
    assert cleaned == "<p>Beforeafter</p>"


def test_empty_body_stays_empty():
    assert clean_story_html("") == ""


# --- Links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://example.com/">x</a>',
        '<a href="https://example.com/" target="_blank">x</a>',
        '<a href="https://example.com/" rel="opener">x</a>',
        '<a href="https://example.com/" rel="nofollow noopener">x</a>',
        '<a href="/relative/">x</a>',
        '<a href="javascript:alert(1)">x</a>',
        "<a>no href</a>",
    ],
)
def test_every_link_gets_exactly_noopener_noreferrer(html):
    cleaned = clean_story_html(html)
    tags = re.findall(r"<a\b[^>]*>", cleaned)
    assert len(tags) == 1
    assert re.findall(r'\brel="([^"]*)"', tags[0]) == ["noopener noreferrer"]
    assert "target" not in tags[0]


# --- Plain text ----------------------------------------------------------------------


def test_blocks_keep_their_kind_and_plain_text():
    blocks = html_to_blocks(
        "<h2>Cast</h2><p>Ann &amp; Bo <em>return</em>.</p><ul><li>One</li><li>Two</li></ul>"
    )
    assert blocks == [("h2", "Cast"), ("p", "Ann & Bo return."), ("li", "One"), ("li", "Two")]


def test_blocks_collapse_spaces_and_line_breaks():
    assert html_to_blocks("<p>Line   one<br>Line\ntwo</p>") == [("p", "Line one Line two")]


def test_text_outside_blocks_is_a_paragraph_of_its_own():
    assert html_to_blocks("Loose words <p>para</p> tail") == [
        ("p", "Loose words"), ("p", "para"), ("p", "tail")]


def test_blocks_of_nothing_are_empty():
    assert html_to_blocks("") == []
    assert html_to_blocks("<p> </p>") == []
