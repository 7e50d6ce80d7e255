from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0012_index_filters_from_the_index"),
        ("procedures", "0008_rule_changes_track_outdated_translations"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="role",
            index=models.Index(fields=["stage", "organization"], name="role_stage_organization"),
        ),
    ]
