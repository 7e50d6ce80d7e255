"""What a black-box probe of the production server found (issue 15), each through the door it used.

1. Only an editor's change to content makes cached pages stale: not a failed login, not an
   anonymous admin POST, not a form that does not validate.
2. A stranger cannot lock an editor out: failures count per username *and* address.
3. Links built from the request path stay on the site, also for `//evil.example/...`.
4. The CSRF failure page is the site's; POST /healthz is 405; a refused `next=` lands on the
   admin index; staticfiles.json is not served; bidi controls in the query are not echoed.
5. X-Forwarded-For counts only behind proxies the settings name (DJANGO_TRUSTED_PROXIES).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from common.cache import content_version
from organizations.models import Organization
from procedures.models import RuleChange
from refugeeguide.middleware import client_ip

from .pages import languages, public_urls

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor password"


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def login(client, password, username="editor", next_url=None, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": next_url or reverse("admin:index")},
        **extra,
    )


def detail(slug="coa"):
    return reverse("organizations:detail", args=[slug])


def served_from_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0


# 1. Who may make pages stale ------------------------------------------------------------------


def test_a_failed_login_leaves_every_cached_page_in_place(client, editor):
    client.get(detail())
    version = content_version()
    response = login(client, "wrong password")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
    assert content_version() == version
    assert served_from_cache(client, detail())


def test_an_anonymous_admin_post_with_a_valid_csrf_token_changes_nothing(client):
    """The probe's curl: a CSRF cookie from the login page, then POST /admin/ (302)."""
    client.get(detail())
    version = content_version()
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("admin:login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(reverse("admin:index"), headers={"x-csrftoken": token})
    assert response.status_code == 302
    assert content_version() == version
    assert served_from_cache(client, detail())


def test_an_editors_form_that_does_not_validate_changes_nothing(client, editor):
    client.get(detail())
    version = content_version()
    client.force_login(editor)
    response = client.post(reverse("admin:organizations_topic_add"), {"name_en": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert content_version() == version


@pytest.fixture
def reviewer():
    """Reviewers publish and record checks (Editors' new entries are drafts)."""
    user = User.objects.create_user("reviewer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


def test_an_editors_real_save_through_the_admin_form_shows_at_once(client, reviewer):
    public = Client()
    # Filtered to its kind: the whole directory has more than one page.
    local = reverse("organizations:list") + "?kind=local-foundation"
    assert "Stichting Voorbeeld" not in public.get(local).content.decode()
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": "Stichting Voorbeeld",
            "slug": "stichting-voorbeeld",
            "kind": "local-foundation",
            "status": "active",
            "is_published": "on",
            "summary_en": "Helps newcomers in Voorbeeld.",
            "sources": "https://example.org/about",
            "locations-TOTAL_FORMS": "0",
            "locations-INITIAL_FORMS": "0",
            "hours-TOTAL_FORMS": "0",
            "hours-INITIAL_FORMS": "0",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "verifications-TOTAL_FORMS": "0",
            "verifications-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Stichting Voorbeeld" in public.get(local).content.decode()


def test_recording_a_check_shows_at_once_and_its_question_page_changes_nothing(client, reviewer):
    """The bulk action: its first POST only asks how; the second records, and the page shows it."""
    public = Client()
    assert "No person has checked this entry yet." in public.get(detail()).content.decode()
    client.force_login(reviewer)
    coa = Organization.objects.get(slug="coa")
    changelist = reverse("admin:organizations_organization_changelist")
    version = content_version()
    asked = client.post(changelist, {"action": "mark_checked_today", "_selected_action": [coa.pk]})
    assert asked.status_code == 200
    assert content_version() == version
    response = client.post(
        changelist,
        {
            "action": "mark_checked_today",
            "_selected_action": [coa.pk],
            "apply": "1",
            "method": "website",
        },
    )
    assert response.status_code == 302
    assert "No person has checked this entry yet." not in public.get(detail()).content.decode()


def test_a_save_makes_pages_stale_again_when_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """Until the commit, other workers read the old rows: a page one of them renders then must
    not outlive it. The admin saves in a transaction, and recording a check updates
    `verified_on` (no signal) after the check's own signal."""
    coa = Organization.objects.get(slug="coa")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        coa.summary = "Now also runs the new welcome desk."
        coa.save()
        during = content_version()  # what a page rendered by another worker now is stored under
    assert content_version() != during


# 2. A stranger cannot lock an editor out ------------------------------------------------------


def test_failures_for_a_username_from_other_addresses_do_not_lock_out_its_owner(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        response = login(client, "wrong password", REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert response.status_code == 200
    response = login(client, PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_address_that_guessed_is_locked_and_the_owner_elsewhere_is_not(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong password", REMOTE_ADDR="198.51.100.1")
    assert login(client, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert login(client, PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302


# 3. Links stay on the site --------------------------------------------------------------------


class Links(HTMLParser):
    """Every address in the page a browser would follow or fetch."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "srcset", "poster") and value:
                self.urls.append((tag, name, value.strip()))


def foreign(urls, allowed=frozenset()):
    """What leaves the site: `//host`, `/\\host`, or another host than the test server."""
    found = []
    for tag, name, url in urls:
        cleaned = re.sub(r"[\t\n\r]", "", url).replace("\\", "/")
        host = urlsplit(cleaned).hostname
        leaves = cleaned.startswith("//") or (host and host != "testserver")
        if leaves and url.rstrip("/") not in allowed:
            found.append((tag, name, url))
    return found


def links_of(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser.urls


@pytest.mark.parametrize("language", ["en", "nl", "ar", "so"])
def test_a_path_that_names_another_host_gives_links_to_this_site_only(client, language):
    """The probe's `curl --path-as-is //evil.example/en/organizations/`, as a raw PATH_INFO."""
    response = client.get("/", PATH_INFO=f"//evil.example/{language}/organizations/")
    assert response.status_code == 404
    urls = links_of(response)
    language_links = [url for tag, name, url in urls if "/organizations/" in url]
    assert len(language_links) >= len(settings.LANGUAGES)
    assert not foreign(urls), foreign(urls)
    assert "evil.example" not in response.content.decode().replace("/evil.example/", "")


def test_the_400_page_for_such_a_path_links_to_this_site_only(client):
    response = client.get("/", PATH_INFO="//evil.example/en/organizations/", HTTP_HOST="bad.host")
    assert response.status_code == 400
    assert not foreign(links_of(response)), foreign(links_of(response))


def test_the_test_clients_own_way_of_sending_such_a_path(client):
    """The test client reads `//evil.example/...` as a host and sends only the path: that must
    hold too, but only the raw PATH_INFO above is what the probe sent."""
    allowed = allowed_external()
    for path in ("//evil.example/en/organizations/", "///evil.example/en/", "/\\evil.example/en/"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert not foreign(links_of(response), allowed), (path, foreign(links_of(response)))


@pytest.mark.parametrize(
    "path, expected",
    [
        ("//evil.example/en/organizations/", "/evil.example/en/organizations/"),
        ("////evil.example/en/", "/evil.example/en/"),
        ("/en/organizations/", "/nl/organizations/"),
        ("/en/organizations/?q=raad", "/nl/organizations/?q=raad"),
    ],
)
def test_a_page_in_another_language_is_always_a_path_on_this_site(rf, path, expected):
    from common.urls import in_language

    request = rf.get("/", PATH_INFO=path.split("?")[0], QUERY_STRING=path.partition("?")[2])
    assert in_language(request, "nl") == expected


def allowed_external():
    allowed = set()
    for organization in Organization.objects.all():
        if organization.website:
            allowed.add(organization.website.rstrip("/"))
        for line in (organization.sources or "").split():
            allowed.add(line.strip().rstrip("/"))
    # The source of each recorded change in the rules, linked from the texts it concerns.
    allowed |= {change.source_url.rstrip("/") for change in RuleChange.objects.all()}
    return allowed


def error_pages(client, language):
    browser = Client(enforce_csrf_checks=True)
    with translation.override(language):
        directory = reverse("organizations:list")
    return {
        "404, //host": client.get("/", PATH_INFO=f"//evil.example/{language}/organizations/"),
        "404": client.get(f"/{language}/no-such-page/"),
        "400": client.get(directory, HTTP_HOST="bad.host"),
        "405": client.post(directory),
        "403 CSRF": browser.post(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE=language),
    }


@pytest.mark.parametrize("language", languages())
def test_no_link_on_any_page_leaves_the_site_but_websites_and_sources(client, language):
    allowed = allowed_external()
    pages = {url: client.get(url) for url in public_urls(language)}
    pages.update(error_pages(client, language))
    external_seen = 0
    for name, response in pages.items():
        assert response.status_code in (200, 400, 403, 404, 405), name
        urls = links_of(response)
        assert urls, name
        assert not foreign(urls, allowed), (name, foreign(urls, allowed))
        external_seen += len(foreign(urls))
    assert external_seen > 0  # the organizations' websites and sources were there


# 4. Smaller things ---------------------------------------------------------------------------


SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
]


@pytest.mark.parametrize(
    "language, words", [("en", "This form could not be sent"), ("nl", "Dit formulier")]
)
def test_a_refused_form_post_gets_the_sites_own_page_in_its_language(language, words):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("admin:login"),
        {"username": "editor", "password": "x"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert words in page
    assert f'<html lang="{language}"' in page
    assert 'class="language-nav"' in page and "/static/css/site.css" in page
    assert "CSRF verification failed" not in page
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_post_to_the_health_check_is_405_not_403():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert browser.get("/healthz").content == b"ok\n"


def test_a_login_with_a_refused_next_lands_on_the_admin_index(client, editor):
    response = login(client, PASSWORD, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_the_static_files_manifest_is_not_served(tmp_path, settings):
    """collectstatic with the production storage into a fresh STATIC_ROOT, then ask for it."""
    from refugeeguide import settings as production

    settings.STORAGES = production.STORAGES
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    assert not (tmp_path / "static" / "staticfiles.json").exists()
    browser = Client()  # a new handler: WhiteNoise reads STATIC_ROOT when it starts
    assert browser.get("/static/staticfiles.json").status_code == 404
    page = browser.get(reverse("procedures:journey")).content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = browser.get(stylesheet)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]


BIDI = ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"]
BIDI += ["\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("control", BIDI)
def test_bidi_controls_typed_into_the_search_are_not_echoed(client, control):
    query = f"raad{control}lanimirc"
    for url in (reverse("organizations:list"), reverse("procedures:journey")):
        response = client.get(url, {"q": query, "kind": f"x{control}y"})
        page = response.content.decode()
        assert response.status_code == 200
        assert control not in page, url
        assert 'value="raadlanimirc"' in page, url
    # The search itself runs on the cleaned text.
    page = client.get(reverse("organizations:list"), {"q": f"ra{control}ad"}).content.decode()
    assert "Raad voor Rechtsbijstand" in page


def test_the_persian_zero_width_non_joiner_is_kept(client):
    page = client.get(reverse("organizations:list"), {"q": "می\u200cخواهم"}).content.decode()
    assert 'value="می\u200cخواهم"' in page


# 5. Who is asking --------------------------------------------------------------------------


def test_a_client_cannot_pick_its_address_by_sending_x_forwarded_for(client, editor):
    """Seven failures from one connection, each with another X-Forwarded-For (and username, so
    that only the address can count them): locked after five."""
    statuses = [
        login(
            client, "guess", username=f"user{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(7)
    ]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}


def test_behind_one_trusted_proxy_the_last_forwarded_address_counts(client, editor, settings):
    settings.TRUSTED_PROXIES = 1
    # The proxy is the connection; what the client wrote before its entry does not matter.
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong password", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7")
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.10").status_code == (
        302
    )


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.5", "192.0.2.1"),
        (1, "", "192.0.2.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.1, 203.0.113.5, 172.16.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "192.0.2.1"),
        (1, "not an address", "192.0.2.1"),
        (1, "10.0.0.1, 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
