"""The export as HSDS JSON and CSV datapackage, and the import that brings it back."""

import csv
import json

import pytest
from django.core.management import call_command

from common.cache import invalidate
from glossary.models import Term
from hsds.models import Identifier
from hsds.validation import errors
from organizations.models import Municipality, Organization, Topic
from procedures.models import Role, RuleChange, Stage
from tests.conftest import FIXTURES
from tests.pages import languages, render_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    call_command("export_hsds", str(tmp_path), verbosity=0)
    return tmp_path


def test_the_export_holds_every_published_entry_in_every_language(exported):
    for language in languages():
        dataset = json.loads((exported / "json" / f"{language}.json").read_text())
        assert dataset["language"] == language
        assert len(dataset["organizations"]) == Organization.objects.published().count()
        assert len(dataset["services"]) == Role.objects.published().count()
        for organization in dataset["organizations"]:
            assert not errors("organization.json", organization)
    arabic = json.loads((exported / "json" / "ar.json").read_text())
    stage = Stage.objects.order_by("position").first()
    assert stage.title_ar in {term["name"] for term in arabic["taxonomy_terms"]}


def test_the_datapackage_lists_its_csv_files_which_round_trip(exported):
    folder = exported / "datapackage" / "nl"
    package = json.loads((folder / "datapackage.json").read_text())
    names = {resource["path"] for resource in package["resources"]}
    assert {"organizations.csv", "services.csv", "locations.csv", "phones.csv"} <= names
    assert {"addresses.csv", "service_at_location.csv", "taxonomy_terms.csv"} <= names
    for resource in package["resources"]:
        with open(folder / resource["path"], newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert list(rows[0]) == [field["name"] for field in resource["schema"]["fields"]]
        assert len({row["id"] for row in rows}) == len(rows)
    with open(folder / "organizations.csv", newline="", encoding="utf-8") as file:
        rows = {row["name"]: row for row in csv.DictReader(file)}
    assert len(rows) == Organization.objects.published().count()
    coa = Organization.objects.get(slug="coa")
    assert rows[coa.name]["id"] == str(
        Identifier.objects.get(kind="organization", object_id=coa.pk).uuid
    )


def test_nothing_unpublished_and_no_editors_notes_are_exported(tmp_path):
    hidden = Organization.objects.get(slug="coa")
    hidden.is_published = False
    hidden.notes = "An editor's private note"
    hidden.save()
    Organization.objects.filter(slug="ind").update(notes="Another private note")
    call_command("export_hsds", str(tmp_path), verbosity=0)
    everything = "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    assert hidden.name not in everything
    assert "private note" not in everything
    assert (
        str(Identifier.objects.get(kind="organization", object_id=hidden.pk).uuid) not in everything
    )


def test_importing_the_export_into_an_empty_database_gives_the_same_pages(client, exported):
    before = render_all(client)
    ids_before = {(i.kind, str(i.uuid)) for i in Identifier.objects.all()}

    # An empty database: nothing the public sees is left.
    for model in (Organization, Stage, Topic, Municipality, Term, RuleChange):
        model.objects.all().delete()
    assert not Identifier.objects.exists()

    call_command("import_hsds", str(exported), verbosity=0)
    # The glossary and the changes in the rules are not directory data: their fixtures.
    others = [
        f
        for f in FIXTURES
        if not f.endswith(
            (
                "01_places_and_topics.json",
                "02_organizations.json",
                "03_journey.json",
                "06_more_organizations.json",
            )
        )
    ]
    call_command("loaddata", *others, verbosity=0)
    call_command("rebuild_search_index", verbosity=0)
    invalidate()

    assert {(i.kind, str(i.uuid)) for i in Identifier.objects.all()} == ids_before
    after = render_all(client)
    assert after.keys() == before.keys()
    changed = [url for url in before if before[url] != after[url]]
    assert not changed, changed


def test_import_refuses_a_file_without_the_profiles_records(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"organizations": []}))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="only an export of this site"):
        call_command("import_hsds", str(path), verbosity=0)
