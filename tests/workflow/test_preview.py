"""A draft is previewed exactly as a visitor would see it, in any language, and stays private."""

import pytest
from django.test import Client

from organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return Organization.objects.create(
        name="Stichting Concept",
        slug="concept",
        kind="non-profit",
        is_published=False,
        summary_en="Helps with drafts.",
        summary_ar="تساعد في المسودات.",
    )


def preview_url(organization, language):
    return f"/admin/organizations/organization/{organization.pk}/preview/{language}/"


def test_an_editor_previews_a_draft_in_any_language(client, editor, draft):
    client.force_login(editor)
    page = client.get(preview_url(draft, "ar"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and "تساعد في المسودات." in html
    assert "هذه معاينة للمحررين" in html
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert "Helps with drafts." in client.get(preview_url(draft, "en")).content.decode()
    # The public page does not exist yet, and the preview is not in the page cache.
    assert Client().get("/en/organizations/concept/").status_code == 404
    assert Client().get(preview_url(draft, "en")).status_code == 302


def test_the_change_form_links_the_previews(client, editor, draft):
    client.force_login(editor)
    page = client.get(f"/admin/organizations/organization/{draft.pk}/change/").content.decode()
    assert preview_url(draft, "ti") in page


def test_an_unknown_language_or_entry_is_a_404(client, editor, draft):
    client.force_login(editor)
    assert client.get(preview_url(draft, "xx")).status_code == 404
    assert client.get("/admin/organizations/organization/999999/preview/en/").status_code == 404
