"""Editors write, Reviewers also publish and record checks; neither manages people."""

import pytest
from django.contrib.auth.models import Group

from organizations.models import Organization

from .admin_form import form_data

pytestmark = pytest.mark.django_db

CHANGE = "/admin/organizations/organization/{}/change/"


def codenames(group):
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_both_groups_exist_and_manage_no_users_or_groups():
    for group in ["Editors", "Reviewers"]:
        names = codenames(group)
        assert not any(name.endswith(("_user", "_group", "_permission")) for name in names)
        assert "delete_organization" not in names
        assert {"change_organization", "view_report"} <= names


def test_only_reviewers_publish_record_checks_and_handle_reports():
    reviewer_only = {"publish_organization", "verify_organization", "change_report"}
    assert not reviewer_only & codenames("Editors")
    assert reviewer_only <= codenames("Reviewers")


def test_an_editor_cannot_publish_an_entry(client, editor):
    draft = Organization.objects.get(slug="coa")
    Organization.objects.filter(pk=draft.pk).update(is_published=False)
    client.force_login(editor)
    page = client.get(CHANGE.format(draft.pk))
    data = form_data(page, "organization_form")
    assert "is_published" not in data  # shown, but not as a field the editor can change
    data["is_published"] = "on"  # a hand-made POST does not publish either
    response = client.post(CHANGE.format(draft.pk), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published


def test_an_editors_new_entry_is_a_draft_until_a_reviewer_publishes_it(client, editor, reviewer):
    client.force_login(editor)
    data = form_data(client.get("/admin/organizations/organization/add/"), "organization_form")
    data.update(
        name="Stichting Concept",
        slug="stichting-concept",
        kind="local-foundation",
        status="active",
        summary_en="Helps newcomers with drafts.",
    )
    assert client.post("/admin/organizations/organization/add/", data).status_code == 302
    entry = Organization.objects.get(slug="stichting-concept")
    assert not entry.is_published
    assert client.get("/en/organizations/stichting-concept/").status_code == 404

    client.force_login(reviewer)
    data = form_data(client.get(CHANGE.format(entry.pk)), "organization_form")
    data["is_published"] = "on"
    assert client.post(CHANGE.format(entry.pk), data).status_code == 302
    page = client.get("/en/organizations/stichting-concept/").content.decode()
    assert "Helps newcomers with drafts." in page


def test_an_editor_cannot_delete_an_organization_or_add_users(client, editor):
    client.force_login(editor)
    coa = Organization.objects.get(slug="coa")
    assert client.get(f"/admin/organizations/organization/{coa.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_an_editor_cannot_record_a_check(client, editor):
    client.force_login(editor)
    ind = Organization.objects.get(slug="ind")
    client.post(
        "/admin/organizations/organization/",
        {
            "action": "mark_checked_today",
            "_selected_action": [ind.pk],
            "apply": "1",
            "method": "phone",
        },
    )
    ind.refresh_from_db()
    assert ind.verified_on is None
    assert client.get("/admin/workflow/verification/add/").status_code == 403


def test_anonymous_visitors_reach_no_admin_page(client):
    for url in [
        "/admin/",
        "/admin/workflow/verification/due/",
        "/admin/workflow/verification/deleted/",
        "/admin/reports/report/",
        "/admin/organizations/organization/1/history/",
        "/admin/organizations/organization/1/preview/en/",
        "/admin/procedures/stage/1/preview/ar/",
        "/admin/glossary/term/1/preview/en/",
        "/admin/workflow/pendingchange/",
        "/admin/workflow/pendingchange/1/change/",
        "/admin/workflow/pendingchange/1/preview/en/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_anonymous_posts_to_the_review_routes_change_nothing(client):
    for url in [
        "/admin/workflow/pendingchange/1/approve/",
        "/admin/workflow/pendingchange/1/reject/",
    ]:
        response = client.post(url, {"reason": "x"})
        assert response.status_code in (302, 403), url
