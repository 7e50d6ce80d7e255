from django.conf import settings
from django.db import migrations, models


def make_translators_group(apps, schema_editor):
    """Translators may use the translator's desk for their languages, and nothing else."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Translators")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="translations", codename="translate")
    )


def remove_translators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Translators").delete()


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Translator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "languages",
                    models.JSONField(
                        blank=True, default=list, help_text='Language codes, e.g. ["ar", "fa"].'
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        related_name="translator",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "permissions": [
                    ("translate", "Can translate content into their assigned languages")
                ]
            },
        ),
        migrations.RunPython(make_translators_group, remove_translators_group),
    ]
