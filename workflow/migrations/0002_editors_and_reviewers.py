from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors change content and read visitors' reports; their work on a published entry waits for
# a Reviewer. Reviewers can do all that, and also publish, record checks and handle reports.
# Neither manages users or groups, and organizations are unpublished rather than deleted.
EDITORS_ADD = {
    "reports": {"report": ["view"]},
    "workflow": {"verification": ["view"]},
}
REVIEWERS_ONLY = {
    "organizations": {"organization": ["publish", "verify"]},
    "reports": {"report": ["change"]},
    "workflow": {"verification": ["add", "change"]},
}


def permissions(Permission, spec):
    found = []
    for app_label, models in spec.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            found += Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
    return found


def make_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(Permission, EDITORS_ADD))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*editors.permissions.all())
    reviewers.permissions.add(*permissions(Permission, REVIEWERS_ONLY))


def remove_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_initial"),
        ("reports", "0001_initial"),
        ("organizations", "0006_reviewer_permissions"),
        ("glossary", "0002_editors_can_edit_terms"),
        ("procedures", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(make_roles, remove_reviewers)]
