"""Queries per page stay the same whether there are 10 organizations or 500."""

import pytest
from django.db import connection

from organizations.models import Municipality, Organization, Topic
from procedures.models import Role, Stage, Step

pytestmark = pytest.mark.django_db

PAGES = {
    # Stages and steps, each with the ids of its first roles; those roles with their organizations.
    "/en/": 3,
    # One more for the glossary terms that link from the text, and one for the changes in the
    # rules with the texts they concern (one UNION query, however many steps the stage has).
    "/en/stages/after-decision/": 6,
    "/en/organizations/": 7,
    # Three more: each chosen filter value is looked up once; one for the search's typo check.
    "/en/organizations/?stage=after-decision&municipality=rotterdam&topic=detention&q=e": 10,
    "/en/organizations/?stage=after-decision&topic=detention&q=imigration+helps": 10,
    # Typo check, count, a page of organizations, the guide's matches.
    "/en/search/?q=imigration": 4,
    "/ar/search/?q=helps+shelter": 4,
    # Nothing found: and the "did you mean" words and the four stages.
    "/en/search/?q=zzqxqzzv": 5,
    # Two more for the opening hours: the phone line's, and every office's at once.
    "/en/organizations/coa/": 8,
    # Translated fields are columns of the same rows: other languages cost nothing more.
    "/ar/": 3,
    "/ti/stages/after-decision/": 6,
    "/fa/organizations/": 7,
    "/so/organizations/coa/": 8,
    # The terms, and the changes in the rules that concern them.
    "/uk/glossary/": 2,
    # The police line, read from the directory.
    "/ar/offline/": 1,
    "/en/manifest.webmanifest": 0,
    # Issue 12. A sheet costs what its page costs: the entries, their offices with their hours,
    # the phone lines' hours, places, topics, roles (and the count and filters of the list).
    "/ar/organizations/coa/sheet/": 7,
    "/fa/stages/after-decision/sheet/": 8,
    "/tr/organizations/sheet/?kind=government&page=2": 8,
    # Open now: one more for the times of every row of hours (how long the page stays true).
    "/en/organizations/sheet/?stage=after-decision&language=ar&open=on": 9,
    "/en/organizations/export.csv?stage=after-decision": 8,
    "/en/organizations/?language=ar&open=on": 8,
    # The organization and its offices.
    "/en/organizations/coa/contact.vcf": 2,
    # The index: the count of each section and the organizations' newest change.
    "/sitemap.xml": 3,
    "/sitemap-organizations.xml": 1,
    "/robots.txt": 0,
}
# On PostgreSQL a search asks twice more: for its words as each language stems them, and for
# the matches it ranks (search/backends.py).
SEARCHED = {url for url in PAGES if "q=" in url}


def grow_to(total):
    """Make `total` organizations: drop some seed entries, or add ones with a role, topic, place."""
    have = Organization.objects.count()
    if have > total:
        surplus = Organization.objects.exclude(slug="coa").order_by("-pk")[: have - total]
        Organization.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()
    stage = Stage.objects.get(slug="after-decision")
    step = Step.objects.get(stage=stage, slug="return")
    topic = Topic.objects.get(slug="detention")
    municipality = Municipality.objects.get(slug="rotterdam")
    extra = Organization.objects.bulk_create(
        Organization(slug=f"org-{n:04}", name=f"Organization {n:04}", kind="non-profit")
        for n in range(max(total - have, 0))
    )
    Role.objects.bulk_create(
        Role(stage=stage, step=step, organization=o, title="Helps.") for o in extra
    )
    for organization in extra:
        organization.topics.add(topic)
        organization.municipalities.add(municipality)


@pytest.mark.parametrize("total", [10, 500])
@pytest.mark.parametrize("url, bound", PAGES.items())
def test_query_count_does_not_grow_with_the_number_of_organizations(
    client, django_assert_max_num_queries, url, bound, total
):
    grow_to(total)
    assert Organization.objects.count() == total
    if url in SEARCHED and connection.vendor == "postgresql":
        bound += 2
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200


def test_home_page_html_and_css_stay_under_30_kb(client):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    html = client.get("/en/").content
    css = Path(finders.find("css/site.css")).read_bytes()
    assert len(html) + len(css) < 30 * 1024


@pytest.mark.parametrize("url", ["/en/", "/en/stages/after-decision/"])
def test_journey_pages_stay_the_same_size_however_many_organizations(client, url):
    before = len(client.get(url).content)
    grow_to(500)  # all the new ones help at the "Return" step
    page = client.get(url).content.decode()
    assert "More organizations at this stage (+" in page
    assert 'href="/en/organizations/?stage=after-decision"' in page
    assert len(page.encode()) < before + 2_000


def test_combined_filters_count_each_organization_once(client):
    seed = Organization.objects.count()
    grow_to(40)
    page = client.get(
        "/en/organizations/?stage=after-decision&municipality=rotterdam&topic=detention"
    ).content.decode()
    # The new ones (Rotterdam, detention, after the decision), and DJI and Stichting LOS
    # (nationwide, detention, after the decision).
    assert f"{40 - seed + 2} organizations found" in page
