import re

import pytest

from organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_directory_lists_every_published_organization_with_count_and_contact(client):
    page = client.get("/en/organizations/").content.decode()
    assert "28 organizations found" in page
    assert "Raad voor Rechtsbijstand" in page
    assert 'href="tel:+31887157000"' in page  # COA
    assert 'href="https://www.coa.nl"' in page
    # One script, the site's own file for offline reading, which no page needs; nothing inline.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert [(attrs.split()[0], code) for attrs, code in scripts] == [
        ('src="/static/js/offline.js"', "")
    ]


def test_directory_form_has_a_label_for_every_filter(client):
    page = client.get("/en/organizations/").content.decode()
    for field in ["q", "stage", "municipality", "topic", "kind"]:
        assert f'<label for="id_{field}">' in page
        assert f'name="{field}"' in page


def test_organization_page_shows_how_to_reach_it(client):
    page = client.get("/en/organizations/coa/").content.decode()
    assert "Centraal Orgaan opvang asielzoekers" in page
    assert 'href="tel:+31887157000"' in page
    assert 'href="mailto:info@coa.nl"' in page
    assert "Postbus 30203" in page and "2500 GE" in page
    assert "Postal address only" in page
    assert "No person has checked this entry yet." in page
    assert "Compiled from public sources in November 2026" in page
    assert "https://www.coa.nl/en/about-coa" in page
    # Its part at each stage, linked.
    assert 'href="/en/stages/during-procedure/"' in page
    assert 'href="/en/stages/after-decision/#housing"' in page


def test_missing_contact_details_say_not_listed(client):
    page = client.get("/en/organizations/makers-unite/").content.decode()
    assert page.count("Not listed") >= 3  # phone, email, offices
    assert "tel:" not in page


def test_unconfirmed_organizations_say_so_in_plain_words(client):
    page = client.get("/en/organizations/stichting-tolerance-zeist/").content.decode()
    assert "We could not confirm that this organization exists." in page
    page = client.get("/en/organizations/newbees/").content.decode()
    assert "We could not confirm that this organization is still active." in page
    page = client.get("/en/organizations/ind/").content.decode()
    assert "We could not confirm" not in page


def test_editor_notes_are_never_public(client):
    organization = Organization.objects.get(slug="ind")
    organization.notes = "Internal: call back Tuesday"
    organization.save()
    assert "call back Tuesday" not in client.get("/en/organizations/ind/").content.decode()


def test_last_checked_date_is_shown_when_a_person_checked_it(client):
    Organization.objects.filter(slug="ind").update(verified_on="2026-11-20")
    page = client.get("/en/organizations/ind/").content.decode()
    assert "A person last checked this entry on 20 November 2026." in page


def test_unpublished_organization_is_a_404(client):
    Organization.objects.filter(slug="ind").update(is_published=False)
    assert client.get("/en/organizations/ind/").status_code == 404
    assert "Immigratie- en" not in client.get("/en/organizations/").content.decode()


def test_editor_text_is_escaped(client):
    Organization.objects.filter(slug="ind").update(
        summary='<script>alert("x")</script>', description="<img src=x onerror=alert(1)>"
    )
    for url in ["/en/organizations/ind/", "/en/organizations/", "/en/"]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    assert "&lt;script&gt;" in client.get("/en/organizations/ind/").content.decode()


def test_source_lines_that_are_not_web_addresses_are_never_links(client):
    Organization.objects.filter(slug="ind").update(sources="javascript:alert(1)\nhttps://ind.nl/en")
    page = client.get("/en/organizations/ind/").content.decode()
    assert "javascript:" not in page
    assert 'href="https://ind.nl/en"' in page
