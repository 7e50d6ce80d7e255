"""The full data set, as HSDS JSON and as HSDS's CSV datapackage, and back into a database.

`manage.py export_hsds DIR` writes, for each of the eight languages:

    DIR/json/<lang>.json               organizations (with their locations), services,
                                       taxonomies and taxonomy terms, every object validated
    DIR/datapackage/<lang>/datapackage.json and one CSV per HSDS table (organizations.csv,
                                       services.csv, locations.csv, addresses.csv ...)

HSDS has no place for much of what our pages show (an organization's kind and verification
status, its aliases and sources, a stage's body, the order of roles, every text in eight
languages at once). So the English JSON also carries, under our profile's `refugeeguide` key,
a record of each entry it describes (Django's serialization with natural keys, tied to the
HSDS id), without editors' notes, reviewers' names or the sources editors checked rules
against. `manage.py import_hsds DIR` reads those records and the HSDS ids back, so importing an
export into an empty database gives the same public pages and the same ids. Unpublished
organizations, and their offices and roles, are never exported.
"""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation

from organizations.models import Location, Municipality, OpeningHours, Organization, Topic
from procedures.models import Role, Stage, Step

from . import documents
from .models import KIND_OF, Identifier, fill_ids, with_ids
from .validation import errors, schema

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Never in an export: what only editors may see.
PRIVATE_FIELDS = {"notes", "rules_source"}


def ensure_ids():
    """Every entry gets its stored id before an export (rows written without signals too)."""
    for model in KIND_OF:
        fill_ids(list(with_ids(model.objects.all()).filter(hsds_id__isnull=True)))


def published_entries():
    """What the export describes, in the order an import must save it."""
    organizations = Organization.objects.published()
    # Each foreign key and many-to-many names its row by natural key: fetched with the rows,
    # not one query each (the serializer reads prefetched many-to-many values).
    return [
        Municipality.objects.all(),
        Topic.objects.all(),
        Stage.objects.all(),
        Step.objects.select_related("stage"),
        organizations.prefetch_related("municipalities", "topics"),
        Location.objects.filter(organization__in=organizations).select_related(
            "organization", "municipality"
        ),
        OpeningHours.objects.filter(organization__in=organizations).select_related(
            "organization", "location__organization"
        ),
        Role.objects.filter(organization__in=organizations).select_related(
            "organization", "stage", "step"
        ),
    ]


def _private(name):
    base = name.rsplit("_", 1)[0] if name[-3:-2] == "_" else name
    return name in PRIVATE_FIELDS or base in PRIVATE_FIELDS


