"""A word in nearly every entry. On PostgreSQL, search ranks a bounded number of the matches
(search/backends.py, `PostgreSQL.ranked`): what a visitor means must still come first, a filter
must still find its entries, the page must say its count is only a floor, and an export must
hold every match. On SQLite every match is ranked, and the same tests hold.
"""

import csv
import io

import pytest
from django.db import connection

from organizations.models import Organization, Topic
from search import backends
from search.index import index_organizations
from search.models import Document
from search.query import Search

pytestmark = pytest.mark.django_db

MENTIONS = 12
WORD = "VluchtelingenWerk"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite ranks every match"
)


@pytest.fixture
def mentions(monkeypatch):
    """Twelve organizations that name VluchtelingenWerk in their descriptions, indexed after
    it, and VluchtelingenWerk indexed again, last: the first matches the database meets are not
    the one a visitor means. Only three of each kind are ranked."""
    monkeypatch.setattr(backends.PostgreSQL, "ranked", 3)
    made = Organization.objects.bulk_create(
        Organization(
            slug=f"buddy-project-{n:02}",
            name=f"Buddy project {n:02}",
            kind="non-profit",
            description_en=f"Works with {WORD} to welcome newcomers.",
        )
        for n in range(MENTIONS)
    )
    index_organizations([organization.pk for organization in made])
    index_organizations([Organization.objects.get(slug="vluchtelingenwerk-nederland").pk])
    return made


def test_the_organization_named_comes_first_among_more_matches_than_are_ranked(mentions):
    for typed in (WORD, "vluchtelingenwerk nederland", "VWN"):
        found = Search(typed).documents(Document.objects.organizations())
        assert found[0].slug == "vluchtelingenwerk-nederland", typed


def test_the_directory_filters_first_then_ranks_what_is_left(client, mentions):
    buddies = Topic.objects.create(slug="buddies", name="Buddies")
    last = mentions[-1]
    last.topics.add(buddies)

    response = client.get("/en/organizations/", {"q": WORD, "topic": "buddies"})

    assert [organization.slug for organization in response.context["organizations"]] == [last.slug]
    assert "1 organization found" in response.text


def test_a_count_that_is_only_the_ranked_part_says_at_least(client, mentions):
    every = Search(WORD).organizations(Organization.objects.published(), bounded=False).count()
    assert every > MENTIONS

    for url in ("/en/search/", "/en/organizations/"):
        response = client.get(url, {"q": WORD})
        counted = response.context["paginator"].count
        if connection.vendor == "postgresql":
            assert counted < every
            assert f"At least {counted} organizations found." in response.text
        else:
            assert counted == every
            assert f"{every} organizations found" in response.text
            assert "At least" not in response.text


def test_a_search_with_fewer_matches_than_are_ranked_gives_its_exact_count(client):
    every = Search("Makers Unite").match(Document.objects.organizations(), bounded=False)
    response = client.get("/en/search/", {"q": "Makers Unite"})
    assert response.context["paginator"].count == every.count() > 0
    assert "At least" not in response.text


def test_an_export_holds_every_match(client, mentions):
    response = client.get("/en/organizations/export.csv", {"q": WORD})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert {organization.name for organization in mentions} <= names
    assert "VluchtelingenWerk Nederland" in names


@postgresql_only
def test_each_word_is_asked_once_however_many_languages_stem_it_alike():
    # Five copies of one word made the planner expect half of all documents to match.
    assert asked_for("lawyer") == "'lawyer':*"
    asked = asked_for("werken").split(" | ")
    assert len(asked) == len(set(asked))
    assert {"'werken':*", "'werk':*"} <= set(asked)


def asked_for(typed):
    return Search(typed).database_query.get_source_expressions()[-1].value
