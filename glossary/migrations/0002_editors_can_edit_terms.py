from django.contrib.auth.management import create_permissions
from django.db import migrations


def let_editors_edit_terms(apps, schema_editor):
    app_config = apps.get_app_config("glossary")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="glossary",
            codename__in=["add_term", "change_term", "view_term"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0001_initial"),
        ("procedures", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(let_editors_edit_terms, migrations.RunPython.noop)]
