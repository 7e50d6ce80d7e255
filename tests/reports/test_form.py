"""Visitors' reports: a short form in every language, protected without any third party."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from organizations.models import Organization
from reports.models import Report
from tests.pages import languages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


def form_url(kind="organization", slug="coa", language="en"):
    with translation.override(language):
        return reverse("reports:form", args=[kind, slug])


def token(client, url):
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def send(client, url, **fields):
    data = {"csrfmiddlewaretoken": token(client, url), "message": "", "contact": "", **fields}
    return client.post(url, data)


def test_every_organization_and_stage_page_links_to_the_form(client):
    page = client.get("/en/organizations/coa/").content.decode()
    assert f'href="{form_url()}"' in page and "Report a problem with this page" in page
    page = client.get("/en/stages/after-decision/").content.decode()
    assert f'href="{form_url("stage", "after-decision")}"' in page


@pytest.mark.parametrize("language", languages())
def test_a_valid_report_is_accepted_in_every_language(language):
    client = Client(enforce_csrf_checks=True)
    url = form_url(language=language)
    page = client.get(url).content.decode()
    assert f'<html lang="{language}"' in page
    response = send(client, url, message="Het telefoonnummer werkt niet.", contact="")
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/report/thanks/"
    report = Report.objects.get()
    assert report.organization.slug == "coa" and report.language == language
    assert report.status == Report.Status.NEW
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and not thanks.cookies


def test_the_form_says_what_happens_with_a_report(client):
    page = client.get(form_url()).content.decode()
    assert "What is wrong or missing?" in page
    assert "An editor reads every report" in page and "not published" in page
    assert "Centraal Orgaan opvang asielzoekers" in page


def test_a_report_about_a_stage(client):
    assert (
        send(client, form_url("stage", "after-decision"), message="A step is missing.").status_code
        == 302
    )
    assert Report.objects.get().stage.slug == "after-decision"


def test_the_honeypot_is_accepted_silently_and_stored_nowhere():
    client = Client(enforce_csrf_checks=True)
    response = send(client, form_url(), message="Buy now", website="http://spam.example")
    assert response.status_code == 302
    assert not Report.objects.exists()


def test_a_cross_site_post_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(form_url(), {"message": "No token."})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_a_flood_from_one_address_is_stopped(settings):
    settings.REPORTS_PER_HOUR = 3
    client = Client(enforce_csrf_checks=True)
    statuses = [send(client, form_url(), message=f"Report {n}").status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Report.objects.count() == 3
    assert "Too many reports" in send(client, form_url(), message="again").content.decode()
    # Another address is not affected.
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.7")
    assert send(other, form_url(), message="From elsewhere").status_code == 302


def test_a_100_kb_report_and_an_empty_one_get_a_clear_message(client):
    response = send(client, form_url(), message="x" * 100_000)
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    response = send(client, form_url(), message="")
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not Report.objects.exists()


def test_an_unknown_entry_or_kind_is_a_404(client):
    assert client.get(form_url(slug="no-such-organization")).status_code == 404
    assert client.get("/en/report/user/coa/").status_code == 404
    Organization.objects.filter(slug="coa").update(is_published=False)
    assert client.get(form_url()).status_code == 404


def test_only_the_form_page_sets_a_cookie(client):
    assert "csrftoken" in client.get(form_url()).cookies
    assert not client.get("/en/organizations/coa/").cookies


def test_reports_reach_the_admin_queue_and_the_due_list(client, admin_client):
    Organization.objects.update(verified_on=timezone.localdate())
    send(client, form_url(), message="The office has moved.")
    queue = admin_client.get("/admin/reports/report/?status=new").content.decode()
    assert "The office has moved." in queue and "Centraal Orgaan" in queue
    due = admin_client.get("/admin/workflow/verification/due/").content.decode()
    assert "Centraal Orgaan opvang asielzoekers" in due and "1 open report" in due
