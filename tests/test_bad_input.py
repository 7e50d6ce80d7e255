"""Bad input gets a clear page with a 4xx, or is ignored with a note: never a 500."""

import pytest

from organizations.models import Organization

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/en/",
    "/en/stages/during-procedure/",
    "/en/organizations/",
    "/en/organizations/ind/",
    "/en/search/?q=ind",
]


@pytest.fixture
def client(client):
    # Let an unhandled error come back as the 500 a visitor would see, so the test can assert on it.
    client.raise_request_exception = False
    return client


def add_organizations(count):
    Organization.objects.bulk_create(
        Organization(slug=f"extra-{n:03}", name=f"Extra organization {n:03}", kind="non-profit")
        for n in range(count)
    )


@pytest.mark.parametrize("url", ["/en/stages/nope/", "/en/organizations/nope/", "/nope/"])
def test_unknown_slug_is_a_404_in_the_site_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Find an organization" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "stage=nonsense",
        "municipality=" + "x" * 5000,
        "topic=%00",
        "municipality=%00ams",
        "q=%00",
        "q=%ff%fe%c3%28",
        "stage=%E0%A4%A",
        "kind=%27%3B+DROP+TABLE+organizations_organization%3B--",
        "stage=job-market&stage=after-decision&stage=x",
        "q=" + "a" * 10_000,
        "page=0",
        "page=-1",
        "page=abc",
        "page=99999",
        "page=1e9",
        "&&&==&=",
    ],
)
def test_garbage_in_the_directory_query_is_never_a_500(client, query):
    response = client.get(f"/en/organizations/?{query}")
    assert response.status_code == 200
    assert "organizations found" in response.content.decode() or "organization found" in (
        response.content.decode()
    )


def test_an_overlong_value_is_shown_as_an_error_beside_its_field(client):
    page = client.get("/en/organizations/?municipality=" + "x" * 5000).content.decode()
    assert "We do not know this choice, so we left it out." in page
    assert "28 organizations found" in page


def test_sql_and_html_in_the_search_are_shown_escaped(client):
    query = "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%27+OR+1%3D1--"
    page = client.get(f"/en/organizations/?{query}").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#x27; OR 1=1--" in page
    assert "0 organizations found" in page


@pytest.mark.parametrize("page_param, shown", [("0", 1), ("-1", 1), ("abc", 1), ("99999", 2)])
def test_a_page_that_does_not_exist_shows_the_nearest_page_with_a_note(client, page_param, shown):
    add_organizations(8)  # 36 in all: two pages
    page = client.get(f"/en/organizations/?page={page_param}").content.decode()
    assert "That page does not exist." in page
    assert f"Page {shown} of 2" in page


def test_pagination_links_keep_the_filters(client):
    add_organizations(30)
    page = client.get("/en/organizations/?kind=non-profit").content.decode()
    # 30 new ones and the 7 non-profits of the seed.
    assert "37 organizations found" in page
    assert 'href="?kind=non-profit&amp;page=2"' in page
    second = client.get("/en/organizations/?kind=non-profit&page=2").content.decode()
    assert "Extra organization 029" in second
    assert "That page does not exist." not in second


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_writing_to_a_public_page_is_a_405(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert "This page can only be read" in response.content.decode()


def test_too_many_parameters_is_a_400(client):
    query = "&".join(f"p{n}=1" for n in range(2000))
    response = client.get(f"/en/organizations/?{query}")
    assert response.status_code == 400
    assert "We could not read this request" in response.content.decode()


def test_admin_without_login_redirects_to_login(client):
    response = client.get("/admin/organizations/organization/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
