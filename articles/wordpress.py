"""Bringing a WordPress site's posts over as stories (the comments app brings their
comments; `manage.py import_wordpress` runs both).

Everything goes through the same services the admin uses, as the system (`by=None`), with
the post's author as the story's author. What came from which post is kept in
WordPressPost, keyed by the site's address and the post's id: a second run, or a later and
larger export of the same site, adds only what is new.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import Q
from django.utils.text import Truncator, slugify

from articles.models import (
    Article,
    Image,
    Section,
    Show,
    WordPressMedia,
    WordPressPost,
)
from articles.sanitize import html_to_text
from articles.services.images import image_create
from articles.services.publishing import article_publish, version_schedule
from articles.services.sections import section_create
from articles.services.shows import show_create
from articles.services.stories import article_create
from articles.wxr import Author, Item, Site, Term

SLUG_MAX_LENGTH = 200
STANDFIRST_LENGTH = 300  # a long excerpt is cut at a word, as WordPress shows it
UPLOADS = "/wp-content/uploads/"
# The block editor's markers: <!-- wp:paragraph --> ... <!-- /wp:paragraph -->.
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|blockquote|figure|table|pre)\b", re.I)
# A picture, alone or in its figure with a caption.
_FIGURE = re.compile(r"<figure\b[^>]*>(?P<inner>.*?)</figure>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""(?P<name>[a-zA-Z-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
_CAPTION = re.compile(r"<figcaption\b[^>]*>(?P<text>.*?)</figcaption>", re.S | re.I)
_LINK = re.compile(r"""(?P<lead>\bhref\s*=\s*["'])(?P<url>[^"']+)""", re.I)


class SkipItem(Exception):
    """This post cannot come over; the reason goes in the report."""


@dataclass
class Options:
    shows_from_tags: set[str] = field(default_factory=set)  # tag slugs or names, lower case
    shows_from_category: str = ""  # its child categories become shows
    media_dir: Path | None = None  # a copy of wp-content/uploads
    pages: bool = False
    dry_run: bool = False


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # kind, id, reason
    missing_images: list[str] = field(default_factory=list)

    def skip(self, kind: str, wp_id: int, reason: str) -> None:
        self.skipped.append((kind, wp_id, reason))


@dataclass
class Plan:
    """What a first quick pass over the file learned: where each post will live (for
    rewriting links between posts), and the address of each attachment."""

    slugs_by_path: dict[str, str] = field(default_factory=dict)
    slugs_by_id: dict[int, str] = field(default_factory=dict)
    attachments: dict[int, str] = field(default_factory=dict)
    items: int = 0
    comments: int = 0


def path_of(url: str) -> str:
    """The part of an address after the host, its path percent-decoded as Django's
    request.path is ("/2025/12/서울의-밤/", whichever way a browser encodes it)."""
    parts = urlsplit(url)
    return unquote(parts.path) + (f"?{parts.query}" if parts.query else "")


def story_slug(item: Item) -> str:
    """A story address from the post's, or from its title when the post's holds letters
    our addresses do not (its old address still redirects here)."""
    slug = slugify(item.slug)[:SLUG_MAX_LENGTH].strip("-") if item.slug.isascii() else ""
    if not slug:
        slug = slugify(html.unescape(item.title))[:SLUG_MAX_LENGTH].strip("-")
    return slug or f"wordpress-{item.wp_id}"


class StoryImporter:
    """Posts, their authors, sections, topics, shows and pictures, one site at a time."""

    def __init__(self, site: Site, plan: Plan, options: Options, report: Report) -> None:
        self.site, self.plan, self.options, self.report = site, plan, options, report
        self.authors: dict[str, Author] = {}
        self.categories: dict[str, Term] = {}
        self.users: dict[str, Any] = {}
        self.sections: dict[str, Section] = {}
        self.shows: dict[str, Show] = {}
        self.user_ids: dict[int, Any] = {}  # WordPress user id: user

    # --- the channel's head ---------------------------------------------------------------

    def add_author(self, author: Author) -> None:
        """Every author of the export becomes a user, posts or not."""
        self.authors[author.login] = author
        self.user(author.login)

    def add_term(self, term: Term) -> None:
        if term.domain == "category":
            self.categories[term.slug] = term

    # --- people ---------------------------------------------------------------------------

    def user(self, login: str) -> Any:
        """The user for a WordPress login: an existing one with that username, or a new,
        inactive writer (an administrator activates those who still write)."""
        login = login.strip() or "wordpress"
        if login in self.users:
            return self.users[login]
        model = get_user_model()
        user = model.objects.filter(username=login).first()
        author = self.authors.get(login)
        if user is None:
            names = (author.first_name, author.last_name) if author else ("", "")
            if author and not any(names) and author.display_name not in ("", login):
                names = (author.display_name, "")
            user = model.objects.create_user(
                username=login[:150], email=author.email if author else "",
                first_name=names[0][:150], last_name=names[1][:150], is_active=False,
                is_staff=True)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name="Writers"))
            self.report.counts["users"] += 1
        self.users[login] = user
        if author is not None:
            self.user_ids[author.wp_id] = user
        return user

    # --- sections, topics and shows -------------------------------------------------------

    def _is_show_category(self, term: Term) -> bool:
        parent = self.categories.get(term.slug, term).parent_slug
        wanted = self.options.shows_from_category.lower()
        if not wanted or not parent:
            return False
        parent_term = self.categories.get(parent)
        return wanted in {parent.lower(), (parent_term.name.lower() if parent_term else "")}

    def _is_show_tag(self, term: Term) -> bool:
        return bool(self.options.shows_from_tags & {term.slug.lower(), term.name.lower()})

    def section(self, term: Term) -> Section:
        known = self.categories.get(term.slug, term)
        if term.slug in self.sections:
            return self.sections[term.slug]
        parent = self.categories.get(known.parent_slug) if known.parent_slug else None
        # One level of sections: a subcategory keeps its parent in its name.
        name = f"{parent.name}: {known.name}" if parent else known.name
        slug = slugify(term.slug, allow_unicode=False)[:80] or slugify(name)[:80] or "section"
        section = Section.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
        if section is None:
            section = section_create(name=name[:100], slug=slug)
            self.report.counts["sections"] += 1
        self.sections[term.slug] = section
        return section

    def show(self, name: str) -> Show:
        key = name.lower()
        if key in self.shows:
            return self.shows[key]
        show = Show.objects.named(name).first()
        if show is None:
            show = show_create(name=name, by=None)
            self.report.counts["shows"] += 1
        self.shows[key] = show
        return show

    # --- pictures -------------------------------------------------------------------------

    def picture(self, url: str, *, alt: str = "", caption: str = "") -> Image | None:
        """The library picture for a file of the old site's uploads, or None (reported)."""
        url = html.unescape(url)
        path = urlsplit(url).path
        if UPLOADS not in path:
            self.report.missing_images.append(f"{url} (not in the site's uploads)")
            return None
        relative = path.split(UPLOADS, 1)[1]
        known = WordPressMedia.objects.filter(site=self.site.url, path=relative).select_related(
            "image").first()
        if known is not None:
            return known.image
        source = self._media_file(relative)
        if source is None:
            self.report.missing_images.append(relative)
            return None
        if self.options.dry_run:
            self.report.counts["images"] += 1
            return None
        try:
            with source.open("rb") as opened:
                image = image_create(
                    title=Path(relative).stem, file=File(opened, name=source.name),
                    alt_text=alt, is_decorative=not alt, caption=caption[:300])
        except ValidationError as error:
            self.report.missing_images.append(f"{relative} (refused: {' '.join(error.messages)})")
            return None
        WordPressMedia.objects.create(site=self.site.url, path=relative, image=image)
        self.report.counts["images"] += 1
        return image

    def _media_file(self, relative: str) -> Path | None:
        if self.options.media_dir is None:
            return None
        candidate = (self.options.media_dir / relative).resolve()
        root = self.options.media_dir.resolve()
        if root not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    # --- the body -------------------------------------------------------------------------

    def body(self, content: str) -> str:
        """The post's HTML as a story body: block markers gone, paragraphs made for the
        classic editor's plain text, pictures as library tokens, links between posts
        pointing at the stories. The story's sanitizer cleans the rest when it is saved."""
        content = _BLOCK_COMMENT.sub("", content)
        if not _BLOCK_TAG.search(content):
            content = _paragraphs(content)
        content = re.sub(r"\n\s*\n+", "\n", content).strip()  # the markers' blank lines
        content = _FIGURE.sub(lambda match: self._figure(match["inner"]), content)
        content = _IMG.sub(lambda match: self._figure(match.group()), content)
        return _LINK.sub(lambda match: match["lead"] + self._link(match["url"]), content)

    def _figure(self, inner: str) -> str:
        img = _IMG.search(inner)
        if img is None:
            return inner
        attributes = {m["name"].lower(): m["dq"] if m["dq"] is not None else m["sq"]
                      for m in _ATTRIBUTE.finditer(img.group())}
        caption_match = _CAPTION.search(inner)
        caption = html_to_text(caption_match["text"]).strip() if caption_match else ""
        image = self.picture(attributes.get("src", ""), alt=html.unescape(
            attributes.get("alt", "")), caption=caption)
        if image is None:
            return ""
        token_caption = f": {html.escape(caption)}" if caption else ""
        return f"<p>[image {image.pk}{token_caption}]</p>"

    def _link(self, url: str) -> str:
        parts = urlsplit(html.unescape(url))
        site = urlsplit(self.site.url)
        if parts.netloc and parts.netloc != site.netloc:
            return url
        slug = self.plan.slugs_by_path.get(path_of(html.unescape(url)))
        if slug is None:
            wp_id = (parse_qs(parts.query).get("p") or parse_qs(parts.query).get("page_id")
                     or [""])[0]
            slug = self.plan.slugs_by_id.get(int(wp_id)) if wp_id.isdigit() else None
        return f"/articles/{slug}/" if slug else url

    # --- a post ---------------------------------------------------------------------------

    def post(self, item: Item, *, now: datetime) -> Article | None:
        """The story for `item`, made now, or None when it came over in an earlier run.
        Raises SkipItem with the reason when it cannot come over."""
        if WordPressPost.objects.filter(site=self.site.url, wp_id=item.wp_id).exists():
            self.report.counts["already imported"] += 1
            return None
        if item.status not in ("publish", "draft", "future", "pending", "private"):
            raise SkipItem(f"status “{item.status}” is not a post a reader or writer would "
                           f"want (WordPress's trash and auto-drafts stay behind)")
        author = self.user(item.creator)
        sections, shows, topics = [], [], []
        for term in item.terms:
            if term.domain == "category":
                if self._is_show_category(term):
                    shows.append(self.show(term.name))
                elif term.slug.lower() != self.options.shows_from_category.lower():
                    sections.append(self.section(term))
            elif term.domain in ("post_tag", "tag"):  # "tag" in WXR 1.0
                if self._is_show_tag(term):
                    shows.append(self.show(term.name))
                else:
                    topics.append(term.name[:100])
        if not sections:
            sections.append(self.section(Term("category", "uncategorized", "Uncategorized")))
        slug = self.plan.slugs_by_id.get(item.wp_id) or story_slug(item)
        headline = html_to_text(html.unescape(item.title)).strip() or f"Untitled ({item.wp_id})"
        lead = None
        thumbnail = item.meta.get("_thumbnail_id", "")
        if thumbnail.isdigit():
            url = self.plan.attachments.get(int(thumbnail))
            if url:
                lead = self.picture(url, alt=headline)
            else:
                self.report.missing_images.append(
                    f"post {item.wp_id}: featured image {thumbnail} is not in the export")
        body = self.body(item.content)
        # The excerpt is the standfirst; WordPress leaves it empty unless a writer fills it
        # in, and then its own pages show the post's opening words.
        standfirst = Truncator(html_to_text(item.excerpt).strip() or (
            html_to_text(body).split("\n\n")[0] if body else headline)).chars(STANDFIRST_LENGTH)
        at = item.date_gmt or now
        version = article_create(
            slug=slug, sections=sections, authors=[author], by=None, at=min(at, now),
            shows=list(dict.fromkeys(shows)), topics=topics, headline=headline[:300],
            standfirst=standfirst, body=body, lead_image=lead, kind="update", update_label="",
            public_note="")
        article = version.article
        self._go_live(item, version, now=now)
        WordPressPost.objects.create(site=self.site.url, wp_id=item.wp_id, article=article,
                                     old_path=path_of(item.link) if item.link else "")
        article.refresh_from_db(fields=["state"])
        self.report.counts["stories"] += 1
        self.report.counts[f"stories: {article.get_state_display().lower()}"] += 1
        return article

    def _go_live(self, item: Item, version: Any, *, now: datetime) -> None:
        when = item.date_gmt or now
        if item.status == "publish":
            article_publish(version, by=None, now=min(when, now))
        elif item.status == "future":
            if when > now:
                version_schedule(version, go_live_at=when, by=None, now=now)
            else:  # WordPress missed its own schedule; the post was due, so it goes live
                article_publish(version, by=None, now=when)


