from django.contrib.auth.management import create_permissions
from django.db import migrations

# What an editor needs to keep the entries true, and nothing more: no users, no groups,
# and organizations are unpublished rather than deleted.
EDITOR_PERMISSIONS = {
    "organizations": {
        "organization": ["add", "change", "view"],
        "location": ["add", "change", "delete", "view"],
        "municipality": ["add", "change", "view"],
        "topic": ["add", "change", "view"],
    },
    "procedures": {
        "stage": ["change", "view"],
        "step": ["add", "change", "delete", "view"],
        "role": ["add", "change", "delete", "view"],
    },
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in EDITOR_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            editors.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0001_initial"),
        ("procedures", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
