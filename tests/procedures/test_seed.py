"""The seed data says what the reference says: right names, right stages, nothing invented."""

import json
from pathlib import Path

import pytest

from organizations.models import Organization
from procedures.models import Role, Stage

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "organizations.json"

pytestmark = pytest.mark.django_db

EXPECTED_STAGES = {
    "ind": {"during-procedure", "after-decision"},
    "coa": {"during-procedure", "after-decision"},
    "avim": {"during-procedure", "after-decision"},
    "vluchtelingenwerk-nederland": {"during-procedure", "after-decision"},
    "raad-voor-rechtsbijstand": {"during-procedure"},
    "dienst-terugkeer-en-vertrek": {"after-decision"},
    "dienst-justitiele-inrichtingen": {"after-decision"},
    "newbees": {"job-market"},
    "makers-unite": {"job-market"},
    "hackyourfuture": {"job-market"},
    "delitelabs": {"job-market"},
    "forward-inc": {"job-market"},
    "stichting-nieuwe-alphenaren": {"municipal-support"},
    "welkomplein-den-bosch": {"municipal-support"},
    "stichting-nieuw-thuis-rotterdam": {"municipal-support"},
    "stichting-tolerance-zeist": {"municipal-support"},
}


def test_the_four_stages_in_journey_order():
    assert list(Stage.objects.values_list("slug", "title")) == [
        ("during-procedure", "During the asylum procedure"),
        ("after-decision", "After the decision"),
        ("job-market", "Entering the job market"),
        ("municipal-support", "Support in your municipality"),
    ]


def test_every_stage_has_ordered_steps():
    for stage in Stage.objects.all():
        positions = list(stage.steps.values_list("position", flat=True))
        assert len(positions) >= 3, stage.slug
        assert positions == sorted(positions)


def test_each_organization_is_placed_at_the_stages_of_the_source():
    # The twelve of more-organizations.json are checked in test_more_organizations.py.
    placed = {}
    for slug, stage in Role.objects.filter(organization__slug__in=EXPECTED_STAGES).values_list(
        "organization__slug", "stage__slug"
    ):
        placed.setdefault(slug, set()).add(stage)
    assert placed == EXPECTED_STAGES


def test_every_role_is_one_plain_sentence():
    for role in Role.objects.select_related("organization"):
        assert role.title.endswith("."), role
        assert len(role.title) < 200, role


def test_correct_official_names_and_source_spellings_as_aliases():
    names = dict(Organization.objects.values_list("slug", "name"))
    assert names["ind"] == "Immigratie- en Naturalisatiedienst"
    assert names["coa"] == "Centraal Orgaan opvang asielzoekers"
    assert names["raad-voor-rechtsbijstand"] == "Raad voor Rechtsbijstand"
    assert names["newbees"] == "NewBees"
    assert names["stichting-tolerance-zeist"].endswith("(Zeist)")
    aliases = dict(Organization.objects.values_list("slug", "aliases"))
    assert "Raad voor Rechtbijstand" in aliases["raad-voor-rechtsbijstand"]
    assert "Ziest" in aliases["stichting-tolerance-zeist"]
    assert "DT&V" in aliases["dienst-terugkeer-en-vertrek"]
    assert "Delite Labs" in aliases["delitelabs"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not next to this clone")
def test_contact_facts_come_from_the_reference():
    reference = {entry["slug"]: entry for entry in json.loads(REFERENCE.read_text())}
    assert set(reference) <= set(Organization.objects.values_list("slug", flat=True))
    for organization in Organization.objects.filter(slug__in=reference):
        facts = reference[organization.slug]
        # A fact is the reference's, or left out (where its notes say to check it first).
        assert organization.website in {facts["website"], ""}, organization.slug
        assert organization.email in {facts["email"], ""}, organization.slug
        # The reference writes the number and then its hours; the entry keeps the number.
        assert facts["phone"].startswith(organization.phone), organization.slug
        for url in organization.source_urls:
            assert url in facts["sources"], (organization.slug, url)


def test_unconfirmed_entries_are_marked_and_nobody_claims_to_have_checked_them():
    statuses = dict(Organization.objects.values_list("slug", "status"))
    assert statuses["welkomplein-den-bosch"] == Organization.Status.NOT_FOUND
    assert statuses["stichting-tolerance-zeist"] == Organization.Status.NOT_FOUND
    for slug in ["newbees", "makers-unite", "delitelabs"]:
        assert statuses[slug] == Organization.Status.UNCONFIRMED
    assert statuses["ind"] == Organization.Status.ACTIVE
    assert not Organization.objects.filter(verified_on__isnull=False).exists()
