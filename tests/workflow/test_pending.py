"""An Editor's change to a published entry waits for a Reviewer: invisible until approved."""

import pytest
from django.core.cache import cache
from django.test import Client

from common.cache import VERSION_KEY
from glossary.models import Term
from organizations.models import Organization
from workflow.models import PendingChange
from workflow.resources import OrganizationResource

from .admin_form import form_data

pytestmark = pytest.mark.django_db

CHANGE = "/admin/organizations/organization/{}/change/"
NEW_PHONE = "088 999 1234"
NEW_SUMMARY = "A proposed summary nobody has approved: quokkaproposal."
COA = "Centraal Orgaan opvang asielzoekers"
FOUND = "/en/search/?q=quokkaproposal"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def propose(client, slug="coa", **changes):
    organization = Organization.objects.get(slug=slug)
    url = CHANGE.format(organization.pk)
    data = form_data(client.get(url), "organization_form")
    data.update(changes)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response


def history_rows():
    return sum(model.history.count() for model in [Organization, Term])


def visible_anywhere(client, text):
    """Where a visitor could meet `text`: the page, search, the feeds and the CSV export."""
    places = [
        client.get("/en/organizations/coa/").content.decode(),
        client.get("/ar/organizations/coa/").content.decode(),
        client.get("/en/updates/").content.decode(),
        client.get("/en/updates/feed/").content.decode(),
        client.get("/en/updates/organizations/coa/feed/").content.decode(),
        OrganizationResource().export().csv,
    ]
    # Search marks the words it found, so look for the entry its one new word finds.
    found = COA in client.get(FOUND).content.decode()
    return [text in place for place in places] + [found]


def test_a_pending_change_is_invisible_until_a_reviewer_approves_it(editor, reviewer):
    visitor = Client()
    assert NEW_PHONE not in visitor.get("/en/organizations/coa/").content.decode()  # cached now
    page = propose(logged_in(editor), phone=NEW_PHONE, summary_en=NEW_SUMMARY)
    assert "waits for a Reviewer" in page.content.decode()
    pending = PendingChange.objects.get()
    assert (pending.created_by, pending.status) == (editor, "waiting")
    assert "csrfmiddlewaretoken" not in pending.data
    coa = Organization.objects.get(slug="coa")
    assert coa.phone != NEW_PHONE and coa.summary_en != NEW_SUMMARY
    assert not any(visible_anywhere(visitor, NEW_PHONE))
    assert not any(visible_anywhere(visitor, NEW_SUMMARY))

    # The Reviewer's queue: counted on the index, the differences field by field.
    desk = logged_in(reviewer)
    index = desk.get("/admin/").content.decode()
    assert "1 change waiting for a Reviewer" in index
    review = desk.get(f"/admin/workflow/pendingchange/{pending.pk}/change/").content.decode()
    assert "phone" in review and NEW_PHONE in review and "088 715 7000" in review
    assert NEW_SUMMARY in review and "Approve and publish" in review

    # The preview is the page a visitor will see, in any language, and leaves nothing behind.
    version, rows = cache.get(VERSION_KEY), history_rows()
    preview = desk.get(f"/admin/workflow/pendingchange/{pending.pk}/preview/ar/")
    assert preview.status_code == 200 and preview["X-Robots-Tag"] == "noindex"
    assert "no-cache" in preview["Cache-Control"] or "no-store" in preview["Cache-Control"]
    html = preview.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and NEW_PHONE in html
    assert (cache.get(VERSION_KEY), history_rows()) == (version, rows)
    assert not any(visible_anywhere(visitor, NEW_PHONE))
    assert Organization.objects.get(slug="coa").phone != NEW_PHONE

    # Approved: live at once, the page cache cleared, the history names both people.
    response = desk.post(f"/admin/workflow/pendingchange/{pending.pk}/approve/", follow=True)
    assert "is live" in response.content.decode()
    assert Organization.objects.get(slug="coa").phone == NEW_PHONE
    assert NEW_PHONE in visitor.get("/en/organizations/coa/").content.decode()
    record = Organization.history.filter(slug="coa").latest("history_id")
    assert record.history_user == editor
    assert f"approved by {reviewer.username}" in record.history_change_reason
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("approved", reviewer)
    assert (
        "phone number changed"
        in visitor.get("/en/updates/organizations/coa/feed/").content.decode()
    )