def _paragraphs(text: str) -> str:
    """The classic editor's plain text: a blank line between paragraphs, a line break
    within one (what WordPress's wpautop does when it shows a post)."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks if block)


def plan(site: Site, entries: Any, *, pages: bool) -> Plan:
    """Walk the export once: each post's story address (kept from an earlier import, or
    made from its own and kept clear of other stories') and each attachment's file."""
    made = Plan()
    imported = dict(WordPressPost.objects.filter(site=site.url).values_list(
        "wp_id", "article__slug"))
    taken: set[str] = set()
    for entry in entries:
        if not isinstance(entry, Item):
            continue
        made.items += 1
        made.comments += len(entry.comments)
        if entry.post_type == "attachment":
            made.attachments[entry.wp_id] = entry.attachment_url
            continue
        if entry.post_type not in ("post", "page") or (entry.post_type == "page" and not pages):
            continue
        slug = imported.get(entry.wp_id)
        if slug is None:
            base = story_slug(entry)
            slug, n = base, 1
            while slug in taken or Article.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base[:SLUG_MAX_LENGTH - 8]}-{n}"
        taken.add(slug)
        made.slugs_by_id[entry.wp_id] = slug
        if entry.link:
            made.slugs_by_path[path_of(entry.link)] = slug
    return made
