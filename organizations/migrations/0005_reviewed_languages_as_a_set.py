from django.db import migrations, models


def to_sets(apps, schema_editor):
    """"nl,ar" becomes {"nl": {}, "ar": {}}: a set of codes a database can query exactly."""
    for name in ['Topic', 'Organization']:
        model = apps.get_model("organizations", name)
        for row in model.objects.exclude(reviewed_languages_text=""):
            codes = [code.strip() for code in row.reviewed_languages_text.split(",") if code.strip()]
            row.reviewed_languages = {code: {} for code in sorted(codes)}
            row.save(update_fields=["reviewed_languages"])


def to_text(apps, schema_editor):
    for name in ['Topic', 'Organization']:
        model = apps.get_model("organizations", name)
        for row in model.objects.all():
            row.reviewed_languages_text = ",".join(sorted(row.reviewed_languages))
            row.save(update_fields=["reviewed_languages_text"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_index_organization_name")]

    operations = [
        migrations.RenameField("topic", "reviewed_languages", "reviewed_languages_text"),
        migrations.AddField(
            model_name="topic",
            name="reviewed_languages",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The languages a native speaker has reviewed. The others are drafts.",
                verbose_name="translations reviewed by a native speaker",
            ),
        ),
        migrations.RenameField("organization", "reviewed_languages", "reviewed_languages_text"),
        migrations.AddField(
            model_name="organization",
            name="reviewed_languages",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The languages a native speaker has reviewed. The others are drafts.",
                verbose_name="translations reviewed by a native speaker",
            ),
        ),
        migrations.RunPython(to_sets, to_text),
        migrations.RemoveField("topic", "reviewed_languages_text"),
        migrations.RemoveField("organization", "reviewed_languages_text"),
        # Never used: no page or form showed them.
        migrations.RemoveField("location", "latitude"),
        migrations.RemoveField("location", "longitude"),
    ]
