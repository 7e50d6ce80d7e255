"""The Reviewer's list of entries due for review, and its counts on the admin index."""

import datetime

import pytest
from django.utils import timezone

from organizations.models import Organization
from workflow.selectors import due_for_review

pytestmark = pytest.mark.django_db


def test_never_checked_and_long_ago_checked_entries_are_due_oldest_first(settings):
    settings.REVIEW_AFTER_DAYS = 180
    today = timezone.localdate()
    Organization.objects.update(verified_on=today)
    Organization.objects.filter(slug="coa").update(verified_on=None)
    Organization.objects.filter(slug="ind").update(verified_on=today - datetime.timedelta(days=181))
    Organization.objects.filter(slug="vluchtelingenwerk").update(
        verified_on=today - datetime.timedelta(days=179)
    )
    assert [item.entry.slug for item in due_for_review()] == ["coa", "ind"]


def test_the_admin_index_counts_and_the_due_page_lists_them(client, reviewer):
    Organization.objects.update(verified_on=timezone.localdate())
    Organization.objects.filter(slug="coa").update(verified_on=None)
    client.force_login(reviewer)
    index = client.get("/admin/").content.decode()
    assert "1 never checked" in index and "0 open reports" in index
    page = client.get("/admin/workflow/verification/due/").content.decode()
    assert "Centraal Orgaan opvang asielzoekers" in page and "never checked by a person" in page


def test_the_command_lists_what_is_due_and_mails_the_reviewers(mailoutbox, reviewer):
    from io import StringIO

    from django.core.management import call_command

    reviewer.email = "reviewer@example.org"
    reviewer.save()
    Organization.objects.update(verified_on=timezone.localdate())
    Organization.objects.filter(slug="coa").update(verified_on=None)
    out = StringIO()
    call_command("due_for_review", stdout=out)
    assert "Centraal Orgaan opvang asielzoekers (COA): never checked by a person" in out.getvalue()
    [mail] = mailoutbox
    assert mail.to == ["reviewer@example.org"]
    assert "1 entries are due" in mail.body and "Centraal Orgaan" in mail.body
    assert "0 proposed change(s) by Editors wait for a Reviewer." in mail.body
