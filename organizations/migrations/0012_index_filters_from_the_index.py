from django.db import migrations, models

# Django makes the table behind Organization.topics itself, with an index on each column; the
# topic filter wants both columns in one, so it finds a topic's organizations without reading
# the table.
TOPIC_ORGANIZATIONS = (
    "CREATE INDEX organization_topics_topic_organization "
    "ON organizations_organization_topics (topic_id, organization_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0011_editors_edit_opening_hours"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["id", "is_published"], name="organization_id_published"),
        ),
        migrations.RunSQL(TOPIC_ORGANIZATIONS, "DROP INDEX organization_topics_topic_organization"),
    ]
