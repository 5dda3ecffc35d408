from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.demo import content as demo_content


class Command(BaseCommand):
    help = (
        "Make sure the demo has an admin login and one login per role, and print them. "
        "The password is made once and kept in var/demo-password."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_logins resets passwords: it only runs with DEBUG=true, "
                               "on a demo database.")
        password_file = settings.VAR_DIR / "demo-password"
        if password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
        User = get_user_model()
        admin, _ = User.objects.get_or_create(
            username="admin", defaults={"email": "admin@newsdesk.example"}
        )
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        logins = [("admin", "superuser")]
        demo_usernames = [a["username"] for a in demo_content.AUTHORS] + ["editor", "moderator"]
        for user in User.objects.filter(username__in=demo_usernames).prefetch_related("groups"):
            user.set_password(password)
            user.save(update_fields=["password"])
            logins.append((user.username, ", ".join(g.name for g in user.groups.all())))
        site = settings.SITE_URL
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Newsdesk demo: {site}/"))
        self.stdout.write(f"Admin: {site}/admin/   password for every login below: {password}")
        for username, role in logins:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("")
