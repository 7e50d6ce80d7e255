import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_journey_lists_the_four_stages_in_order_with_steps_and_organizations(client):
    page = client.get("/en/").content.decode()
    titles = [
        "During the asylum procedure",
        "After the decision",
        "Entering the job market",
        "Support in your municipality",
    ]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)
    assert '<ol class="step-nav">' in page
    assert "Appeal (beroep)" in page
    # Organizations sit under their step, with their role in one line.
    assert (
        "Immigratie- en Naturalisatiedienst (IND)</bdi></a>: Holds your registration interview"
        in page
    )
    assert 'href="/en/organizations/dienst-terugkeer-en-vertrek/"' in page
    # Alternatives are joined by "or", as in GOV.UK's step-by-step pattern.
    assert '<p class="connector">or</p>' in page
    assert 'action="/en/organizations/"' in page


def test_journey_page_needs_no_javascript_and_no_other_host(client):
    page = client.get("/en/").content.decode()
    # One script, the site's own file for offline reading, which no page needs; nothing inline.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert [(attrs.split()[0], code) for attrs, code in scripts] == [
        ('src="/static/js/offline.js"', "")
    ]
    head = page.split("<main")[0]
    for url in re.findall(r'(?:href|src)="([^"]+)"', head):
        assert url.startswith(("/", "#", "http://testserver/")), url


def test_stage_page_explains_the_stage_with_its_steps_and_contacts(client):
    page = client.get(reverse("procedures:stage", args=["after-decision"])).content.decode()
    assert "<h1>" in page and "After the decision</h1>" in page
    assert "Stage 2 of 4" in page
    assert "If you get a residence permit" in page
    assert "Dienst Terugkeer en Vertrek" in page
    assert 'href="tel:+31880777700"' in page
    assert "Part of:" in page and "your asylum journey, step by step" in page
    assert 'aria-current="step"' in page
    assert 'rel="prev" href="/en/stages/during-procedure/"' in page
    assert 'rel="next" href="/en/stages/job-market/"' in page


def test_first_and_last_stage_link_only_onward(client):
    first = client.get("/en/stages/during-procedure/").content.decode()
    last = client.get("/en/stages/municipal-support/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_unknown_stage_is_a_404_in_the_site_layout(client):
    response = client.get("/en/stages/no-such-stage/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Skip to main content" in page
    assert 'href="/en/organizations/"' in page


def test_unpublished_organizations_never_show_in_the_journey(client):
    from organizations.models import Organization

    Organization.objects.filter(slug="dienst-justitiele-inrichtingen").update(is_published=False)
    assert "Dienst Justitiële Inrichtingen" not in client.get("/en/").content.decode()
    stage = client.get("/en/stages/after-decision/").content.decode()
    assert "Dienst Justitiële Inrichtingen" not in stage
