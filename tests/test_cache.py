"""Public pages are cached, an editor's save clears them at once, and browsers get 304s."""

import pytest
from django.contrib.auth.models import Group, User
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from organizations.models import Organization

pytestmark = pytest.mark.django_db


def detail(slug="coa"):
    return reverse("organizations:detail", args=[slug])


def test_a_repeat_visit_is_served_from_the_cache_without_the_database(client):
    from django.db import connection

    first = client.get(detail())
    with CaptureQueriesContext(connection) as queries:
        again = client.get(detail())
    assert again.content == first.content
    assert len(queries) == 0


def test_a_browser_that_has_the_page_gets_304_not_modified(client):
    first = client.get(detail())
    assert first["ETag"] and "no-cache" in first["Cache-Control"]
    again = client.get(detail(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_an_orm_save_shows_at_once_with_a_new_etag(client):
    first = client.get(detail())
    coa = Organization.objects.get(slug="coa")
    coa.summary = "Now also runs the new welcome desk."
    coa.save()
    again = client.get(detail(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Now also runs the new welcome desk." in again.content.decode()
    assert again["ETag"] != first["ETag"]
    # Every page that shows it, not only its own.
    assert (
        "Now also runs the new welcome desk."
        in client.get(reverse("organizations:list")).content.decode()
    )


def test_unpublishing_removes_it_from_the_cached_directory_at_once(client):
    directory = reverse("organizations:list")
    assert "Centraal Orgaan opvang asielzoekers" in client.get(directory).content.decode()
    coa = Organization.objects.get(slug="coa")
    coa.is_published = False
    coa.save()
    assert "Centraal Orgaan opvang asielzoekers" not in client.get(directory).content.decode()
    assert client.get(detail()).status_code == 404


def test_an_admin_bulk_action_clears_the_cache_too(client):
    """ "Mark as checked today" is a QuerySet.update(), which sends no signal."""
    page = client.get(detail()).content.decode()
    assert "No person has checked this entry yet." in page
    # Reviewers record checks; the action's own page asks how it was checked.
    user = User.objects.create_user("reviewer", password="a long reviewer pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    editor = type(client)()
    editor.force_login(user)
    coa = Organization.objects.get(slug="coa")
    response = editor.post(
        reverse("admin:organizations_organization_changelist"),
        {
            "action": "mark_checked_today",
            "_selected_action": [coa.pk],
            "apply": "1",
            "method": "website",
        },
    )
    assert response.status_code == 302
    assert "No person has checked this entry yet." not in client.get(detail()).content.decode()


def test_changing_a_many_to_many_link_clears_the_cache(client):
    from organizations.models import Topic

    url = reverse("organizations:list") + "?topic=detention"
    assert "Centraal Orgaan opvang asielzoekers" not in client.get(url).content.decode()
    Organization.objects.get(slug="coa").topics.add(Topic.objects.get(slug="detention"))
    assert "Centraal Orgaan opvang asielzoekers" in client.get(url).content.decode()


def test_pages_in_different_languages_are_cached_apart(client):

    with translation.override("en"):
        english = client.get(reverse("procedures:journey"))
    with translation.override("nl"):
        dutch = client.get(reverse("procedures:journey"))
    assert english.status_code == dutch.status_code == 200
    assert (
        'lang="nl"' in dutch.content.decode()
        or english.request["PATH_INFO"] == (dutch.request["PATH_INFO"])
    )


def test_a_page_from_the_cache_carries_every_header_of_a_fresh_one(client):
    fresh = client.get(detail())
    cached = client.get(detail())
    assert cached.content == fresh.content
    for header in [
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "ETag",
    ]:
        assert cached[header] == fresh[header], header
    assert not cached.cookies


def test_what_is_not_a_public_page_is_never_cached(client):
    from django.contrib.auth.models import User

    user = User.objects.create_user("ed", password="a long editor password", is_staff=True)
    client.force_login(user)
    first = client.get(reverse("admin:index"))
    assert "ETag" not in first
    assert client.get("/healthz").content == b"ok\n"
    assert "ETag" not in client.get("/healthz")
