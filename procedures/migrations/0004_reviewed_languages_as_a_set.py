from django.db import migrations, models


def to_sets(apps, schema_editor):
    """"nl,ar" becomes {"nl": {}, "ar": {}}: a set of codes a database can query exactly."""
    for name in ['Stage', 'Step', 'Role']:
        model = apps.get_model("procedures", name)
        for row in model.objects.exclude(reviewed_languages_text=""):
            codes = [code.strip() for code in row.reviewed_languages_text.split(",") if code.strip()]
            row.reviewed_languages = {code: {} for code in sorted(codes)}
            row.save(update_fields=["reviewed_languages"])


def to_text(apps, schema_editor):
    for name in ['Stage', 'Step', 'Role']:
        model = apps.get_model("procedures", name)
        for row in model.objects.all():
            row.reviewed_languages_text = ",".join(sorted(row.reviewed_languages))
            row.save(update_fields=["reviewed_languages_text"])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0003_translations")]

    operations = [
        migrations.RenameField("stage", "reviewed_languages", "reviewed_languages_text"),
        migrations.AddField(
            model_name="stage",
            name="reviewed_languages",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The languages a native speaker has reviewed. The others are drafts.",
                verbose_name="translations reviewed by a native speaker",
            ),
        ),
        migrations.RenameField("step", "reviewed_languages", "reviewed_languages_text"),
        migrations.AddField(
            model_name="step",
            name="reviewed_languages",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The languages a native speaker has reviewed. The others are drafts.",
                verbose_name="translations reviewed by a native speaker",
            ),
        ),
        migrations.RenameField("role", "reviewed_languages", "reviewed_languages_text"),
        migrations.AddField(
            model_name="role",
            name="reviewed_languages",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The languages a native speaker has reviewed. The others are drafts.",
                verbose_name="translations reviewed by a native speaker",
            ),
        ),
        migrations.RunPython(to_sets, to_text),
        migrations.RemoveField("stage", "reviewed_languages_text"),
        migrations.RemoveField("step", "reviewed_languages_text"),
        migrations.RemoveField("role", "reviewed_languages_text"),
        # Never used: the roles say who acts at a stage.
        migrations.RemoveField("stage", "organizations"),
    ]
