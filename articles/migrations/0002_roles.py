"""The newsroom's three roles as groups, with the permissions each needs."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

ARTICLE_PERMISSIONS = {
    "Writers": [
        "add_article", "change_article", "view_article",
        "view_section",
        # Changing an image would change live stories behind their versions' backs.
        "add_image", "view_image",
    ],
    "Editors": [
        "add_article", "change_article", "view_article", "publish_article", "change_any_article",
        "add_section", "change_section", "view_section",
        "add_image", "change_image", "delete_image", "view_image",
        "view_publicationevent",
    ],
    # Moderators get their comment permissions from the comments app; no stories at all.
    "Moderators": [],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ARTICLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ARTICLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