def test_a_rejected_change_tells_the_editor_why(editor, reviewer):
    writer = logged_in(editor)
    propose(writer, phone=NEW_PHONE)
    pending = PendingChange.objects.get()
    desk = logged_in(reviewer)
    url = f"/admin/workflow/pendingchange/{pending.pk}/reject/"
    assert "Say why" in desk.post(url, {"reason": ""}, follow=True).content.decode()
    desk.post(url, {"reason": "The COA number on its website is still the old one."})
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert Organization.objects.get(slug="coa").phone != NEW_PHONE
    page = writer.get(CHANGE.format(pending.object_id)).content.decode()
    assert "was rejected" in page and "still the old one" in page
    # Decided once: approving it now does nothing.
    desk.post(f"/admin/workflow/pendingchange/{pending.pk}/approve/")
    assert Organization.objects.get(slug="coa").phone != NEW_PHONE


def test_approving_a_change_made_on_an_old_version_is_refused_with_what_changed(editor, reviewer):
    propose(logged_in(editor), summary_en=NEW_SUMMARY)
    pending = PendingChange.objects.get()
    desk = logged_in(reviewer)
    propose(desk, phone="088 111 2222")  # a Reviewer's own edit goes live at once
    assert Organization.objects.get(slug="coa").phone == "088 111 2222"
    review = desk.get(f"/admin/workflow/pendingchange/{pending.pk}/change/").content.decode()
    assert "NOT saved" in review and "088 111 2222" in review
    response = desk.post(f"/admin/workflow/pendingchange/{pending.pk}/approve/", follow=True)
    assert "Not approved, nothing was changed" in response.content.decode()
    coa = Organization.objects.get(slug="coa")
    assert (coa.phone, coa.summary_en != NEW_SUMMARY) == ("088 111 2222", True)
    assert PendingChange.objects.get().status == "waiting"


def test_an_office_change_waits_with_the_organization(editor, reviewer):
    writer = logged_in(editor)
    coa = Organization.objects.get(slug="coa")
    office = coa.locations.first()
    data = form_data(writer.get(CHANGE.format(coa.pk)), "organization_form")
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(office.pk)
    )
    data[f"locations-{index}-name_en"] = "Proposed office name"
    writer.post(CHANGE.format(coa.pk), data)
    office.refresh_from_db()
    assert office.name_en != "Proposed office name"
    pending = PendingChange.objects.get()
    review = logged_in(reviewer).get(f"/admin/workflow/pendingchange/{pending.pk}/change/")
    assert "Proposed office name" in review.content.decode()
    logged_in(reviewer).post(f"/admin/workflow/pendingchange/{pending.pk}/approve/")
    office.refresh_from_db()
    assert office.name_en == "Proposed office name"


def test_an_editors_change_to_a_draft_is_saved_at_once(editor):
    Organization.objects.filter(slug="coa").update(is_published=False)
    propose(logged_in(editor), phone=NEW_PHONE)
    assert Organization.objects.get(slug="coa").phone == NEW_PHONE
    assert not PendingChange.objects.exists()


def test_a_glossary_change_waits_too(editor, reviewer):
    writer = logged_in(editor)
    term = Term.objects.get(slug="aanmeldgehoor")
    url = f"/admin/glossary/term/{term.pk}/change/"
    data = form_data(writer.get(url), "term_form")
    data["explanation_en"] = "A proposed explanation."
    writer.post(url, data)
    assert "A proposed explanation." not in Client().get("/en/glossary/").content.decode()
    pending = PendingChange.objects.get()
    preview = logged_in(reviewer).get(f"/admin/workflow/pendingchange/{pending.pk}/preview/en/")
    assert "A proposed explanation." in preview.content.decode()
    assert "A proposed explanation." not in Client().get("/en/glossary/").content.decode()


def test_an_editor_cannot_approve_reject_restore_or_delete_what_is_live(editor):
    writer = logged_in(editor)
    propose(writer, phone=NEW_PHONE)
    pending = PendingChange.objects.get()
    assert writer.post(f"/admin/workflow/pendingchange/{pending.pk}/approve/").status_code == 403
    assert writer.post(f"/admin/workflow/pendingchange/{pending.pk}/reject/").status_code == 403
    coa = Organization.objects.get(slug="coa")
    coa.save()
    coa.save()
    version = Organization.history.filter(slug="coa").earliest("history_id").history_id
    restore = f"/admin/organizations/organization/{coa.pk}/history/{version}/"
    assert writer.post(restore, {}).status_code == 403
    office = coa.locations.first()
    assert writer.get(f"/admin/organizations/location/{office.pk}/delete/").status_code == 403
    assert writer.get("/admin/procedures/step/").status_code == 200


