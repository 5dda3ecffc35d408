"""Moderators (and editors) work the comment queue and the site's spam rules."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMENT_PERMISSIONS = [
    "view_comment", "change_comment", "delete_comment", "moderate_comment",
    "view_commentevent",
    "add_spamrule", "change_spamrule", "delete_spamrule", "view_spamrule",
    "add_storycommentoptions", "change_storycommentoptions", "view_storycommentoptions",
    "view_akismetoutage",
]
GROUPS = ["Moderators", "Editors"]


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="comments", codename__in=COMMENT_PERMISSIONS
    )
    missing = set(COMMENT_PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    return permissions


def grant(apps, schema_editor):
    permissions = _permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = _permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
