from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from comments.services.privacy import commenter_export


class Command(BaseCommand):
    help = ("Print, as JSON, everything stored about the commenter with EMAIL (for a "
            "data-protection request).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The commenter's email address (any case).")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        data = commenter_export(email)
        if not data["comments"]:
            # On stderr, so the JSON on stdout stays valid for whoever pipes it to a file.
            self.stderr.write(f"No comments by {email.strip()}.")
        self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