def test_bad_ids_and_methods_are_clear_4xx(reviewer):
    desk = logged_in(reviewer)
    assert desk.get("/admin/workflow/pendingchange/999/change/").status_code == 404
    assert desk.get("/admin/workflow/pendingchange/abc/change/").status_code in (302, 404)
    assert desk.get("/admin/workflow/pendingchange/999/approve/").status_code == 404
    assert desk.post("/admin/workflow/pendingchange/999/preview/en/").status_code == 404
    assert desk.get("/admin/workflow/pendingchange/add/").status_code == 403
    propose(desk, phone=NEW_PHONE)  # a Reviewer's edit: no pending change
    assert not PendingChange.objects.exists()


def test_a_preview_leaves_no_hook_behind(editor, reviewer, django_capture_on_commit_callbacks):
    """Search indexing and the page cache's second bump run on commit: a rolled-back preview
    registers none that survive, so nothing of it reaches the search index or the cache."""
    from search.models import Document

    propose(logged_in(editor), summary_en=NEW_SUMMARY)
    pending = PendingChange.objects.get()
    desk = logged_in(reviewer)
    documents = list(Document.objects.values_list("pk", flat=True).order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert (
            NEW_SUMMARY
            in desk.get(f"/admin/workflow/pendingchange/{pending.pk}/preview/en/").content.decode()
        )
        desk.get(f"/admin/workflow/pendingchange/{pending.pk}/change/")
    assert callbacks == []
    assert list(Document.objects.values_list("pk", flat=True).order_by("pk")) == documents
    assert COA not in Client().get(FOUND).content.decode()
    # Whereas approving it registers them (and runs them here): the test can see a leak.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        desk.post(f"/admin/workflow/pendingchange/{pending.pk}/approve/")
    assert callbacks
    assert COA in Client().get(FOUND).content.decode()


def test_an_editors_new_glossary_term_waits_and_is_previewed(editor, reviewer):
    writer = logged_in(editor)
    data = form_data(writer.get("/admin/glossary/term/add/"), "term_form")
    data.update(term="Wachtkamer", slug="wachtkamer", explanation_en="A proposed new word.")
    response = writer.post("/admin/glossary/term/add/", data, follow=True)
    assert "waits for a Reviewer" in response.content.decode()
    assert not Term.objects.filter(slug="wachtkamer").exists()
    assert "Wachtkamer" not in Client().get("/en/glossary/").content.decode()
    pending = PendingChange.objects.get()
    assert pending.object_id is None and pending.entry_name == "new term: Wachtkamer"
    desk = logged_in(reviewer)
    review = desk.get(f"/admin/workflow/pendingchange/{pending.pk}/change/").content.decode()
    assert "a new entry" in review and "A proposed new word." in review
    preview = desk.get(f"/admin/workflow/pendingchange/{pending.pk}/preview/en/")
    assert "Wachtkamer" in preview.content.decode()
    assert not Term.objects.filter(slug="wachtkamer").exists()
    desk.post(f"/admin/workflow/pendingchange/{pending.pk}/approve/")
    term = Term.objects.get(slug="wachtkamer")
    pending.refresh_from_db()
    assert (pending.status, pending.object_id) == ("approved", term.pk)
    assert "Wachtkamer" in Client().get("/en/glossary/").content.decode()
    assert term.history.get().history_user == editor


def test_an_editors_new_office_waits_for_a_published_organization_only(editor):
    writer = logged_in(editor)
    add = "/admin/organizations/location/add/"
    for slug, waits in [("coa", True), ("ind", False)]:
        organization = Organization.objects.get(slug=slug)
        if not waits:
            Organization.objects.filter(pk=organization.pk).update(is_published=False)
        data = form_data(writer.get(add), "location_form")
        data.update(organization=str(organization.pk), name_en="Proposed office", kind="office")
        response = writer.post(add, data, follow=True)
        assert response.status_code == 200
        assert organization.locations.filter(name_en="Proposed office").exists() != waits
    assert PendingChange.objects.count() == 1


def test_a_change_to_an_entry_with_opening_hours_is_approved_with_them(editor, reviewer):
    """The hours inline reads the organization's id from the page's address: the replay posts
    to the entry's own change page, so its offices are valid choices there too."""
    ind = Organization.objects.get(slug="ind")
    hours = sorted(ind.hours.values_list("weekday", "opens", "closes"))
    assert hours
    propose(logged_in(editor), slug="ind", phone_note_en="Proposed note on phoning.")
    pending = PendingChange.objects.get()
    response = logged_in(reviewer).post(
        f"/admin/workflow/pendingchange/{pending.pk}/approve/", follow=True
    )
    assert "is live" in response.content.decode(), response.content.decode()[-3000:]
    ind.refresh_from_db()
    assert ind.phone_note_en == "Proposed note on phoning."
    assert sorted(ind.hours.values_list("weekday", "opens", "closes")) == hours
