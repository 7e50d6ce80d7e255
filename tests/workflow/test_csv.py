"""Bulk corrections by CSV: a preview of every change, all or nothing, recorded in history."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import Organization
from workflow.resources import OrganizationResource

pytestmark = pytest.mark.django_db

IMPORT = "/admin/organizations/organization/import/"
CONFIRM = "/admin/organizations/organization/process_import/"


def exported_rows():
    text = OrganizationResource().export().csv
    return list(csv.DictReader(io.StringIO(text)))


def as_csv(rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def upload(client, content):
    return client.post(
        IMPORT,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("organizations.csv", content, "text/csv"),
        },
    )


def hidden_fields(page):
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page))


def test_the_export_holds_every_organization_with_its_offices():
    rows = {row["slug"]: row for row in exported_rows()}
    assert len(rows) == Organization.objects.count()
    assert "Postbus 30203" in rows["coa"]["offices (read only)"]


def test_a_good_file_is_previewed_then_applied_and_recorded(client, reviewer):
    client.force_login(reviewer)
    rows = exported_rows()
    for row in rows:
        if row["slug"] == "coa":
            row["phone"] = "088 999 9999"
    preview = upload(client, as_csv(rows))
    page = preview.content.decode()
    assert preview.status_code == 200
    updates = [row for row in preview.context["result"].rows if row.import_type == "update"]
    assert len(updates) == 1 and "999" in " ".join(str(cell) for cell in updates[0].diff)
    assert "Update" in page  # the preview lists the change
    assert Organization.objects.get(slug="coa").phone != "088 999 9999"  # only a preview
    confirm = {k: v for k, v in hidden_fields(page).items() if k != "csrfmiddlewaretoken"}
    assert "import_file_name" in confirm
    response = client.post(CONFIRM, confirm)
    assert response.status_code == 302
    coa = Organization.objects.get(slug="coa")
    assert coa.phone == "088 999 9999"
    assert coa.history.latest().history_user == reviewer


def test_a_file_with_one_bad_row_is_refused_whole(client, reviewer):
    client.force_login(reviewer)
    rows = exported_rows()
    for row in rows:
        if row["slug"] == "coa":
            row["phone"] = "088 999 9999"
        if row["slug"] == "ind":
            row["kind"] = "spaceship"
            row["email"] = "not an address"
    page = upload(client, as_csv(rows)).content.decode()
    assert "Some rows failed to validate" in page
    assert "is not a valid choice" in page
    assert "Enter a valid email address" in page
    assert 'name="import_file_name"' not in page  # nothing to confirm
    assert Organization.objects.get(slug="coa").phone != "088 999 9999"


def test_a_file_in_another_encoding_or_with_wrong_columns_gets_a_clear_message(client, reviewer):
    client.force_login(reviewer)
    rows = exported_rows()
    for row in rows:
        row["summary_en"] = "Café à côté"
    response = upload(client, as_csv(rows, encoding="latin-1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "not saved as UTF-8" in page and "CSV UTF-8" in page
    assert 'name="import_file_name"' not in page

    response = upload(client, b"name;telephone\nCOA;088\n")
    assert response.status_code == 200
    assert "slug" in response.content.decode()
    assert 'name="import_file_name"' not in response.content.decode()
    assert Organization.objects.get(slug="coa").summary_en != "Café à côté"


def test_an_editor_may_export_but_not_import(client, editor):
    client.force_login(editor)
    assert client.get(IMPORT).status_code == 403
    assert client.get("/admin/organizations/organization/export/").status_code == 200
