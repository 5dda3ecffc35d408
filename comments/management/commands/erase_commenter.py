from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from comments.models import Comment
from comments.services.privacy import commenter_erase


class Command(BaseCommand):
    help = ("Delete every comment by EMAIL, with its IP addresses and history (for a "
            "data-protection request). Replies by other people stay.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The commenter's email address (any case).")
        parser.add_argument("--yes", action="store_true",
                            help="Erase without asking for confirmation.")

    def handle(self, *args: Any, email: str, yes: bool = False, **options: Any) -> None:
        email = email.strip()
        count = Comment.objects.by_email(email).count()
        if not count:
            self.stdout.write(f"No comments by {email}; nothing erased.")
            return
        if not yes:
            try:
                answer = input(f"Erase {count} comment{'s' if count != 1 else ''} by {email}, "
                               f"with their IP addresses and history? This cannot be undone. "
                               f"Type 'yes' to continue: ")
            except EOFError:  # no terminal to ask (cron, a pipe): never erase unasked
                answer = ""
            if answer.strip().lower() != "yes":
                self.stdout.write("Cancelled: nothing was erased. (--yes erases without asking.)")
                return
        erased = commenter_erase(email, by=None)
        self.stdout.write(f"Erased {erased} comment{'s' if erased != 1 else ''} by {email}.")
