"""The twelve organizations of issue 17: where they sit in the journey, and nothing invented.

Health care, a guardian, going home, a missing relative, legal advice, study, work. Their facts
come from shared/reference/more-organizations.json; the tests that read it skip without it.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from glossary.models import Term
from organizations.models import Location, Organization, Topic
from procedures.models import Role, Stage, Step

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT.parent / "shared" / "reference"
REFERENCE = REFERENCES / "more-organizations.json"
FIXTURES = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))
NEW_FIXTURES = [ROOT / "fixtures" / "06_more_organizations.json"]
NEW_GLOSSARY = ROOT / "fixtures" / "07_more_glossary.json"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
needs_reference = pytest.mark.skipif(
    not REFERENCE.exists(),
    reason="shared/reference/more-organizations.json is not next to this clone",
)

pytestmark = pytest.mark.django_db

# The reference's stage_keys, written out so the journey is checked even without the reference.
EXPECTED_STAGES = {
    "gza-gezondheidszorg-asielzoekers": {"during-procedure", "after-decision"},
    "nidos": {"during-procedure", "after-decision", "municipal-support"},
    "iom-netherlands": {"during-procedure", "after-decision"},
    "nederlandse-rode-kruis-restoring-family-links": {
        "during-procedure",
        "after-decision",
        "municipal-support",
    },
    "dokters-van-de-wereld": {"during-procedure", "after-decision", "municipal-support"},
    "arq-centrum-45": {"during-procedure", "after-decision", "municipal-support"},
    "het-juridisch-loket": {"after-decision", "municipal-support"},
    "uaf-stichting-voor-vluchteling-studenten": {
        "during-procedure",
        "after-decision",
        "job-market",
    },
    "duo-dienst-uitvoering-onderwijs": {"after-decision", "municipal-support"},
    "refugee-talent-hub": {"after-decision", "job-market"},
    "kvk-kamer-van-koophandel": {"job-market"},
    "stichting-los": {"after-decision"},
}

# The steps the journey gained, in order within their stage, with GOV.UK's "and" / "or".
NEW_STEPS = {
    ("during-procedure", "child-on-your-own"): ("and", "nidos"),
    ("during-procedure", "health-care"): ("and", "gza-gezondheidszorg-asielzoekers"),
    ("during-procedure", "missing-relative"): (
        "and",
        "nederlandse-rode-kruis-restoring-family-links",
    ),
    ("during-procedure", "voluntary-return"): ("or", "iom-netherlands"),
    ("after-decision", "study-and-work"): ("and", "uaf-stichting-voor-vluchteling-studenten"),
    ("after-decision", "without-papers"): ("and", "dokters-van-de-wereld"),
    ("job-market", "work-at-your-level"): ("or", "uaf-stichting-voor-vluchteling-studenten"),
    ("municipal-support", "your-own-doctor"): ("and", "dokters-van-de-wereld"),
}

# A phone number as the reference's notes write them: 088 746 44 66, 0800-2117, +31 30 239 1200.
PHONE = re.compile(r"(?<![\w/])(?:\+|00|0)\d[\d .\-]{5,}\d(?![\d/])")
DATE = re.compile(r"\d\d-\d\d-\d{4}")


def reference():
    return {entry["slug"]: entry for entry in json.loads(REFERENCE.read_text())}


def digits(text):
    return sorted(set(re.findall(r"\d+", text)))


def new_objects():
    """Every object the two new fixture files bring, looked up by its natural key."""
    data = [item for path in NEW_FIXTURES for item in json.loads(path.read_text())]
    data += json.loads(NEW_GLOSSARY.read_text())
    found = []
    for item in data:
        fields = item["fields"]
        match item["model"]:
            case "organizations.organization":
                found.append(Organization.objects.get(slug=fields["slug"]))
            case "organizations.topic":
                found.append(Topic.objects.get(slug=fields["slug"]))
            case "organizations.location":
                found.append(
                    Location.objects.get_by_natural_key(*fields["organization"], fields["name"])
                )
            case "procedures.step":
                found.append(Step.objects.get_by_natural_key(*fields["stage"], fields["slug"]))
            case "procedures.role":
                step = fields["step"][1] if fields["step"] else None
                found.append(
                    Role.objects.get_by_natural_key(*fields["organization"], *fields["stage"], step)
                )
            case "glossary.term":
                found.append(Term.objects.get(slug=fields["slug"]))
            case other:
                raise AssertionError(f"unexpected model {other}")
    return found


def translated_fields(obj):
    from modeltranslation.translator import translator

    return translator.get_options_for_model(type(obj)).fields


# Where they are ---------------------------------------------------------------------------


def test_each_new_organization_is_at_exactly_its_stages():
    placed = {}
    for slug, stage in Role.objects.filter(organization__slug__in=EXPECTED_STAGES).values_list(
        "organization__slug", "stage__slug"
    ):
        placed.setdefault(slug, set()).add(stage)
    assert placed == EXPECTED_STAGES


@needs_reference
def test_the_expected_stages_are_the_references_stage_keys():
    assert {slug: set(entry["stage_keys"]) for slug, entry in reference().items()} == (
        EXPECTED_STAGES
    )


def test_every_organization_comes_from_one_of_the_two_reference_lists():
    from tests.procedures.test_seed import EXPECTED_STAGES as FIRST_SIXTEEN

    assert set(Organization.objects.values_list("slug", flat=True)) == (
        set(FIRST_SIXTEEN) | set(EXPECTED_STAGES)
    )
    assert Organization.objects.count() == 28


def test_the_new_steps_sit_in_order_with_their_connector_and_who_helps():
    for stage in Stage.objects.all():
        positions = list(stage.steps.values_list("position", flat=True))
        assert len(positions) == len(set(positions)), f"two steps share a position in {stage}"
    for (stage, slug), (connector, organization) in NEW_STEPS.items():
        step = Step.objects.get(stage__slug=stage, slug=slug)
        assert step.connector == connector, slug
        assert step.roles.filter(organization__slug=organization).exists(), slug
    order = list(Step.objects.filter(stage__slug="during-procedure").values_list("slug", flat=True))
    assert order == [
        "registration",
        "child-on-your-own",
        "rest-and-preparation",
        "health-care",
        "missing-relative",
        "general-procedure",
        "extended-procedure",
        "dublin",
        "decision",
        "appeal",
        "voluntary-return",
    ]
    order = list(Step.objects.filter(stage__slug="after-decision").values_list("slug", flat=True))
    # The permit's steps, then "or" the refusal's: a new step never splits the two.
    assert order.index("study-and-work") < order.index("departure") < order.index("without-papers")


def test_a_stage_page_shows_the_new_steps_and_their_organizations(client):
    page = client.get("/en/stages/during-procedure/").content.decode()
    assert '<li id="health-care">' in page
    assert "Health care while you wait" in page
    assert "GezondheidsZorg Asielzoekers (GZA)</a></h4>" in page
    assert "If you came as a child on your own: your guardian" in page
    assert 'href="/en/organizations/nidos/"' in page
    # The Dutch words of the new glossary link to their explanation.
    assert '<a class="term" href="/en/glossary/#praktijklijn" lang="nl" dir="ltr">' in page
    assert '<a class="term" href="/en/glossary/#rma" lang="nl" dir="ltr">RMA</a>' in page
    page = client.get("/en/stages/after-decision/").content.decode()
    # Restoring Family Links helps at every step of the stage, whatever the decision.
    assert "Who helps at every step of this stage" in page
    assert "Het Nederlandse Rode Kruis – Restoring Family Links (RFL)" in page


def test_the_home_page_names_the_new_steps_and_links_to_the_rest(client):
    page = client.get("/en/").content.decode()
    for title in [
        "Health care while you wait",
        "If you lost contact with a relative",
        "If you decide to go back: voluntary return",
        "Work that fits your education",
        "Your own doctor and health insurance",
    ]:
        assert title in page
    assert 'href="/en/organizations/iom-netherlands/"' in page
    # At most two organizations per step; the others are one link away.
    for block in re.findall(r'<ul class="roles">(.*?)</ul>', page, flags=re.S):
        assert block.count("<li>") <= 2
    assert "More organizations at this stage (+" in page


# What they are called ---------------------------------------------------------------------


@needs_reference
def test_official_names_and_english_names_from_the_reference():
    for slug, facts in reference().items():
        organization = Organization.objects.get(slug=slug)
        assert organization.name == facts["name_nl"], slug
        # Shown as "name (acronym)", never with the acronym twice.
        assert facts["acronym"] in str(organization), slug
        assert str(organization).count(f"({facts['acronym']})") <= 1, slug
        assert organization.name_en and facts["name_en"].startswith(organization.name_en), slug


def test_search_finds_the_new_organizations_by_the_names_people_use(client):
    for query, slug in [
        ("Rode Kruis", "nederlandse-rode-kruis-restoring-family-links"),
        ("IOM", "iom-netherlands"),
        ("Juridisch Loket", "het-juridisch-loket"),
        ("Centrum 45", "arq-centrum-45"),
        ("Doctors of the World", "dokters-van-de-wereld"),
        ("KvK", "kvk-kamer-van-koophandel"),
    ]:
        page = client.get("/en/organizations/", {"q": query}).content.decode()
        assert f'href="/en/organizations/{slug}/"' in page, query


# Nothing invented --------------------------------------------------------------------------


@needs_reference
def test_public_contact_facts_are_the_references_contact_fields_and_nothing_else(client):
    for slug, facts in reference().items():
        organization = Organization.objects.get(slug=slug)
        assert organization.website == facts["website"], slug
        assert organization.phone == facts["phone"], slug
        assert organization.email == facts["email"], slug
        assert organization.source_urls == facts["sources"], slug
        for location in organization.locations.all():
            assert location.city == facts["city"], slug
            assert not location.phone and not location.opening_hours, slug
            for part in [location.street_address, location.postal_code]:
                assert part in facts["address"], (slug, part)
        if not facts["city"] and not facts["address"]:
            assert not organization.locations.exists(), slug
        page = client.get(organization.get_absolute_url()).content.decode()
        # The only phone and e-mail links on its page are the reference's.
        assert set(re.findall(r'href="(tel:[^"]*)"', page)) == (
            {organization.phone_uri} if facts["phone"] else set()
        ), slug
        assert set(re.findall(r'href="mailto:([^"]*)"', page)) == (
            {facts["email"]} if facts["email"] else set()
        ), slug


@needs_reference
def test_contacts_the_reference_holds_back_appear_nowhere(client):
    for slug, facts in reference().items():
        organization = Organization.objects.get(slug=slug)
        held_back = {
            number
            for number in PHONE.findall(facts["notes"])
            if len(re.sub(r"\D", "", number)) >= 7
            and not DATE.fullmatch(number)
            and re.sub(r"\D", "", number) != re.sub(r"\D", "", facts["phone"])
        }
        pages = [
            client.get(f"/{language}{organization.get_absolute_url()[3:]}").content.decode()
            for language in ["en", "nl"]
        ]
        for number in held_back:
            for page in pages:
                assert number not in page, (slug, number)
            # Not even in the editors' notes: an editor copies from there.
            assert number not in organization.notes, (slug, number)
    # The known ones, by name.
    kvk = client.get("/en/organizations/kvk-kamer-van-koophandel/").content.decode()
    assert "0800-2117" not in kvk and "Not listed" in kvk
    nidos = client.get("/en/organizations/nidos/").content.decode()
    assert "Maliebaan" not in nidos and "239 1200" not in nidos


@needs_reference
def test_status_and_sources_come_from_the_reference():
    statuses = {"active": Organization.Status.ACTIVE, "unknown": Organization.Status.UNCONFIRMED}
    for slug, facts in reference().items():
        organization = Organization.objects.get(slug=slug)
        assert organization.status == statuses[facts["status"]], slug
        assert organization.verified_on is None, slug
        assert "December 2026" in organization.source_note, slug


def test_editor_notes_of_the_new_entries_stay_off_the_public_page(client):
    page = client.get("/en/organizations/iom-netherlands/").content.decode()
    notes = Organization.objects.get(slug="iom-netherlands").notes
    assert "Wegwijzer Mensenhandel" in notes
    assert "Wegwijzer Mensenhandel" not in page


# Every language ----------------------------------------------------------------------------


def test_every_new_text_is_a_machine_draft_in_all_eight_languages_with_the_same_numbers():
    objects = new_objects()
    assert len(objects) > 70
    for obj in objects:
        for field in translated_fields(obj):
            english = getattr(obj, f"{field}_en") or ""
            for language in LANGUAGES:
                text = getattr(obj, f"{field}_{language}") or ""
                assert bool(text) == bool(english), (obj, field, language)
                assert digits(text) == digits(english), (obj, field, language)
        if isinstance(obj, Location):
            continue  # office names carry no review status of their own
        assert obj.reviewed_languages == {}, obj
        for language in LANGUAGES[1:]:
            assert obj.translation_status(language) == "draft", (obj, language)


def test_a_new_organization_reads_in_tigrinya_and_arabic_and_says_it_is_a_draft(client):
    page = client.get("/ti/organizations/nidos/").content.decode()
    assert "ኣላዪ" in page
    assert "Stichting Nidos" in page  # names are never translated
    assert "not yet translated" not in page
    page = client.get("/ar/organizations/dokters-van-de-wereld/").content.decode()
    assert 'dir="rtl"' in page
    assert '<a href="tel:+31207653801" dir="ltr">020 765 3801</a>' in page


def test_new_glossary_terms_are_explained_in_every_language_and_used_in_the_guide(client):
    terms = json.loads(NEW_GLOSSARY.read_text())
    texts = " ".join(
        getattr(obj, field) or ""
        for obj in new_objects()
        if not isinstance(obj, Term)
        for field in translated_fields(obj)
        if field in {"description", "body"}
    )
    for item in terms:
        term = Term.objects.get(slug=item["fields"]["slug"])
        assert any(
            re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", texts) for form in term.forms
        ), f"{term} is not used in the new texts"
    for language in ["en", "uk", "so"]:
        page = client.get(f"/{language}/glossary/").content.decode()
        for word in ["huisarts", "voogd", "RMA", "Praktijklijn", "terugkeer", "Handelsregister"]:
            assert f">{word}<" in page, (language, word)


def test_new_topics_filter_the_directory(client):
    def slugs(query):
        page = client.get(f"/en/organizations/?{query}").content.decode()
        return set(re.findall(r'<h2><a href="/en/organizations/([\w-]+)/">', page))

    assert slugs("topic=health-care") == {
        "gza-gezondheidszorg-asielzoekers",
        "dokters-van-de-wereld",
        "arq-centrum-45",
    }
    assert slugs("topic=children-on-their-own") == {"nidos"}
    assert slugs("topic=family") == {"nederlandse-rode-kruis-restoring-family-links"}
    assert "uaf-stichting-voor-vluchteling-studenten" in slugs("topic=study")
    assert "iom-netherlands" in slugs("topic=return-and-departure")
    assert slugs("kind=health-care") == {"gza-gezondheidszorg-asielzoekers", "arq-centrum-45"}


# Loading ----------------------------------------------------------------------------------


def test_loading_the_fixtures_again_adds_no_duplicates():
    models = [Organization, Location, Topic, Stage, Step, Role, Term]
    before = {model: model.objects.count() for model in models}
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert {model: model.objects.count() for model in models} == before
    assert before[Role] == 58 and before[Step] == 27
