"""Ids for what a database already holds when the app arrives, minted as a new save would."""

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("5d0c6b5e-8a43-4b8e-9d7b-2f4f1e6a7c11")  # as hsds.models.NAMESPACE

KEYS = {
    "organization": ("organizations", "Organization", lambda o: o.slug),
    "location": ("organizations", "Location", lambda o: f"{o.organization.slug}/{o.name}"),
    "service": (
        "procedures",
        "Role",
        lambda o: f"{o.organization.slug}/{o.stage.slug}/{o.step.slug if o.step_id else ''}",
    ),
    "stage": ("procedures", "Stage", lambda o: o.slug),
    "step": ("procedures", "Step", lambda o: f"{o.stage.slug}/{o.slug}"),
    "topic": ("organizations", "Topic", lambda o: o.slug),
}


def mint_ids(apps, schema_editor):
    Identifier = apps.get_model("hsds", "Identifier")
    taken = set(Identifier.objects.values_list("uuid", flat=True))
    for kind, (app_label, model_name, key) in KEYS.items():
        have = set(Identifier.objects.filter(kind=kind).values_list("object_id", flat=True))
        rows = []
        for instance in apps.get_model(app_label, model_name).objects.exclude(pk__in=have):
            value = uuid.uuid5(NAMESPACE, f"{kind}:{key(instance)}")
            value = uuid.uuid4() if value in taken else value
            taken.add(value)
            rows.append(Identifier(kind=kind, object_id=instance.pk, uuid=value))
        Identifier.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("hsds", "0001_initial"),
        ("organizations", "0009_health_care_and_international_kinds"),
        ("procedures", "0008_rule_changes_track_outdated_translations"),
    ]

    operations = [migrations.RunPython(mint_ids, migrations.RunPython.noop)]
