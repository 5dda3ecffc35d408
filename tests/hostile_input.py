"""A corpus of hostile inputs, shared by the form tests and the browser tests.

Every payload that tries to run script calls `window.__xss("<its name>")` (or `alert`), so
a browser test that defines `window.__xss` and listens for dialogs sees any that ran.
`MARKER` is the text each of them carries, for checks on the HTML itself.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

MARKER = "__xss"
MEGABYTE = 1_000_000


def _run(name: str) -> str:
    return f"window.{MARKER}('{name}')"


# name -> text typed into a field. Names are short ids for test reports.
PAYLOADS: dict[str, str] = {
    # Script elements, in the spellings filters tend to miss.
    "script": f"<script>{_run('script')}</script>",
    "script_upper": f"<SCRIPT>{_run('script_upper')}</SCRIPT>",
    "script_split": f"<scr<script>x</script>ipt>{_run('script_split')}</scr<script>x</script>ipt>",
    "script_unclosed": f"<script>{_run('script_unclosed')}",
    "script_src_data": f'<script src="data:text/javascript,{_run("script_src_data")}"></script>',
    "script_in_svg": f"<svg><script>{_run('script_in_svg')}</script></svg>",
    # Event handlers.
    "img_onerror": f'<img src=x onerror="{_run("img_onerror")}">',
    "svg_onload": f"<svg onload={_run('svg_onload')}>",
    "body_onload": f"<body onload={_run('body_onload')}>",
    "details_ontoggle": f"<details open ontoggle={_run('details_ontoggle')}>",
    "p_onmouseover": f'<p onmouseover="{_run("p_onmouseover")}">hover me</p>',
    # Links and frames with script URLs, plain and disguised.
    "javascript_href": f'<a href="javascript:{_run("javascript_href")}">click</a>',
    "javascript_mixed_case": f'<a href=" JaVaScRiPt:{_run("javascript_mixed_case")}">x</a>',
    "javascript_tab": f'<a href="java\tscript:{_run("javascript_tab")}">x</a>',
    "javascript_entities": ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;'
                            f'&#58;{_run("javascript_entities")}">x</a>'),
    "javascript_hex_entity": f'<a href="jav&#x09;ascript:{_run("javascript_hex_entity")}">x</a>',
    "vbscript_href": '<a href="vbscript:msgbox(1)">x</a>',
    "data_html_href": ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">'
                       "x</a>"),
    "iframe_srcdoc": f'<iframe srcdoc="<script>parent.{MARKER}(1)</script>"></iframe>',
    "iframe_javascript": f'<iframe src="javascript:parent.{MARKER}(1)"></iframe>',
    "bare_javascript_url": f"javascript:{_run('bare_javascript_url')}",
    "bare_data_url": "data:text/html,<script>alert(1)</script>",
    "markdown_link": f"[click me](javascript:{_run('markdown_link')})",
    "style_url": f'<p style="background:url(javascript:{_run("style_url")})">styled</p>',
    "form_action": f'<form action="javascript:{_run("form_action")}"><button>go</button></form>',
    "meta_refresh": f'<meta http-equiv="refresh" content="0;url=javascript:{_run("meta_refresh")}">',
    "base_href": '<base href="javascript:/">',
    # Broken markup that tries to swallow or reopen what follows.
    "unclosed_tags": '<p><b><i>unclosed <a href="http://example.org',
    "unclosed_comment": "<!-- the rest of the page is a comment",
    "cdata": f"<![CDATA[<script>{_run('cdata')}</script>]]>",
    "angle_soup": f"<<script>>{_run('angle_soup')}<</script>>",
    "plaintext": "<plaintext>everything after this is text",
    # Breaking out of where the value is printed: a textarea, an attribute, a title, JSON-LD.
    "textarea_breakout": f"</textarea><script>{_run('textarea_breakout')}</script>",
    "attribute_breakout": f'"><script>{_run("attribute_breakout")}</script>',
    "single_quote_breakout": f"' onmouseover='{_run('single_quote_breakout')}' x='",
    "autofocus_breakout": f'" autofocus onfocus="{_run("autofocus_breakout")}" x="',
    "title_breakout": f"</title><script>{_run('title_breakout')}</script>",
    "json_breakout": f'</script><script>{_run("json_breakout")}</script>',
    "json_quote": f'", "x": "</script><script>{_run("json_quote")}</script>',
    # Template syntax that must stay text (ours is never evaluated twice).
    "django_variable": "{{ request.user.password }}{{ settings.SECRET_KEY }}",
    "django_tag": "{% debug %}{% load static %}",
    "js_template": "${7*7}#{7*7}",
    # Look-alikes and direction tricks.
    "homoglyph_show": "Тhе Ѕаlt Linе",  # Cyrillic Т, е, Ѕ, а: looks like "The Salt Line"
    "homoglyph_staff": "Еddiе Stоnе",  # Cyrillic Е, е, о: looks like the editor's name
    "rtl_override": "Ada Reader \u202etxt.exe\u202c",
    "rtl_unterminated": "Ben \u202eViewer",  # no closing U+202C: flips what follows it
    "bidi_isolates": "\u2067evil\u2069 \u2066name\u2069 \u200fmark\u200e",
    "zero_width": "Sa\u200bl\u200ct\u200d Li\u2060ne\ufeff",
    "combining_marks": "Z\u0337\u0322\u0348a\u0338l\u0335g\u0336o\u0334",
    # Characters a database or a feed may refuse.
    "null_byte": "Salt\x00Line",
    "control_characters": "bell\x07 escape\x1b[31m red\x1b[0m form\x0cfeed",
    "replacement_character": "broken \ufffd text",
    # Sizes.
    "one_megabyte": ("A hostile paragraph that goes on and on. " * (MEGABYTE // 41 + 1))[:MEGABYTE],
    "long_word": "Supercalifragilistic" * 500,  # 10,000 characters, no space to break at
    # Query syntax of the engines behind search.
    "search_syntax": '"NEAR(salt line) AND OR NOT * -salt ^ : {} () \' ; -- ',
    "sql_quote": "' OR '1'='1'; DROP TABLE articles_article; --",
}

# Payloads meant to run script; the rest test storage, layout and errors.
EXECUTING = {name for name, text in PAYLOADS.items() if MARKER in text or "alert(" in text}

# A lone surrogate cannot be sent as UTF-8 at all: a browser sends U+FFFD instead. These are
# the raw bytes a hostile client might send anyway (CESU-8 for U+D800, and a cut sequence).
INVALID_UTF8 = b"\xed\xa0\x80 and \xe2\x82"

_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:text/javascript")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}
_EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}


def _scheme_of(url: str) -> str:
    # Browsers drop whitespace and control characters anywhere in a scheme.
    return re.sub(r"[\x00-\x20]", "", url).lower()


class _LiveCode(HTMLParser):
    """Collects what in a page could run script that came from input."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: tuple[str, list[str]] | None = None  # (type, text) of an open <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and _scheme_of(value).startswith(_SCRIPT_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript:" in _scheme_of(value):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag in {"iframe", "object", "embed", "base"} or (
                tag == "meta" and "http-equiv" in dict(attrs)):
            self.problems.append(f"<{tag} {attrs!r}>")
        if tag == "script":
            self._script = ((dict(attrs).get("type") or "").strip().lower(), [])

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        kind, parts = self._script
        text = "".join(parts)
        self._script = None
        if kind in _EXECUTABLE_TYPES and (MARKER in text or "alert(" in text):
            self.problems.append(f"<script>{text[:120]!r}")
        if kind == "application/ld+json":
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"JSON-LD that does not parse: {text[:120]!r}")


def live_code(html: str) -> list[str]:
    """Script elements, event-handler attributes and script URLs in `html` that carry a
    payload (any `on*=` attribute counts: our own templates use none), and JSON-LD that a
    payload broke."""
    parser = _LiveCode()
    parser.feed(html)
    parser.close()
    return parser.problems
