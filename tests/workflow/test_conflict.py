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
