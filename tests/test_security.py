"""Security headers, a strict CSP, no cookies for visitors, a locked admin, inert editor input,
and no request to any other host."""

import importlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.templatetags.static import static
from django.urls import clear_url_caches, resolve, reverse
from django.urls.exceptions import Resolver404

from common.cache import invalidate
from organizations.models import Location, Municipality, Organization, Topic
from procedures.models import Role, Stage, Step

from .forms import form_data
from .pages import languages, public_urls

pytestmark = pytest.mark.django_db


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# Headers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["journey", "directory", "organization", "login", "missing"])
def test_every_response_sends_the_security_headers(client, page):
    urls = {
        "journey": reverse("procedures:journey"),
        "directory": reverse("organizations:list"),
        "organization": reverse("organizations:detail", args=["coa"]),
        "login": reverse("admin:login"),
        "missing": reverse("organizations:detail", args=["no-such-organization"]),
    }
    response = client.get(urls[page], secure=True)
    assert response.status_code in (200, 404)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = csp_directives(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"][0] == "'self'"
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # HSTS in production (debug off, as the tests run): a year, subdomains too.
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "includeSubDomains" in hsts


def test_the_health_check_and_errors_get_the_policy_too(client):
    assert "default-src 'none'" in client.get(reverse("healthz"))["Content-Security-Policy"]
    response = client.post(reverse("organizations:list"))
    assert response.status_code == 405
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_page_that_asks_for_a_nonce_gets_it_in_its_policy(rf):
    """The admin may need an inline script one day: it gets a nonce, never unsafe-inline."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    request = rf.get("/")

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    response = CSPMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in csp_directives(response)["script-src"]


# Cookies ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_anonymous_public_pages_set_no_cookie_and_do_not_vary_on_it(client, language):
    for url in public_urls(language, organizations=["coa", "ind"]):
        for attempt in ("first visit", "from the cache"):
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, attempt)
            assert not response.cookies, (url, attempt, response.cookies)
            assert "Set-Cookie" not in response
            assert "cookie" not in response.get("Vary", "").lower(), (url, response["Vary"])


# The admin -------------------------------------------------------------------------------------


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password="a long editor password", is_staff=True)


def login(client, password, username="editor", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        secure=True,
        **extra,
    )


def test_admin_login_is_locked_after_repeated_failures(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "wrong password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = login(client, "wrong password")
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    # Now even the right password is refused from this address ...
    response = login(client, "a long editor password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but not from the editor's own: a username is never locked for everyone (issue 15).
    response = login(client, "a long editor password", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302


def test_failures_spread_over_usernames_lock_the_address(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "guess", username=f"user{n}")
    assert login(client, "a long editor password").status_code == 429


def test_a_successful_login_resets_the_count(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong password")
    assert login(client, "a long editor password").status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong password").status_code == 200


def test_session_cookie_is_secure_and_httponly_in_production(client, editor):
    response = login(client, "a long editor password")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"]


def test_the_admin_url_is_configurable(settings):
    import refugeeguide.urls

    settings.ADMIN_URL = "office-7d1f/"
    try:
        urlconf = importlib.reload(refugeeguide.urls)
        assert resolve("/office-7d1f/login/", urlconf=urlconf).url_name == "login"
        with pytest.raises(Resolver404):
            resolve("/admin/login/", urlconf=urlconf)
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(refugeeguide.urls)
        clear_url_caches()


# Editor input is inert -----------------------------------------------------------------------

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "event handler": '"><img src=x onerror=alert(1)>',
    "javascript: URL": "javascript:alert(1)",
}


def text_fields(model):
    """Every field an editor can type into: char, text, URL and e-mail fields, in every language."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField)
    ]


def fill(model, pk, payload):
    values = {}
    for field in text_fields(model):
        value = payload
        if field.max_length and len(value) > field.max_length:
            value = payload[: field.max_length]
        values[field.name] = value
    model.objects.filter(pk=pk).update(**values)
    return values


def content_models():
    return [m for m in apps.get_models() if m._meta.app_label in settings.PUBLIC_CONTENT_APPS]


