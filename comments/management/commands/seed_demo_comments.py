from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles.models import Article
from comments.demo import seed_comments
from comments.models import Comment


class Command(BaseCommand):
    help = "Add demo reader comments to the demo stories. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if Comment.objects.exists():
            self.stdout.write(f"Demo comments already there: {Comment.objects.count()}.")
            return
        stories = list(Article.objects.published().order_by("first_published_at"))
        if not stories:
            self.stdout.write("No published stories yet: run seed_demo first.")
            return
        counts = seed_comments(stories)
        self.stdout.write("Demo comments added: "
                          + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) + ".")
