import pytest
from django.contrib.auth.models import Group, User

from organizations.models import Organization
from procedures.models import Step

from ..forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = User.objects.create_user("reviewer", password="a long reviewer password", is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(user)
    return user


def test_editors_group_has_only_what_editing_needs():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_organization", "change_organization", "change_role", "add_location"} <= codenames
    assert "delete_organization" not in codenames
    assert not any(name.endswith(("_user", "_group", "_permission")) for name in codenames)


def test_changelist_searches_by_alias_and_shows_last_checked(client, editor):
    page = client.get("/admin/organizations/organization/?q=Ziest").content.decode()
    assert "Stichting Tolerance (Zeist)" in page
    assert "Last checked" in page
    assert "Immigratie- en Naturalisatiedienst" not in page


def test_changelist_filters_by_stage_and_status(client, editor):
    page = client.get("/admin/organizations/organization/?stage=job-market").content.decode()
    assert "HackYourFuture" in page and "Immigratie- en Naturalisatiedienst" not in page
    page = client.get("/admin/organizations/organization/?status=not-found").content.decode()
    assert "Welkomplein Den Bosch" in page and "NewBees" not in page


def test_changelist_sorts_by_last_checked(client, reviewer):
    # A Reviewer's list starts with the action checkbox (recording checks), so column 6 is
    # "last checked".
    Organization.objects.filter(slug="coa").update(verified_on="2026-11-01")
    Organization.objects.filter(slug="ind").update(verified_on="2026-11-20")
    page = client.get("/admin/organizations/organization/?o=-6").content.decode()
    assert page.index("Immigratie- en Naturalisatiedienst") < page.index("Centraal Orgaan")


def test_change_form_has_offices_and_roles_inline(client, editor):
    coa = Organization.objects.get(slug="coa")
    page = client.get(f"/admin/organizations/organization/{coa.pk}/change/").content.decode()
    assert "Postbus 30203" in page
    assert "Links you to a municipality" in page


def test_reviewer_can_add_an_organization_that_then_shows_publicly(client, reviewer):
    data = {
        "name": "Stichting Voorbeeld",
        "slug": "stichting-voorbeeld",
        "kind": "local-foundation",
        "status": "active",
        "is_published": "on",
        "summary_en": "Helps newcomers in Voorbeeld.",
        "summary_nl": "Helpt nieuwkomers in Voorbeeld.",
        "sources": "https://example.org/about",
        "locations-TOTAL_FORMS": "0",
        "locations-INITIAL_FORMS": "0",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "verifications-TOTAL_FORMS": "0",
        "verifications-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/organizations/organization/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # Filtered to its kind: the unfiltered directory has more than one page.
    page = client.get("/en/organizations/?kind=local-foundation").content.decode()
    assert "Helps newcomers in Voorbeeld." in page
    page = client.get("/nl/organizations/?kind=local-foundation").content.decode()
    assert "Helpt nieuwkomers in Voorbeeld." in page


def change_form(client, slug="coa"):
    url = f"/admin/organizations/organization/{Organization.objects.get(slug=slug).pk}/change/"
    return url, form_data(client.get(url).content.decode(), "sources")


def test_the_change_form_saves_as_a_browser_sends_it(client, reviewer):
    url, data = change_form(client)
    data["phone"] = "088 715 7001"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Organization.objects.get(slug="coa").phone == "088 715 7001"


def test_an_editors_change_to_a_published_entry_waits_for_review(client, editor):
    url, data = change_form(client)
    data["phone"] = "088 715 7001"
    response = client.post(url, data, follow=True)
    assert "waits for a Reviewer" in response.content.decode()
    assert Organization.objects.get(slug="coa").phone == "088 715 7000"


def test_sources_must_be_web_addresses(client, editor):
    url, data = change_form(client)
    data["sources"] = "https://www.coa.nl\njavascript:alert(1)"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Not a web address: javascript:alert(1)" in response.content.decode()
    assert "javascript:" not in Organization.objects.get(slug="coa").sources


def test_mark_checked_today_action(client, reviewer):
    ind = Organization.objects.get(slug="ind")
    # The action first asks how the entry was checked and against what.
    page = client.post(
        "/admin/organizations/organization/",
        {"action": "mark_checked_today", "_selected_action": [ind.pk]},
    ).content.decode()
    assert "How was it checked?" in page
    ind.refresh_from_db()
    assert ind.verified_on is None
    client.post(
        "/admin/organizations/organization/",
        {
            "action": "mark_checked_today",
            "_selected_action": [ind.pk],
            "apply": "1",
            "method": "phone",
            "source_url": "https://ind.nl/en/contact",
        },
    )
    ind.refresh_from_db()
    assert ind.verified_on is not None
    check = ind.verifications.get()
    assert (check.method, check.checked_by, check.source_url) == (
        "phone",
        reviewer,
        "https://ind.nl/en/contact",
    )


def test_a_reviewer_can_reorder_steps(client, reviewer):
    """Positions are edited in the step list; the stage page then shows the new order.
    (An editor's list has no positions to edit: that would go live without review.)"""
    stage_page = "/en/stages/after-decision/"
    page = client.get(stage_page).content.decode()
    assert page.index('id="housing"') < page.index('id="civic-integration"')
    data = form_data(client.get("/admin/procedures/step/").content.decode(), "form-TOTAL_FORMS")
    ids = {data[f"form-{n}-id"]: n for n in range(int(data["form-TOTAL_FORMS"]))}
    housing = Step.objects.get(stage__slug="after-decision", slug="housing")
    integration = Step.objects.get(stage__slug="after-decision", slug="civic-integration")
    data[f"form-{ids[str(housing.pk)]}-position"] = str(integration.position)
    data[f"form-{ids[str(integration.pk)]}-position"] = str(housing.position)
    data["_save"] = "Save"
    response = client.post("/admin/procedures/step/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(stage_page).content.decode()
    assert page.index('id="civic-integration"') < page.index('id="housing"')


def test_anonymous_visitor_is_sent_to_login(client):
    for url in ["/admin/", "/admin/organizations/organization/add/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_a_logged_in_non_editor_is_refused(client):
    user = User.objects.create_user("visitor", password="another long password")
    client.force_login(user)
    response = client.get("/admin/organizations/organization/")
    assert response.status_code == 302


def test_editor_sees_translation_status_and_can_edit_the_glossary(client, editor):
    page = client.get("/admin/procedures/stage/").content.decode()
    assert "ar: draft" in page
    page = client.get("/admin/glossary/term/?q=aanmeldgehoor").content.decode()
    assert "aanmeldgehoor" in page
    page = client.get("/admin/procedures/stage/?needs_review=ar").content.decode()
    assert "During the asylum procedure" in page


def test_a_reviewer_adds_phone_hours_and_languages_in_the_change_form(client, reviewer):
    # A Reviewer's save is live at once (an Editor's waits for review: tests/workflow).
    url, data = change_form(client, "coa")
    data["languages_spoken"] = "ar, TI ,nl"
    prefix = "hours"
    assert data[f"{prefix}-TOTAL_FORMS"] == "0"
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data.update(
        {
            f"{prefix}-0-kind": "phone",
            f"{prefix}-0-weekday": "1",
            f"{prefix}-0-opens": "09:00",
            f"{prefix}-0-closes": "12:30",
            f"{prefix}-0-note_en": "Press 2 for Arabic.",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    coa = Organization.objects.get(slug="coa")
    assert coa.languages_spoken == ["ar", "ti", "nl"]
    [hours] = coa.hours.all()
    assert (hours.weekday, str(hours.opens), str(hours.closes)) == (1, "09:00:00", "12:30:00")
    page = client.get("/en/organizations/coa/").content.decode()
    assert "Monday" in page and "09:00–12:30" in page and "Press 2 for Arabic." in page
    assert "Arabic, Tigrinya, Dutch" in page


def test_unknown_language_codes_and_office_hours_without_an_office_are_refused(client, editor):
    url, data = change_form(client, "coa")
    data["languages_spoken"] = "arabic"
    data["hours-TOTAL_FORMS"] = "1"
    data.update({"hours-0-kind": "office", "hours-0-weekday": "2", "hours-0-opens": "09:00"})
    data["hours-0-closes"] = "17:00"
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not an ISO 639 language code: arabic" in page
    assert "Office hours need the office they are for." in page
    assert not Organization.objects.get(slug="coa").hours.exists()
