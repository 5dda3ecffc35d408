"""Word-level differences between story versions, for readers and for the admin."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.sanitize import html_to_blocks

if TYPE_CHECKING:
    from articles.models import ArticleVersion

_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")


# Story headings sit one level below the diff page's own section headings.
_DIFF_TAGS = {"h2": "h3", "h3": "h4", "h4": "h5"}


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with words added in `<ins>` and words removed in `<del>`.

    Paragraphs are separated by blank lines.
    """
    return block_diff(
        [("p", p) for p in (old or "").split("\n\n") if p.strip()],
        [("p", p) for p in (new or "").split("\n\n") if p.strip()],
    )


def block_diff(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> SafeString:
    """Like word_diff, over (tag, text) blocks; headings stay headings.

    Blocks are matched first, so a paragraph added or removed is marked whole, and words
    are compared only within blocks that changed.
    """
    html: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            html.extend((tag, escape(text)) for tag, text in new[j1:j2])
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if op == "replace" else 0
        html.extend((b[0], _words(a[1], b[1])) for a, b in zip(removed[:paired], added[:paired], strict=True))
        html.extend((tag, f"<del>{escape(text)}</del>") for tag, text in removed[paired:])
        html.extend((tag, f"<ins>{escape(text)}</ins>") for tag, text in added[paired:])
    return mark_safe("".join(
        f"<{_DIFF_TAGS.get(tag, 'p')}>{text}</{_DIFF_TAGS.get(tag, 'p')}>" for tag, text in html
    ))


def _words(old: str, new: str) -> str:
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    parts: list[str] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(new_tokens[j1:j2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(f"<del>{escape(''.join(old_tokens[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{escape(''.join(new_tokens[j1:j2]))}</ins>")
    return "".join(parts)


@dataclass
class FieldChange:
    label: str
    diff: SafeString | None = None
    before: str = ""
    after: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


TEXT_FIELDS = [
    ("headline", "Headline"),
    ("standfirst", "Standfirst"),
    ("seo_title", "SEO title"),
    ("seo_description", "SEO description"),
    ("update_label", "Update label"),
    ("public_note", "Public note"),
]
LIST_METADATA = [("sections", "Sections"), ("authors", "Authors"), ("shows", "Shows"),
                 ("topics", "Topics")]


def text_changes(old: ArticleVersion, new: ArticleVersion) -> dict[str, SafeString]:
    """Word diffs of what readers read: headline, standfirst and body."""
    return {
        "headline": word_diff(old.headline, new.headline),
        "standfirst": word_diff(old.standfirst, new.standfirst),
        "body": block_diff(html_to_blocks(old.body), html_to_blocks(new.body)),
    }


def compare_versions(old: ArticleVersion, new: ArticleVersion) -> list[FieldChange]:
    """Every field that differs between two versions, each in the form that suits it."""
    changes: list[FieldChange] = []
    for name, label in TEXT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(FieldChange(label, diff=word_diff(before, after)))
    if old.body != new.body:
        changes.append(
            FieldChange("Body", diff=block_diff(html_to_blocks(old.body), html_to_blocks(new.body)))
        )
    if old.kind != new.kind:
        changes.append(
            FieldChange("Kind", before=old.get_kind_display(), after=new.get_kind_display())
        )
    if old.lead_image_id != new.lead_image_id:
        changes.append(
            FieldChange(
                "Lead image",
                before=str(old.lead_image or "none"),
                after=str(new.lead_image or "none"),
            )
        )
    if old.metadata.get("slug") != new.metadata.get("slug"):
        changes.append(
            FieldChange(
                "Web address",
                before=old.metadata.get("slug", ""),
                after=new.metadata.get("slug", ""),
            )
        )
    for key, label in LIST_METADATA:
        before_set = set(old.metadata.get(key, []))
        after_set = set(new.metadata.get(key, []))
        if before_set != after_set:
            changes.append(
                FieldChange(
                    label,
                    added=sorted(after_set - before_set),
                    removed=sorted(before_set - after_set),
                )
            )
    if old.metadata.get("tracker") != new.metadata.get("tracker"):
        changes.append(
            FieldChange(
                "Show tracker report",
                before=describe_tracker_report(old.metadata.get("tracker")),
                after=describe_tracker_report(new.metadata.get("tracker")),
            )
        )
    if old.metadata.get("expire_at") != new.metadata.get("expire_at"):
        changes.append(
            FieldChange(
                "Expiry",
                before=old.metadata.get("expire_at") or "none",
                after=new.metadata.get("expire_at") or "none",
            )
        )
    return changes


def describe_tracker_report(report: dict[str, Any] | None) -> str:
    """“The Salt Line: status filming, season 2”, or “none”."""
    if not report:
        return "none"
    facts = [f"{name.replace('_', ' ')} {report[name]}"
             for name in ("status", "season", "release_date", "release_window", "platform")
             if report.get(name) not in (None, "")]
    return f"{report.get('show', 'a show')}: {', '.join(facts)}"
