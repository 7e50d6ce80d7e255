"""Visitors see when a person last checked an entry, and how."""

import datetime

import pytest

from organizations.models import Location, Organization
from workflow.models import Verification

pytestmark = pytest.mark.django_db


def test_the_latest_check_and_its_method_show_on_the_page(client, reviewer):
    ind = Organization.objects.get(slug="ind")
    Verification.objects.create(
        organization=ind, checked_on=datetime.date(2026, 10, 1), method="website"
    )
    Verification.objects.create(
        organization=ind,
        checked_on=datetime.date(2026, 11, 20),
        method="phone",
        checked_by=reviewer,
    )
    page = client.get("/en/organizations/ind/").content.decode()
    assert "A person last checked this entry on 20 November 2026 (by phone)." in page
    ind.refresh_from_db()
    assert ind.verified_on == datetime.date(2026, 11, 20)
    assert "reviewer" not in page  # who checked it is for editors only


def test_an_office_shows_its_own_check(client):
    office = Location.objects.filter(organization__slug="coa").first()
    Verification.objects.create(
        location=office, checked_on=datetime.date(2026, 11, 3), method="visit"
    )
    page = client.get("/en/organizations/coa/").content.decode()
    assert "A person last checked this entry on 3 November 2026 (by a visit)." in page
    assert "No person has checked this entry yet." in page  # the organization itself


def test_the_check_is_told_in_the_visitors_language(client):
    ind = Organization.objects.get(slug="ind")
    Verification.objects.create(
        organization=ind, checked_on=datetime.date(2026, 11, 20), method="phone"
    )
    page = client.get("/nl/organizations/ind/").content.decode()
    assert "telefonisch" in page


def test_a_check_is_of_exactly_one_entry():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Verification.objects.create(method="phone")
