"""Writers pick shows; editors manage them (names, aliases, facts) and read their history."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

SHOW_PERMISSIONS = {
    "Writers": ["view_show", "view_showfactchange"],
    "Editors": [
        "add_show", "change_show", "delete_show", "view_show",
        "add_showalias", "change_showalias", "delete_showalias", "view_showalias",
        "view_showfactchange",
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in SHOW_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        Group.objects.get(name=name).permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in SHOW_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_shows_topics_search")]

    operations = [migrations.RunPython(grant, revoke)]
