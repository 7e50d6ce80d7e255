"""The review routes of the admin, fuzzed as a logged-in Editor and Reviewer: never a 5xx.

(tests/test_fuzz.py sends the same routes anonymously, where each is a redirect to the login.)
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from organizations.models import Organization
from workflow.models import PendingChange

from .admin_form import form_data
from .conftest import member

pytestmark = pytest.mark.django_db

EXAMPLES = 300
SENT = []

ROUTES = [
    "/admin/workflow/pendingchange/",
    "/admin/workflow/pendingchange/{id}/change/",
    "/admin/workflow/pendingchange/{id}/approve/",
    "/admin/workflow/pendingchange/{id}/reject/",
    "/admin/workflow/pendingchange/{id}/preview/{language}/",
    "/admin/organizations/organization/{id}/preview/{language}/",
    "/admin/organizations/location/{id}/preview/{language}/",
    "/admin/procedures/stage/{id}/preview/{language}/",
    "/admin/procedures/step/{id}/preview/{language}/",
    "/admin/procedures/role/{id}/preview/{language}/",
    "/admin/glossary/term/{id}/preview/{language}/",
    "/admin/workflow/verification/due/",
    "/admin/workflow/verification/deleted/",
]
nasty = st.sampled_from(["0", "-1", "99999999999999999999", "%00", "abc", "1.5", "😀", "a" * 300])


@st.composite
def requests(draw):
    route = draw(st.sampled_from(ROUTES))
    ident = draw(st.one_of(st.sampled_from(["1", "2", "{pending}"]), nasty))
    language = draw(st.one_of(st.sampled_from(["en", "ar", "ti"]), nasty))
    method = draw(st.sampled_from(["GET", "GET", "POST", "PUT", "DELETE", "HEAD"]))
    body = draw(
        st.dictionaries(st.sampled_from(["reason", "apply", "x", "_save"]), st.text(max_size=50))
    )
    who = draw(st.sampled_from(["editor", "reviewer"]))
    return who, method, route.format(id=ident, language=language), body


@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def fuzz(clients, pending, request):
    who, method, path, body = request
    path = path.replace("{pending}", str(pending))
    response = clients[who].generic(
        method,
        path,
        data=body and "&".join(f"{k}={v}" for k, v in body.items()),
        content_type="application/x-www-form-urlencoded",
    )
    SENT.append(response.status_code)
    assert response.status_code < 500, (who, method, path, body)


def test_no_request_to_the_review_routes_is_a_server_error(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    editor, reviewer = member("editor", "Editors"), member("reviewer", "Reviewers")
    clients = {}
    for name, user in [("editor", editor), ("reviewer", reviewer)]:
        clients[name] = Client(raise_request_exception=False, enforce_csrf_checks=False)
        clients[name].force_login(user)
    coa = Organization.objects.get(slug="coa")
    url = f"/admin/organizations/organization/{coa.pk}/change/"
    data = form_data(clients["editor"].get(url), "organization_form")
    data["phone"] = "088 999 0000"
    clients["editor"].post(url, data)
    pending = PendingChange.objects.get().pk
    SENT.clear()
    fuzz(clients, pending)
    assert len(SENT) >= EXAMPLES
    assert SENT.count(200) > EXAMPLES // 20 and {403, 404, 405} & set(SENT)
