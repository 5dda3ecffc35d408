"""Reading the reader pages of shows, topics and the archive in tests: headings, plain text,
JSON-LD, and UTC moments to publish at."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


def headings(html: str, level: int) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)
