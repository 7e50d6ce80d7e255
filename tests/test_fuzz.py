"""Property-based fuzzing: thousands of generated requests across every public route, and never
a 5xx.

Hypothesis builds each request from the real routes (reverse()), with random slugs, extra path
segments, paths that name another host (`//evil.example/en/`), query strings (bidi controls
too), methods (POST /healthz too), bodies and headers (Accept-Language, Host, Content-Type,
X-Forwarded-For).
"""

from urllib.parse import unquote_to_bytes

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hsds.models import mint

from .pages import languages

pytestmark = pytest.mark.django_db

EXAMPLES = 2000
SENT = []
OTHER_HOST_PATHS = []

KNOWN_SLUGS = ["coa", "ind", "vluchtelingenwerk", "makers-unite", "after-decision", "job-market"]
KNOWN_SLUGS += ["organizations", "stages", "pages"]  # sitemap sections
# The HSDS API's ids (uuid5 of the natural key, hsds/models.py): IND, and a stage.
KNOWN_SLUGS += [str(mint("organization:ind")), str(mint("stage:after-decision"))]
FILTER_KEYS = ["q", "stage", "municipality", "topic", "kind", "page", "message", "contact"]
FILTER_KEYS += ["language", "open", "p"]  # the directory's language and open-now; sitemap pages
FILTER_KEYS += ["per_page", "modified_after", "taxonomy_term_id", "organization_id", "lang"]
KNOWN_VALUES = ["after-decision", "rotterdam", "detention", "non-profit", "legal-aid", "2", "0"]
KNOWN_VALUES += ["ar", "ti", "on", "1", "-1"]
KNOWN_VALUES += ["100000", "yesterday", "2026-12-01T09:00:00Z", KNOWN_SLUGS[-1]]

