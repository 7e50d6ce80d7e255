from django.contrib.auth.management import create_permissions
from django.db import migrations


def let_editors_edit_opening_hours(apps, schema_editor):
    app_config = apps.get_app_config("organizations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="Editors")
    # Hours change as rows come and go (a day closes): unlike organizations, rows are deleted.
    # Reviewers, where they exist yet, may do what Editors may (workflow 0002 copies the
    # Editors' permissions when it makes the group, whichever migration runs first).
    allowed = Permission.objects.filter(
        content_type__app_label="organizations",
        codename__in=[f"{action}_openinghours" for action in ("add", "change", "delete", "view")],
    )
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(*allowed)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("organizations", "0010_hours_and_languages_spoken"),
    ]

    operations = [migrations.RunPython(let_editors_edit_opening_hours, migrations.RunPython.noop)]
