from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from articles import demo_content, services
from articles.models import Article, Image, Section, Show, ShowFactChange

EDITOR = {"username": "editor", "first_name": "Dana", "last_name": "Reyes",
          "email": "editor@newsdesk.example"}
MODERATOR = {"username": "moderator", "first_name": "Sam", "last_name": "Ito",
             "email": "moderator@newsdesk.example"}


def draw_title_card(title: str, colors: list[str], size: tuple[int, int] = (1200, 675)) -> bytes:
    """A poster-style picture: two colour bands, a few shapes and the title in big type."""
    width, height = size
    picture = PillowImage.new("RGB", size, colors[0])
    draw = ImageDraw.Draw(picture)
    draw.polygon([(0, height), (width, height * 0.35), (width, height)], fill=colors[1])
    for i in range(5):
        radius = 40 + i * 28
        cx, cy = width * 0.82, height * 0.28
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius],
                     outline="#ffffff", width=3)
    font = ImageFont.load_default(size=78)
    words, lines, line = title.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) > width * 0.7 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = height * 0.18
    for text in lines:
        draw.text((60, y), text, font=font, fill="#ffffff", stroke_width=3, stroke_fill="#111111")
        y += 92
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


class Command(BaseCommand):
    help = ("Create the demo desk: sections, writers, an editor, shows with tracker histories, "
            "stories with versions. Safe to run again.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        with transaction.atomic():
            sections = self._sections()
            people = self._people()
            existing = set(Article.objects.filter(
                slug__in=[story["slug"] for story in demo_content.STORIES]
            ).values_list("slug", flat=True))
            stories = [story for story in demo_content.STORIES if story["slug"] not in existing]
            shows = self._shows(now)
            self._stories(stories, sections, people, shows, now)
        self.stdout.write(
            f"Demo content ready: {len(stories)} stories added, {Article.objects.count()} in all; "
            f"{Show.objects.count()} shows with {ShowFactChange.objects.count()} tracker changes."
        )

    def _sections(self) -> dict[str, Section]:
        sections = {}
        for position, data in enumerate(demo_content.SECTIONS):
            section = Section.objects.filter(slug=data["slug"]).first()
            if section is None:
                section = services.section_create(position=position, **data)
            sections[section.slug] = section
        return sections

    def _people(self) -> dict[str, Any]:
        User = get_user_model()
        people = {}
        roles = [(data, "Writers") for data in demo_content.AUTHORS]
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

    def _shows(self, now: datetime) -> dict[str, Show]:
        """Each show as it stood before the demo stories reported on it; existing ones are kept."""
        shows = {show.slug: show for show in Show.objects.filter(
            slug__in=[data["slug"] for data in demo_content.SHOWS])}
        first_story: dict[str, datetime] = {}
        for story in demo_content.STORIES:
            for _, live_at, story_shows in _timeline(story, now):
                for slug in story_shows:
                    if live_at and (slug not in first_story or live_at < first_story[slug]):
                        first_story[slug] = live_at
        catalog: list[dict[str, Any]] = demo_content.SHOWS
        for data in catalog:
            if data["slug"] in shows:
                continue
            created_at = first_story.get(data["slug"], now) - timedelta(days=1)
            shows[data["slug"]] = services.show_create(
                by=None, name=data["name"], slug=data["slug"], country=data["country"],
                genre=data["genre"], synopsis=data["synopsis"], official_url=data["official_url"],
                last_confirmed=timezone.localdate(created_at), created_at=created_at,
                **data["initial"],
            )
        return shows

    def _image(self, data: dict[str, Any] | None, by: Any) -> Image | None:
        if not data:
            return None
        existing = Image.objects.filter(title=data["title"]).first()
        if existing:
            return existing
        picture = draw_title_card(data["title"], data["colors"])
        name = f"{data['title'].lower().replace(' ', '-')[:60]}.jpg"
        return services.image_create(
            title=data["title"], file=ContentFile(picture, name=name), alt_text=data["alt"],
            caption=data.get("caption", ""), credit=data.get("credit", ""), by=by,
        )

    def _stories(self, stories: list[dict[str, Any]], sections: dict[str, Section],
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
        images: dict[str, Image | None] = {}
        for live_at, story, index, data, story_shows in steps:
            writer = people[story["authors"][0]]
            if index == 0:
                images[story["slug"]] = self._image(story.get("image"), writer)
            saved_at = (live_at - timedelta(minutes=40) if live_at
                        else now - timedelta(hours=3 - index))
            content: dict[str, Any] = {
                "headline": data["headline"], "standfirst": data["standfirst"],
                "body": data["body"], "lead_image": images[story["slug"]],
                "seo_title": data.get("seo_title", ""),
                "seo_description": data.get("seo_description", ""),
                "kind": "update" if data["kind"] == "first" else data["kind"],
                "update_label": data.get("label", ""), "public_note": data.get("note", ""),
            }
            report = data.get("reports")
            if report:
                facts = {name: value for name, value in report.items() if name != "show"}
                content["tracker"] = services.tracker_report(shows[report["show"]], **facts)
            tags: dict[str, Any] = {
                "shows": [shows[slug] for slug in story_shows],
                "topics": _topics(story, story_shows),
            }
            if index == 0:
                version = services.article_create(
                    slug=story["slug"], sections=[sections[s] for s in story["sections"]],
                    authors=[people[name] for name in story["authors"]], by=writer,
                    at=saved_at, **tags, **content,
                )
            elif "shows" in data:
                # Only editors retag a published story.
                version = services.version_create(
                    versions[story["slug"]].article, by=editor, based_on=None, at=saved_at,
                    **tags, **content,
                )
            else:
                version = services.version_create(
                    versions[story["slug"]].article, by=writer, based_on=None, at=saved_at,
                    **content,
                )
            versions[story["slug"]] = version
            if story["state"] == "published":
                services.article_publish(version, by=editor, now=live_at)
        for story in stories:
            if story["state"] == "scheduled":
                services.version_schedule(
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
    catalog: list[dict[str, Any]] = demo_content.SHOWS
    by_slug = {data["slug"]: data for data in catalog}
    topics = [topic for slug in story_shows for topic in by_slug[slug]["topics"]]
    return list(dict.fromkeys(topics + story["topics"]))