printable = st.text(max_size=30)
nasty = st.sampled_from(
    ["", "%00", "%ff%fe", "..%2f..%2fetc%2fpasswd", "'; DROP TABLE x;--", "<script>", "%E0%A4%A"]
    + ["a" * 300, "\u202e", "😀", "%", "%%", "&", "=", "?", "#", ";", "/" * 5, "\\"]
    # Bidirectional controls (issue 15): overrides, isolates, marks.
    + ["\u202a", "\u202b", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f"]
)
value = st.one_of(st.sampled_from(KNOWN_VALUES), printable, nasty)


def route(name, slug):
    if name == "stage":
        return reverse("procedures:stage", args=[slug])
    if name == "organization":
        return reverse("organizations:detail", args=[slug])
    if name in ("report organization", "report stage"):
        return reverse("reports:form", args=[name.split()[1], slug])
    if name == "organization feed":
        return reverse("workflow:organization_feed", args=[slug])
    if name == "stage feed":
        return reverse("workflow:stage_feed", args=[slug])
    if name == "organization sheet":
        return reverse("organizations:detail_sheet", args=[slug])
    if name == "stage sheet":
        return reverse("procedures:stage_sheet", args=[slug])
    if name == "vcard":
        return reverse("organizations:vcard", args=[slug])
    if name == "sitemap section":
        return reverse("sitemap-section", args=[slug])
    if name == "admin preview":  # anonymous: every admin route is a redirect to the login
        return reverse("admin:procedures_stage_preview", args=[slug, "en"])
    if name == "admin pending change":
        return reverse("admin:workflow_pending_preview", args=[len(slug), "ar"])
    if name.startswith("hsds ") and name.endswith(" id"):
        return reverse(f"hsds:{name.split()[1]}", args=[slug])
    return reverse(
        {
            "journey": "procedures:journey",
            "directory": "organizations:list",
            "search": "search:results",
            "healthz": "healthz",
            "admin login": "admin:login",
            "report thanks": "reports:thanks",
            "service worker": "service-worker",
            "manifest": "offline:manifest",
            "offline page": "offline:page",
            "recently updated": "workflow:updates",
            "feed": "workflow:feed",
            "directory sheet": "organizations:sheet",
            "directory csv": "organizations:csv",
            "sitemap": "sitemap",
            "robots": "robots",
            "admin pending changes": "admin:workflow_pendingchange_changelist",
            "admin due for review": "admin:workflow_due",
            "hsds root": "hsds:root",
            "hsds openapi": "hsds:openapi",
            "hsds organizations": "hsds:organizations",
            "hsds services": "hsds:services",
            "hsds service_at_locations": "hsds:service_at_locations",
            "hsds taxonomy_terms": "hsds:taxonomy_terms",
        }[name]
    )


@st.composite
def requests(draw):
    language = draw(st.sampled_from(languages()))
    name = draw(
        st.sampled_from(
            [
                "journey",
                "directory",
                "search",
                "stage",
                "organization",
                "healthz",
                "admin login",
                "report organization",
                "report stage",
                "report thanks",
                "recently updated",
                "feed",
                "organization feed",
                "stage feed",
                # The review routes of the admin, drawn below (anonymous: the login page).
                "admin",
            ]
            + ["service worker", "manifest", "offline page"]
            # Issue 12: the referral sheets, the vCard, the CSV, sitemap.xml and robots.txt.
            + ["organization sheet", "stage sheet", "directory sheet", "directory csv", "vcard"]
            + ["sitemap", "sitemap section", "robots"]
            # The HSDS API (hsds/urls.py): a list or an object by id, drawn below, so that the
            # site's pages keep their share of the requests.
            + ["hsds list", "hsds object"]
        )
    )
    if name == "admin":
        name = draw(
            st.sampled_from(
                ["admin preview", "admin pending change", "admin pending changes"]
                + ["admin due for review"]
            )
        )
    elif name == "hsds list":
        name = draw(
            st.sampled_from(
                ["hsds root", "hsds openapi", "hsds organizations", "hsds services"]
                + ["hsds service_at_locations", "hsds taxonomy_terms"]
            )
        )
    elif name == "hsds object":
        name = draw(
            st.sampled_from(
                ["hsds organization id", "hsds service id", "hsds location id"]
                + ["hsds taxonomy_term id"]
            )
        )
    # Two in three slugs are real ones, so that the run reaches the pages behind them too.
    known = st.sampled_from(KNOWN_SLUGS)
    slug = draw(st.one_of(known, known, st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True)))
    with translation.override(language):
        path = route(name, slug)
    # A path that names another host, as `curl --path-as-is //evil.example/en/` sends it
    # (issue 15); sent as a raw PATH_INFO, since the test client would read it as a host.
    if draw(st.integers(0, 9)) == 0:  # now and then, or most requests would be 404s
        path = draw(st.sampled_from(["//evil.example", "//", "/\\evil.example"])) + path
    suffix = draw(st.one_of(st.just(""), st.just(""), nasty, st.text(max_size=20)))
    if suffix:
        path = path + suffix.replace("?", "").replace("#", "")
    params = draw(
        st.lists(st.tuples(st.one_of(st.sampled_from(FILTER_KEYS), printable), value), max_size=6)
    )
    query = "&".join(f"{k}={v}" for k, v in params)
    if draw(st.booleans()):
        query = draw(st.one_of(nasty, st.text(max_size=80)))
    method = draw(
        st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
    )
    headers = {}
    if draw(st.booleans()):
        headers["HTTP_ACCEPT_LANGUAGE"] = draw(
            st.one_of(
                st.sampled_from(["nl", "ar,en;q=0.5", "fa-IR", "*", "xx-YY", "en;q=abc", ""]),
                st.text(max_size=40),
            )
        )
    if draw(st.booleans()):
        headers["HTTP_X_FORWARDED_FOR"] = draw(
            st.one_of(
                st.sampled_from(
                    ["203.0.113.7", "10.0.0.1, 203.0.113.7", "2001:db8::1", "unknown", ",,", ""]
                ),
                st.text(max_size=40),
            )
        )
    if draw(st.booleans()):
        headers["HTTP_HOST"] = draw(
            st.one_of(
                st.sampled_from(
                    ["localhost", "evil.example", "127.0.0.1:8000", "[::1]", "a" * 300, ""]
                ),
                st.text(max_size=30),
            )
        )
    content_type = draw(
        st.one_of(
            st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=xx",
                    "application/json",
                    "text/plain; charset=utf-99",
                    "multipart/form-data",
                ]
            ),
            st.text(max_size=30),
        )
    )
    body = draw(st.binary(max_size=200))
    return method, path, query, headers, content_type, body


def header_safe(headers):
    """The test client passes headers through WSGI, which only carries latin-1 text."""
    return {k: v.encode("utf-8", "replace").decode("latin-1") for k, v in headers.items()}


@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def fuzz(client, request):
    method, path, query, headers, content_type, body = request
    kwargs = header_safe(headers)
    url = f"{path}?{query}" if query else path
    if path.startswith(("//", "/\\")):
        # What a server hands on for `--path-as-is //evil.example/en/`: the test client would
        # read the host out of it, so the WSGI values are set as a server sets them.
        kwargs["PATH_INFO"] = unquote_to_bytes(path).decode("iso-8859-1")
        kwargs["QUERY_STRING"] = query.encode().decode("iso-8859-1")
        url = "/"
    response = client.generic(method, url, data=body, content_type=content_type, **kwargs)
    SENT.append(response.status_code)
    if "PATH_INFO" in kwargs:
        OTHER_HOST_PATHS.append(response.status_code)
    assert response.status_code < 500, (method, path, query, headers, content_type, body)


def test_no_generated_request_is_ever_a_server_error(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client = Client(raise_request_exception=False)
    SENT.clear()
    OTHER_HOST_PATHS.clear()
    fuzz(client)
    assert len(SENT) >= EXAMPLES
    # The run reached the pages, not only error handlers (about one request in eight is a 200).
    assert SENT.count(200) > EXAMPLES // 15
    assert {400, 404, 405} & set(SENT)
    assert len(OTHER_HOST_PATHS) > EXAMPLES // 20  # and `//evil.example/...` paths were sent


def test_allowed_hosts_are_what_the_fuzzer_expects():
    assert "evil.example" not in settings.ALLOWED_HOSTS
