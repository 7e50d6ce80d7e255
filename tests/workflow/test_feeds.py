"""'Recently updated' and the Atom feeds list published changes only, with what changed."""

import xml.etree.ElementTree as ET

import pytest

from organizations.models import Organization
from procedures.models import Stage

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not response.cookies
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert feed.find(f"{ATOM}{required}") is not None
    found = []
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ["id", "title", "updated", "link"]:
            assert entry.find(f"{ATOM}{required}") is not None, required
        found.append((entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text))
    return found


def test_a_published_change_is_listed_with_what_changed(client):
    coa = Organization.objects.get(slug="coa")
    coa.save()  # the first version
    coa.phone = "088 715 8000"
    coa.save()
    site = entries(client, "/en/updates/feed/")
    assert ("Centraal Orgaan opvang asielzoekers", "phone number changed") in site
    own = entries(client, "/en/updates/organizations/coa/feed/")
    assert own and own[0] == ("Centraal Orgaan opvang asielzoekers", "phone number changed")
    page = client.get("/en/updates/").content.decode()
    assert "Centraal Orgaan opvang asielzoekers" in page and "phone number changed" in page
    assert not client.get("/en/updates/").cookies


def test_an_unpublished_entry_is_in_no_feed(client):
    draft = Organization.objects.create(
        name="Stichting Geheim", slug="geheim", kind="non-profit", is_published=False
    )
    draft.phone = "012 345 6789"
    draft.save()
    assert "Stichting Geheim" not in str(entries(client, "/en/updates/feed/"))
    assert "Stichting Geheim" not in client.get("/en/updates/").content.decode()
    assert client.get("/en/updates/organizations/geheim/feed/").status_code == 404


def test_a_stage_feed_lists_changes_to_the_stage(client):
    stage = Stage.objects.get(slug="after-decision")
    stage.save()
    stage.summary_en = "A new summary."
    stage.save()
    found = entries(client, "/en/updates/stages/after-decision/feed/")
    assert found[0][1].startswith("summary changed")


def test_the_organization_page_links_its_feed(client):
    page = client.get("/en/organizations/coa/").content.decode()
    feed = "/en/updates/organizations/coa/feed/"
    assert '<link rel="alternate" type="application/atom+xml"' in page and feed in page
    assert "Follow changes to this page (Atom feed)" in page


def test_summaries_are_in_the_visitors_language(client):
    coa = Organization.objects.get(slug="coa")
    coa.save()
    coa.phone, coa.notes = "088 715 8000", "Only for editors."
    coa.save()
    assert ("Centraal Orgaan opvang asielzoekers", "telefoonnummer gewijzigd") in entries(
        client, "/nl/updates/organizations/coa/feed/"
    )
    arabic = entries(client, "/ar/updates/organizations/coa/feed/")
    assert arabic[0][1] == "تغيّر رقم الهاتف"


def test_a_change_visitors_cannot_see_is_no_news():
    from workflow.changes import recent_changes

    coa = Organization.objects.get(slug="coa")
    coa.save()
    coa.notes = "Only for editors."
    coa.save()
    assert not recent_changes(organization=coa)
