"""Every save leaves a history row; a Reviewer can restore an old version or a deleted entry."""

import pytest
from django.utils import translation

from common.cache import content_version
from glossary.models import Term
from organizations.models import Location, Organization
from procedures.models import Role, Stage, Step
from workflow.history import changes

from .admin_form import form_data

pytestmark = pytest.mark.django_db

CHANGE = "/admin/organizations/organization/{}/change/"


def save_through_admin(client, organization, **changes):
    data = form_data(client.get(CHANGE.format(organization.pk)), "organization_form")
    data.update(changes)
    response = client.post(CHANGE.format(organization.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_every_tracked_model_keeps_history_with_every_translation():
    for model in [Organization, Location, Stage, Step, Role, Term]:
        assert model.history.model._meta.app_label == "workflow"
    columns = {field.name for field in Organization.history.model._meta.fields}
    assert {"summary_en", "summary_ar", "summary_so", "phone"} <= columns


def test_an_admin_save_records_who_changed_what(client, reviewer):
    client.force_login(reviewer)
    coa = Organization.objects.get(slug="coa")
    save_through_admin(client, coa, phone="088 000 0000")
    newest = coa.history.latest()
    assert newest.history_user == reviewer
    assert newest.phone == "088 000 0000"
    assert [change.field for change in changes(newest, newest.prev_record)] == ["phone"]
    page = client.get(f"/admin/organizations/organization/{coa.pk}/history/").content.decode()
    assert "088 000 0000" in page and "reviewer" in page


def test_restoring_a_version_brings_back_every_language_and_clears_the_page_cache(client, reviewer):
    client.force_login(reviewer)
    coa = Organization.objects.get(slug="coa")
    old_arabic = coa.summary_ar
    assert old_arabic
    save_through_admin(client, coa, summary_ar="نص خاطئ", phone="099 999 9999")
    coa.refresh_from_db()
    assert coa.summary_ar == "نص خاطئ"
    with translation.override("ar"):
        assert "نص خاطئ" in client.get("/ar/organizations/coa/").content.decode()

    before_the_mistake = coa.history.order_by("history_id").first()
    assert before_the_mistake.summary_ar == old_arabic
    restore = f"/admin/organizations/organization/{coa.pk}/history/{before_the_mistake.pk}/"
    data = form_data(client.get(restore), "historicalorganization_form")
    version = content_version()
    response = client.post(restore, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert content_version() != version
    coa.refresh_from_db()
    assert coa.summary_ar == old_arabic and coa.phone != "099 999 9999"
    page = client.get("/ar/organizations/coa/").content.decode()
    assert old_arabic in page and "نص خاطئ" not in page
    assert coa.history.count() == 3  # the baseline, the mistake, the restore


def test_a_deleted_entry_can_be_recovered(client, admin_client):
    term = Term.objects.get(slug="aanmeldgehoor")
    explanation = term.explanation_en
    term.delete()
    page = admin_client.get("/admin/workflow/verification/deleted/").content.decode()
    assert "aanmeldgehoor" in page
    record = Term.history.filter(slug="aanmeldgehoor", history_type="-").get()
    restore = f"/admin/glossary/term/{record.id}/history/{record.history_id}/"
    assert restore in page
    response = admin_client.post(
        restore, form_data(admin_client.get(restore), "historicalterm_form")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Term.objects.get(slug="aanmeldgehoor").explanation_en == explanation
    still_deleted = admin_client.get("/admin/workflow/verification/deleted/").context["entries"]
    assert restore not in [entry.restore_url for entry in still_deleted]


def test_restoring_an_office_whose_organization_was_deleted_says_so(admin_client):
    organization = Organization.objects.create(name="Stichting Weg", slug="weg", kind="non-profit")
    office = Location.objects.create(organization=organization, name="Kantoor", city="Utrecht")
    record = office.history.latest()
    organization.delete()
    restore = f"/admin/organizations/location/{office.pk}/history/{record.history_id}/"
    page = admin_client.get(restore)
    assert page.status_code == 200
    assert "belongs to an entry that was deleted" in page.content.decode()
    data = form_data(page, "historicallocation_form")
    response = admin_client.post(restore, data)
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not Location.objects.filter(pk=office.pk).exists()
