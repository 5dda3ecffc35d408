from __future__ import annotations

import io
from datetime import timedelta
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
from articles.models import Article, Image, Section

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
    help = "Create the demo desk: sections, writers, an editor, stories with versions. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            sections = self._sections()
            people = self._people()
            created = 0
            for story in demo_content.STORIES:
                if Article.objects.filter(slug=story["slug"]).exists():
                    continue
                self._story(story, sections, people)
                created += 1
        total = Article.objects.count()
        self.stdout.write(f"Demo content ready: {created} stories added, {total} in all.")

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

    def _story(self, story: dict[str, Any], sections: dict[str, Section],
               people: dict[str, Any]) -> None:
        now = timezone.now()
        authors = [people[name] for name in story["authors"]]
        editor = people[EDITOR["username"]]
        writer = authors[0]
        image = self._image(story.get("image"), writer)
        first_live = (now - timedelta(days=story["first_published_days_ago"])
                      if story.get("first_published_days_ago") is not None else None)
        for index, data in enumerate(story["versions"]):
            content = {
                "headline": data["headline"], "standfirst": data["standfirst"],
                "body": data["body"], "lead_image": image,
                "seo_title": data.get("seo_title", ""),
                "seo_description": data.get("seo_description", ""),
                "kind": "update" if data["kind"] == "first" else data["kind"],
                "update_label": data.get("label", ""), "public_note": data.get("note", ""),
            }
            live_at = (first_live + timedelta(days=data.get("days_after_first") or 0)
                       if first_live else None)
            saved_at = (live_at - timedelta(minutes=40)) if live_at else now - timedelta(hours=3 - index)
            if index == 0:
                version = services.article_create(
                    slug=story["slug"], sections=[sections[s] for s in story["sections"]],
                    authors=authors, by=writer, at=saved_at, **content,
                )
            else:
                version = services.version_create(
                    version.article, by=writer, based_on=None, at=saved_at, **content
                )
            if story["state"] == "published":
                services.article_publish(version, by=editor, now=live_at)
        if story["state"] == "scheduled":
            services.version_schedule(
                version, by=editor,
                go_live_at=now + timedelta(hours=story.get("publish_in_hours") or 24),
            )