class Inspector(HTMLParser):
    """Collects what would run: scripts, event handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        # The one script the site has (offline reading) is its own file, named by the template.
        # JSON-LD is a data block that browsers never run (checked for escaping in
        # tests/organizations/test_exports.py).
        if (
            tag == "script"
            and dict(attrs).get("src") != static("js/offline.js")
            and dict(attrs).get("type") != "application/ld+json"
        ):
            self.problems.append(f"<script> element: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "srcset", "data") and value:
                cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")


@pytest.mark.parametrize("kind", PAYLOADS)
def test_every_editor_field_is_inert_on_every_public_page(client, kind):
    payload = PAYLOADS[kind]
    coa = Organization.objects.get(slug="coa")
    role = Role.objects.filter(organization=coa).first()
    filled = {
        Organization: coa.pk,
        Location: Location.objects.filter(organization=coa).first().pk,
        Role: role.pk,
        Stage: role.stage_id,
        Step: Step.objects.filter(stage_id=role.stage_id).first().pk,
        Topic: coa.topics.first().pk if coa.topics.exists() else Topic.objects.first().pk,
        Municipality: Municipality.objects.get(slug="rotterdam").pk,
    }
    coa.topics.add(filled[Topic])
    coa.municipalities.add(filled[Municipality])
    for model in content_models():
        if model not in filled and text_fields(model) and model.objects.exists():
            filled[model] = model.objects.first().pk
    fields = 0
    for model, pk in filled.items():
        fields += len(fill(model, pk, payload))
    assert fields > 40  # every translated variant too
    invalidate()  # QuerySet.update() sends no signal

    shown = 0
    for language in languages():
        for url in public_urls(language, organizations=["coa"]):
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            inspector = Inspector()
            inspector.feed(page)
            assert not inspector.problems, (url, inspector.problems)
            assert payload not in page or kind == "javascript: URL", url
            shown += page.count("&lt;script&gt;") + page.count("&quot;&gt;&lt;img")
            shown += page.count("javascript:alert(1)")
    assert shown > 0  # the payload was on the pages, shown as text


def test_the_admin_refuses_a_javascript_website(client):
    client.force_login(User.objects.create_superuser("admin", password="a long admin password"))
    url = reverse(
        "admin:organizations_organization_change", args=[Organization.objects.get(slug="coa").pk]
    )
    data = form_data(client.get(url).content.decode(), "website")
    data["website"] = "javascript:alert(1)"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert Organization.objects.get(slug="coa").website == "https://www.coa.nl"


# No other host ---------------------------------------------------------------------------------


class Requests(HTMLParser):
    """Everything a browser would fetch on its own while showing the page."""

    def __init__(self):
        super().__init__()
        self.fetched = []
        self.inline_css = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style":
            self._in_style = True
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                self.fetched.append((tag, attrs[name]))
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and set(rel) & {
            "stylesheet",
            "preload",
            "prefetch",
            "icon",
            "manifest",
            "modulepreload",
            "dns-prefetch",
            "preconnect",
        }:
            self.fetched.append((tag, attrs.get("href", "")))
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def is_external(url):
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or url.strip().startswith("//")


def css_requests(css):
    return re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", css) + re.findall(
        r"url\(\s*['\"]?([^'\")]+)", css
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_public_page_asks_another_host_for_anything(client, language):
    checked = 0
    for url in public_urls(language, organizations=["coa", "makers-unite"]):
        page = client.get(url).content.decode()
        parser = Requests()
        parser.feed(page)
        assert parser.fetched, url  # at least the stylesheet
        external = [item for item in parser.fetched if is_external(item[1])]
        assert not external, (url, external)
        for css in parser.inline_css:
            assert "@import" not in css, url
            assert not [u for u in css_requests(css) if is_external(u)], url
        checked += 1
    assert checked >= 8


def test_the_stylesheets_import_nothing_and_load_no_font():
    for path in (Path(settings.BASE_DIR) / "static").rglob("*.css"):
        css = path.read_text()
        assert "@import" not in css, path
        assert "@font-face" not in css, path
        assert not [u for u in css_requests(css) if is_external(u)], path
