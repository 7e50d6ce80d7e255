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


def test_stages_steps_and_terms_are_previewed_as_visitors_see_them(client, editor):
    from glossary.models import Term
    from procedures.models import Stage, Step

    client.force_login(editor)
    stage = Stage.objects.get(slug="after-decision")
    step = Step.objects.get(stage=stage, slug="housing")
    term = Term.objects.get(slug="aanmeldgehoor")
    for obj, language, expected in [
        (stage, "ar", stage.title_ar),
        (step, "fa", step.title_fa),
        (term, "nl", term.explanation_nl),
    ]:
        opts = obj._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/preview/{language}/"
        page = client.get(url)
        assert page.status_code == 200, url
        assert page["X-Robots-Tag"] == "noindex" and "X-Cache" not in page
        assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
        html = page.content.decode()
        assert f'<html lang="{language}"' in html and expected.split("\n")[0][:40] in html
        change = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")
        assert url in change.content.decode()
        assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert client.get(f"/admin/procedures/stage/{stage.pk}/preview/xx/").status_code == 404
    assert client.get("/admin/procedures/stage/999999/preview/en/").status_code == 404


def test_a_preview_needs_permission_to_view_the_entry(client):
    from django.contrib.auth.models import User

    from procedures.models import Stage

    stranger = User.objects.create_user("stranger", password="a long password here", is_staff=True)
    client.force_login(stranger)
    stage = Stage.objects.get(slug="after-decision")
    assert client.get(f"/admin/procedures/stage/{stage.pk}/preview/en/").status_code == 403
