"""Two editors open the same entry; the second save is refused and says what changed."""

import pytest
from django.test import Client

from glossary.models import Term
from organizations.models import Organization

from .admin_form import form_data
from .conftest import member

pytestmark = pytest.mark.django_db

CHANGE = "/admin/organizations/organization/{}/change/"


def test_the_second_of_two_concurrent_saves_is_refused_with_what_changed(reviewer):
    other = member("colleague", "Reviewers")
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other)
    coa = Organization.objects.get(slug="coa")
    url = CHANGE.format(coa.pk)
    mine = form_data(first.get(url), "organization_form")
    theirs = form_data(second.get(url), "organization_form")

    mine["phone"] = "088 111 1111"
    assert first.post(url, mine).status_code == 302

    theirs["summary_en"] = "A summary written without seeing the new number."
    response = second.post(url, theirs)
    assert response.status_code == 200
    page = response.content.decode()
    assert "your changes were NOT saved" in page
    assert "reviewer saved it" in page and "088 111 1111" in page
    coa.refresh_from_db()
    assert coa.phone == "088 111 1111"
    assert coa.summary_en != "A summary written without seeing the new number."

    # Opened again, the form carries the new version and the save goes through.
    again = form_data(second.get(url), "organization_form")
    again["summary_en"] = "A summary written after seeing the new number."
    assert second.post(url, again).status_code == 302
    coa.refresh_from_db()
    assert (coa.phone, coa.summary_en) == ("088 111 1111", again["summary_en"])


def test_the_same_guard_protects_the_glossary(reviewer):
    other = member("colleague", "Reviewers")
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other)
    term = Term.objects.get(slug="aanmeldgehoor")
    url = f"/admin/glossary/term/{term.pk}/change/"
    mine, theirs = form_data(first.get(url), "term_form"), form_data(second.get(url), "term_form")
    mine["explanation_en"] = "First explanation."
    theirs["explanation_en"] = "Second explanation."
    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)
    assert "your changes were NOT saved" in response.content.decode()
    term.refresh_from_db()
    assert term.explanation_en == "First explanation."


def office_field(data, office, field):
    [index] = [
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(office.pk)
    ]
    return f"locations-{index}-{field}"


def test_two_editors_changing_the_same_office_conflict_with_what_changed(reviewer):
    other = member("colleague", "Reviewers")
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other)
    coa = Organization.objects.get(slug="coa")
    office = coa.locations.first()
    url = CHANGE.format(coa.pk)
    theirs = form_data(second.get(url), "organization_form")

    # The first changes the office in its own form, so the organization itself is not saved.
    office_url = f"/admin/organizations/location/{office.pk}/change/"
    mine = form_data(first.get(office_url), "location_form")
    mine["phone"] = "088 222 3333"
    assert first.post(office_url, mine).status_code == 302

    theirs[office_field(theirs, office, "name_en")] = "A name typed over an old office"
    response = second.post(url, theirs)
    assert response.status_code == 200
    page = response.content.decode()
    assert "your changes to it were NOT saved" in page
    assert "088 222 3333" in page and "reviewer saved it" in page
    office.refresh_from_db()
    assert (office.phone, office.name_en) == ("088 222 3333", office.name_en)
    assert office.name_en != "A name typed over an old office"


def test_an_office_saved_twice_in_the_organization_form_conflicts_too(reviewer):
    other = member("colleague", "Reviewers")
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other)
    coa = Organization.objects.get(slug="coa")
    office = coa.locations.first()
    url = CHANGE.format(coa.pk)
    mine = form_data(first.get(url), "organization_form")
    theirs = form_data(second.get(url), "organization_form")
    mine[office_field(mine, office, "phone")] = "088 222 3333"
    assert first.post(url, mine).status_code == 302
    theirs[office_field(theirs, office, "phone")] = "088 444 5555"
    page = second.post(url, theirs).content.decode()
    assert "your changes to it were NOT saved" in page and "088 222 3333" in page
    office.refresh_from_db()
    assert office.phone == "088 222 3333"