def records():
    ids = {(i.kind, i.object_id): str(i.uuid) for i in Identifier.objects.all()}
    found = []
    for queryset in published_entries():
        kind = KIND_OF.get(queryset.model)
        instances = list(queryset)
        serialized = serializers.serialize(
            "python", instances, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        for instance, record in zip(instances, serialized, strict=True):
            fields = {name: value for name, value in record["fields"].items() if not _private(name)}
            if "reviewed_languages" in fields:
                # Which languages were reviewed and when, not by whom.
                fields["reviewed_languages"] = {
                    code: {"on": review.get("on")} if review.get("on") else {}
                    for code, review in fields["reviewed_languages"].items()
                }
            entry = {"model": record["model"], "fields": fields}
            if kind:
                entry["hsds_id"] = ids[(kind, instance.pk)]
            found.append(entry)
    return found


def build(base_url, language):
    """The whole data set in one language, each object checked against its schema."""
    ensure_ids()
    with translation.override(language):
        make = documents.Documents(base_url, language)
        organizations = [
            make.organization(o) for o in fill_ids(list(documents.organizations_queryset()))
        ]
        services = [
            make.service(role, nested=False)
            for role in fill_ids(list(documents.services_queryset()))
        ]
        dataset = {
            "version": documents.HSDS_VERSION,
            "profile": base_url.rstrip("/") + "/api/hsds/profile",
            "language": language,
            "organizations": organizations,
            "services": services,
            "taxonomies": make.taxonomies(),
            "taxonomy_terms": [make.term(term) for term in make.terms.all()],
        }
    for key, name in [
        ("organizations", "organization.json"),
        ("services", "service.json"),
        ("taxonomies", "taxonomy.json"),
        ("taxonomy_terms", "taxonomy_term.json"),
    ]:
        for document in dataset[key]:
            if problems := errors(name, document):
                raise ValueError(f"{name} {document['id']}: {problems}")
    return dataset


# The CSV datapackage: each HSDS object in its table, its nested objects in theirs.

TABLES = {
    "organizations": "organization.json",
    "services": "service.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}


def _columns(name):
    properties = schema(name)["properties"]
    return [key for key, value in properties.items() if value.get("type") in ("string", "number")]


def _nested(name):
    """The array properties of a schema, with the schema of their items."""
    return {
        key: value["items"]["$ref"]
        for key, value in schema(name)["properties"].items()
        if value.get("type") == "array" and "$ref" in value.get("items", {})
    }


def tables(dataset):
    rows = {}

    def add(name, document):
        table = rows.setdefault(name, {})
        table.setdefault(document["id"], {c: document.get(c, "") for c in _columns(name)})
        for key, item in _nested(name).items():
            for child in document.get(key, []):
                add(item, child)
        if name == "service_at_location.json" and "location" in document:
            add("location.json", document["location"])

    for key, name in TABLES.items():
        for document in dataset[key]:
            add(name, document)
    return rows


def _field(name, column):
    spec = schema(name)["properties"][column]
    field = {"name": column, "type": spec["type"]}
    if spec.get("format") in ("uuid", "email", "uri"):
        field["format"] = spec["format"]
    for key in ("title", "description"):
        if spec.get(key):
            field[key] = spec[key]
    return field


def write_datapackage(dataset, folder):
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, table in sorted(tables(dataset).items(), key=lambda item: _order(item[0])):
        path = schema(name)["path"]
        columns = _columns(name)
        with open(folder / path, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=columns)
            writer.writeheader()
            writer.writerows(table.values())
        resources.append(
            {
                "name": schema(name)["name"],
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field(name, c) for c in columns], "primaryKey": "id"},
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": f"refugeeguide-nl-hsds-{dataset['language']}",
        "title": f"Refugee Guide NL, HSDS 3.0 ({dataset['language']})",
        "version": documents.HSDS_VERSION,
        "language": dataset["language"],
        "licenses": [{"name": "CC-BY-SA-4.0", "title": "HSDS schemas: CC BY-SA 4.0"}],
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False))


def _order(name):
    return schema(name).get("datapackage_metadata", {}).get("order", 99)


def export(folder, base_url):
    folder = Path(folder)
    (folder / "json").mkdir(parents=True, exist_ok=True)
    written = []
    for language in LANGUAGES:
        dataset = build(base_url, language)
        if language == settings.LANGUAGE_CODE:
            dataset["refugeeguide"] = {
                "about": "Records of the Refugee Guide NL profile: what HSDS has no field for, "
                "so that an import gives the same pages (hsds/dataset.py).",
                "records": records(),
            }
        path = folder / "json" / f"{language}.json"
        # DjangoJSONEncoder: the records' dates and times, as dumpdata writes them.
        path.write_text(json.dumps(dataset, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder))
        written.append(path)
        write_datapackage(dataset, folder / "datapackage" / language)
    return written


@transaction.atomic
def import_dataset(path):
    """The English JSON of an export (or its folder) into the database: every entry by its
    natural key, as loaddata does, with its HSDS id. Returns how many entries it saved."""
    path = Path(path)
    if path.is_dir():
        path = path / "json" / f"{settings.LANGUAGE_CODE}.json"
    dataset = json.loads(path.read_text(encoding="utf-8"))
    profile = dataset.get("refugeeguide")
    if not profile:
        raise ValueError(
            f"{path} has no `refugeeguide` records: only an export of this site can be imported."
        )
    saved = 0
    for record in profile["records"]:
        (entry,) = serializers.deserialize(
            "python",
            [{"model": record["model"], "fields": record["fields"]}],
            handle_forward_references=False,
        )
        entry.save()
        saved += 1
        if "hsds_id" in record:
            kind = KIND_OF[type(entry.object)]
            Identifier.objects.filter(uuid=record["hsds_id"]).exclude(
                kind=kind, object_id=entry.object.pk
            ).delete()
            Identifier.objects.update_or_create(
                kind=kind, object_id=entry.object.pk, defaults={"uuid": record["hsds_id"]}
            )
    return saved
