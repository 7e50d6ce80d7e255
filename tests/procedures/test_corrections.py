"""The corrections of issue 9, as a visitor reads them: no legal claim reads as current that the
reference does not date as current, in any language."""

import json
from pathlib import Path

import pytest

from organizations.models import Organization

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "organizations.json"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_appeal_deadline_is_the_one_in_the_decision_and_the_old_periods_are_dated(client):
    html = page(client, "/en/stages/during-procedure/")
    assert "The deadline is written in the decision, and it can be only a few days" in html
    assert "Before 12 June 2026 the deadline was one week" in html
    assert "one week or four weeks" not in html
    glossary = page(client, "/en/glossary/")
    assert "Before 12 June 2026 it was one week or 4 weeks." in glossary
    assert "The deadline is in the decision: one week or four weeks" not in glossary


def test_an_appeal_usually_lets_you_stay_and_only_otherwise_you_need_an_interim_measure(client):
    html = page(client, "/en/stages/during-procedure/")
    assert "Usually an appeal means you may stay in the Netherlands while it runs" in html
    assert "After a decision in the general procedure, you must ask the court" not in html
    # Dublin: the deadline, the transfer an appeal may not stop, and whom to ask.
    assert "an appeal may not stop your transfer, so ask your lawyer at once" in html


@pytest.mark.parametrize(
    "url, dated",
    [
        ("/en/stages/during-procedure/", "as of February 2026 they were not law"),
        ("/en/stages/during-procedure/", "as of February 2026 it was not law"),
        ("/en/stages/after-decision/", "as of February 2026 they were not law"),
        ("/en/glossary/", "as of February 2026 it was not law"),
        ("/nl/stages/after-decision/", "In februari 2026 waren ze geen wet."),
    ],
)
def test_pending_bills_are_not_law_as_of_the_date_of_the_source(client, url, dated):
    html = page(client, url)
    assert dated in html
    assert "they are not law" not in html
    assert "Ze zijn dus geen wet" not in html
    assert "this page describes the current rules" not in html


def test_the_extended_procedure_period_can_be_extended_and_the_no_fault_permit_is_requested(
    client,
):
    during = page(client, "/en/stages/during-procedure/")
    assert "by law it must decide within 6 months" not in during
    assert "The legal period for the decision was 6 months in June 2025" in during
    assert "the law allows it to be extended" in during
    after = page(client, "/en/stages/after-decision/")
    assert "The IND then usually gives you a no-fault residence permit" not in after
    assert "you can ask for a no-fault residence permit" in after


@pytest.mark.parametrize(
    "url", ["/tr/stages/during-procedure/", "/tr/stages/after-decision/", "/tr/"]
)
def test_turkish_says_the_bills_propose_and_asks_you_to_report_not_apply(client, url):
    html = page(client, url)
    for will in ("değiştirecek", "kaldıracak", "indirecek", "kısaltacak"):
        assert will not in html
    assert "başvurun ve kaydolun" not in html
    assert "Ter Apel'de başvurmaktan" not in html


def test_turkish_registration_step_means_report(client):
    html = page(client, "/tr/stages/during-procedure/")
    assert "Ter Apel&#x27;de kendinizi bildirin ve kaydolun" in html
    assert "öneriyor" in page(client, "/tr/stages/after-decision/")


@pytest.mark.parametrize("url", ["/uk/stages/after-decision/", "/uk/organizations/coa/"])
def test_ukrainian_shelter_is_housing_not_asylum(client, url):
    html = page(client, url)
    assert "дає вам притулок" not in html
    assert "дає вам житло" in html


def test_the_dutch_footer_says_when_the_sources_were_compiled(client):
    html = page(client, "/nl/")
    assert "De feiten zijn in november 2026 verzameld uit openbare bronnen." in html
    assert "bronnen van november 2026" not in html


def test_details_say_only_what_a_source_supports(client):
    glossary = page(client, "/en/glossary/")
    assert "Civic Integration Act 2021 (Wet inburgering 2021), in force since 1 January 2022" in (
        glossary
    )
    assert "as a refugee or for subsidiary protection" in glossary
    registration = page(client, "/en/stages/during-procedure/")
    assert "meals" not in registration
    assert "Gives you a place to stay at the central reception location in Ter Apel." in (
        registration
    )
    sntr = page(client, "/en/organizations/stichting-nieuw-thuis-rotterdam/")
    assert "Set up in 2016" not in sntr
    assert "Set up by the Rotterdam philanthropic foundation Stichting De Verre Bergen" in sntr


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not next to this clone")
@pytest.mark.parametrize(
    "slug", ["hackyourfuture", "newbees", "delitelabs", "vluchtelingenwerk-nederland"]
)
def test_editor_notes_keep_the_warning_without_the_fabricated_numbers(slug):
    notes = Organization.objects.get(slug=slug).notes
    reference = {o["slug"]: o["notes"] for o in json.loads(REFERENCE.read_text())}
    assert notes == reference[slug]
    for number in ("0031", "020 - 346 72 00", "Postbus 2894", "info@"):
        assert number not in notes
    assert "fabricated" in notes or "NOT VERIFIED" in notes
