"""The demo desk, created through the services: sections, writers, an editor and a moderator,
shows with posters and tracker histories, stories with versions, lead pictures and stills.

`seed_desk()` is safe to run again: what is there already (matched by slug, username and
picture title) is kept, and only what is missing is added.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.demo import content
from articles.demo.pictures import render_image
from articles.models import Article, Image, Section, Show, ShowFactChange
from articles.services.images import image_create
from articles.services.publishing import article_publish, version_schedule
from articles.services.sections import section_create
from articles.services.shows import show_create, show_update, tracker_report
from articles.services.stories import article_create, version_create

EDITOR = {"username": "editor", "first_name": "Dana", "last_name": "Reyes",
          "email": "editor@newsdesk.example"}
MODERATOR = {"username": "moderator", "first_name": "Sam", "last_name": "Ito",
             "email": "moderator@newsdesk.example"}


@dataclass(frozen=True)
class Seeded:
    """What one run added, and what the desk holds after it."""

    stories_added: int
    stories: int
    shows: int
    tracker_changes: int
    images_added: int
    images: int


def seed_desk() -> Seeded:
    """Add whatever of the demo desk is missing, in one transaction."""
    now = timezone.now()
    images_before = Image.objects.count()
    with transaction.atomic():
        sections = _sections()
        people = _people()
        existing = set(Article.objects.filter(
            slug__in=[story["slug"] for story in content.STORIES]
        ).values_list("slug", flat=True))
        stories = [story for story in content.STORIES if story["slug"] not in existing]
        shows = _shows(now, people[EDITOR["username"]])
        _stories(stories, sections, people, shows, now)
    images = Image.objects.count()
    return Seeded(stories_added=len(stories), stories=Article.objects.count(),
                  shows=Show.objects.count(), tracker_changes=ShowFactChange.objects.count(),
                  images_added=images - images_before, images=images)


def _sections() -> dict[str, Section]:
    sections = {}
    for position, data in enumerate(content.SECTIONS):
        section = Section.objects.filter(slug=data["slug"]).first()
        if section is None:
            section = section_create(position=position, **data)
        sections[section.slug] = section
    return sections


def _people() -> dict[str, Any]:
    User = get_user_model()
    people = {}
    roles = [(data, "Writers") for data in content.AUTHORS]
    roles += [(EDITOR, "Editors"), (MODERATOR, "Moderators")]
    for data, group_name in roles:
        fields = {k: v for k, v in data.items() if k in {"first_name", "last_name", "email"}}
        user, made = User.objects.get_or_create(
            username=data["username"], defaults={**fields, "is_staff": True}
        )
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        people[user.username] = user
    return people


def _shows(now: datetime, editor: Any) -> dict[str, Show]:
    """Each show as it stood before the demo stories reported on it, with its poster;
    existing ones are kept, and given their poster if they lack one."""
    shows = {show.slug: show for show in Show.objects.filter(
        slug__in=[data["slug"] for data in content.SHOWS])}
    first_story: dict[str, datetime] = {}
    for story in content.STORIES:
        for _, live_at, story_shows in _timeline(story, now):
            for slug in story_shows:
                if live_at and (slug not in first_story or live_at < first_story[slug]):
                    first_story[slug] = live_at
    catalog: list[dict[str, Any]] = content.SHOWS
    for data in catalog:
        show = shows.get(data["slug"])
        if show is not None and show.poster_id is not None:
            continue
        poster = _picture(content.POSTERS[data["slug"]], editor)
        if show is not None:
            show_update(show, by=editor, poster=poster)
            continue
        created_at = first_story.get(data["slug"], now) - timedelta(days=1)
        shows[data["slug"]] = show_create(
            by=None, name=data["name"], slug=data["slug"], country=data["country"],
            genre=data["genre"], synopsis=data["synopsis"], official_url=data["official_url"],
            last_confirmed=timezone.localdate(created_at), created_at=created_at,
            poster=poster, **data["initial"],
        )
    return shows


def _picture(spec: dict[str, Any], by: Any) -> Image:
    """The library picture `spec` describes, made and uploaded the first time only."""
    existing = Image.objects.filter(title=spec["title"]).first()
    if existing:
        return existing
    rendered = render_image(spec)
    focal_x, focal_y = rendered.focal_point
    return image_create(
        title=spec["title"],
        file=ContentFile(rendered.data, name=f"{slugify(spec['title'])}.jpg"),
        alt_text=spec["alt"], caption=spec["caption"], credit=spec["credit"],
        focal_x=focal_x, focal_y=focal_y, by=by,
    )


def _place_pictures(body: str, by: Any) -> str:
    """The body with each demo still placeholder turned into a real [image N] token."""
    def token(match: re.Match[str]) -> str:
        image = _picture(content.STILLS[match["key"]], by)
        caption = f": {match['caption']}" if match["caption"] else ""
        return f"[image {image.pk}{caption}]"
    return content.PICTURE_PLACEHOLDER.sub(token, body)


def _stories(stories: list[dict[str, Any]], sections: dict[str, Section],
             people: dict[str, Any], shows: dict[str, Show], now: datetime) -> None:
    """Save and publish every version in date order across all stories.

    A tracker report changes its show when the version is published, and the history
    records what the show said just before: out of order, the befores would be wrong.
    """
    editor = people[EDITOR["username"]]
    steps = [(live_at, story, index, data, story_shows)
             for story in stories
             for index, (data, live_at, story_shows) in enumerate(_timeline(story, now))]
    # Stable: versions of one story keep their order; drafts and schedules come last.
    steps.sort(key=lambda step: (step[0] is None, step[0] or now))
    versions: dict[str, Any] = {}
    images: dict[str, Image] = {}
    for live_at, story, index, data, story_shows in steps:
        writer = people[story["authors"][0]]
        if index == 0:
            images[story["slug"]] = _picture(story["image"], writer)
        saved_at = (live_at - timedelta(minutes=40) if live_at
                    else now - timedelta(hours=3 - index))
        fields: dict[str, Any] = {
            "headline": data["headline"], "standfirst": data["standfirst"],
            "body": _place_pictures(data["body"], writer),
            "lead_image": images[story["slug"]],
            "seo_title": data.get("seo_title", ""),
            "seo_description": data.get("seo_description", ""),
            "kind": "update" if data["kind"] == "first" else data["kind"],
            "update_label": data.get("label", ""), "public_note": data.get("note", ""),
        }
        report = data.get("reports")
        if report:
            facts = {name: value for name, value in report.items() if name != "show"}
            fields["tracker"] = tracker_report(shows[report["show"]], **facts)
        tags: dict[str, Any] = {
            "shows": [shows[slug] for slug in story_shows],
            "topics": _topics(story, story_shows),
        }
        if index == 0:
            version = article_create(
                slug=story["slug"], sections=[sections[s] for s in story["sections"]],
                authors=[people[name] for name in story["authors"]], by=writer,
                at=saved_at, **tags, **fields,
            )
        elif "shows" in data:
            # Only editors retag a published story.
            version = version_create(
                versions[story["slug"]].article, by=editor, based_on=None, at=saved_at,
                **tags, **fields,
            )
        else:
            version = version_create(
                versions[story["slug"]].article, by=writer, based_on=None, at=saved_at,
                **fields,
            )
        versions[story["slug"]] = version
        if story["state"] == "published":
            article_publish(version, by=editor, now=live_at)
    for story in stories:
        if story["state"] == "scheduled":
            version_schedule(
                versions[story["slug"]], by=editor,
                go_live_at=now + timedelta(hours=story.get("publish_in_hours") or 24),
            )


def _timeline(story: dict[str, Any], now: datetime
              ) -> list[tuple[dict[str, Any], datetime | None, list[str]]]:
    """Each version of a demo story with when it goes live (None if never) and its shows."""
    days_ago = story.get("first_published_days_ago")
    first_live = (now - timedelta(days=days_ago)
                  if story["state"] == "published" and days_ago is not None else None)
    story_shows = story["versions"][0].get("shows", story["shows"])
    timeline = []
    for data in story["versions"]:
        story_shows = data.get("shows", story_shows)
        live_at = (first_live + timedelta(days=data.get("days_after_first") or 0)
                   if first_live else None)
        timeline.append((data, live_at, story_shows))
    return timeline


def _topics(story: dict[str, Any], story_shows: list[str]) -> list[str]:
    catalog: list[dict[str, Any]] = content.SHOWS
    by_slug = {data["slug"]: data for data in catalog}
    topics = [topic for slug in story_shows for topic in by_slug[slug]["topics"]]
    return list(dict.fromkeys(topics + story["topics"]))
