from django.contrib.auth.management import create_permissions
from django.db import migrations


def allow_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="search",
            codename__in=[f"{action}_searchwords" for action in ("add", "change", "delete", "view")],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_database_indexes"),
        ("procedures", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(allow_editors, migrations.RunPython.noop)]
