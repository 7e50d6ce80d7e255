"""The HSDS 3.0 API: every answer validates against the official schemas, ids stay put, bad
input is a 4xx JSON problem, queries per page do not grow with the number of organizations."""

import uuid

import pytest
from django.core.management import call_command

from hsds.documents import STAGES_TAXONOMY
from hsds.models import Identifier, mint
from hsds.validation import errors, page_validator
from organizations.models import Location, Organization
from procedures.models import Role, Stage, Step

pytestmark = pytest.mark.django_db

API = "/api/hsds/"


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, (path, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def all_pages(client, path, schema, **params):
    """Every object of a list, page by page, each page validated as HSDS's Page."""
    contents, number = [], 1
    while True:
        page = get(client, path, page=number, per_page=100, **params)
        problems = [e.message for e in page_validator(schema).iter_errors(page)]
        assert not problems, (path, number, problems[:5])
        contents += page["contents"]
        if page["last_page"]:
            return contents
        number += 1


def organization_id(slug):
    return str(
        Identifier.objects.get(
            kind="organization", object_id=Organization.objects.get(slug=slug).pk
        ).uuid
    )


def test_the_root_says_version_profile_and_links_an_openapi_description_the_site_serves(client):
    root = get(client, "")
    assert root["version"] == "3.0"
    assert "?lang=" in root["description"]
    assert set(root["languages"]) == {"en", "nl", "ar", "fa", "tr", "uk", "ti", "so"}
    profile = client.get(root["profile"]).json()
    assert [language["code"] for language in profile["languages"]][:2] == ["en", "nl"]
    openapi = client.get(root["openapi_url"]).json()
    assert openapi["openapi"].startswith("3.1")
    assert "/organizations/{id}" in openapi["paths"] and "/locations/{id}" in openapi["paths"]
    # Its schema references point at copies on this site, which answer.
    service_ref = openapi["paths"]["/services/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    assert service_ref == "http://testserver/api/hsds/schema/service.json"
    assert client.get(service_ref).json()["name"] == "service"
    assert "raw.githubusercontent.com" not in str(openapi)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_object_the_seed_produces_validates(client, language):
    """Every organization (with its locations), service, location, service at a location and
    taxonomy term the seed data gives, in a left-to-right and a right-to-left language."""
    organizations = all_pages(client, "organizations", "organization.json", lang=language)
    assert len(organizations) == Organization.objects.published().count()
    for organization in organizations:
        assert not errors("organization.json", organization), organization["name"]
        detail = get(client, f"organizations/{organization['id']}", lang=language)
        assert detail == organization
        for location in organization.get("locations", []):
            assert get(client, f"locations/{location['id']}", lang=language) == location
            assert not errors("location.json", location)

    services = all_pages(client, "services", "service.json", lang=language)
    assert len(services) == Role.objects.published().count()
    for service in services:
        detail = get(client, f"services/{service['id']}", lang=language)
        assert not errors("service.json", detail), (service["name"], errors("service.json", detail))
        assert detail["organization"]["id"] == service["organization_id"]

    at_locations = all_pages(client, "service_at_locations", "service_at_location.json")
    assert at_locations
    terms = get(client, "taxonomy_terms", lang=language)
    assert not list(page_validator("taxonomy_term.json").iter_errors(terms))
    assert len(terms["contents"]) > 10
    for taxonomy in get(client, "taxonomies")["contents"]:
        assert not errors("taxonomy.json", taxonomy)
        assert get(client, f"taxonomies/{taxonomy['id']}") == taxonomy


def test_a_validation_error_is_found_when_there_is_one():
    # The registry resolves the nested phone.json and checks formats: a bad id and e-mail fail.
    broken = {"id": "x", "name": "A", "description": "", "email": "no", "phones": [{"id": "y"}]}
    found = " ".join(errors("organization.json", broken))
    assert "'x' is not a 'uuid'" in found
    assert "'no' is not a 'email'" in found
    assert "'number' is a required property" in found


def test_an_organization_carries_what_the_directory_knows(client):
    ind = get(client, f"organizations/{organization_id('ind')}")
    assert ind["name"] == Organization.objects.get(slug="ind").name
    assert ind["uri"] == "http://testserver/en/organizations/ind/"
    assert ind["phones"][0]["number"] == Organization.objects.get(slug="ind").phone
    assert {location["name"] for location in ind["locations"]} == set(
        Location.objects.filter(organization__slug="ind").values_list("name", flat=True)
    )


def test_texts_come_in_the_language_asked_for(client):
    stage = Stage.objects.order_by("position").first()
    term_id = str(Identifier.objects.get(kind="stage", object_id=stage.pk).uuid)
    dutch = client.get(API + f"taxonomy_terms/{term_id}", {"lang": "nl"})
    assert dutch["Content-Language"] == "nl"
    assert dutch.json()["name"] == stage.title_nl
    assert dutch.json()["language"] == "nl"
    assert get(client, f"taxonomy_terms/{term_id}", lang="ar")["name"] == stage.title_ar
    assert client.get(API + "services", {"lang": "xx"}).status_code == 400


def test_services_filter_by_stage_step_topic_and_organization(client):
    stage = Stage.objects.get(slug="after-decision")
    stage_id = Identifier.objects.get(kind="stage", object_id=stage.pk).uuid
    services = all_pages(client, "services", "service.json", taxonomy_term_id=stage_id)
    assert len(services) == Role.objects.published().filter(stage=stage).count() > 0
    for service in services:
        assert str(stage_id) in {a["taxonomy_term_id"] for a in service["attributes"]}

    step = Step.objects.filter(roles__isnull=False).first()
    step_id = Identifier.objects.get(kind="step", object_id=step.pk).uuid
    at_step = all_pages(client, "services", "service.json", taxonomy_term_id=step_id)
    assert len(at_step) == Role.objects.published().filter(step=step).count() > 0
    term = get(client, f"taxonomy_terms/{step_id}")
    assert term["parent_id"] == str(
        Identifier.objects.get(kind="stage", object_id=step.stage_id).uuid
    )
    assert term["taxonomy_id"] == str(STAGES_TAXONOMY)

    of_ind = all_pages(client, "services", "service.json", organization_id=organization_id("ind"))
    assert len(of_ind) == Role.objects.filter(organization__slug="ind").count()
    unknown = get(client, "services", taxonomy_term_id=uuid.uuid4())
    assert unknown["empty"] is True and unknown["total_items"] == 0


def test_unpublished_entries_never_appear(client):
    hidden = Organization.objects.filter(locations__kind="office", roles__isnull=False).first()
    hidden_id = organization_id(hidden.slug)
    role_ids = [
        str(i)
        for i in Identifier.objects.filter(
            kind="service", object_id__in=hidden.roles.values("pk")
        ).values_list("uuid", flat=True)
    ]
    location = hidden.locations.filter(kind="office").first()
    location_id = str(Identifier.objects.get(kind="location", object_id=location.pk).uuid)
    hidden.is_published = False
    hidden.save()
    assert hidden_id not in str(all_pages(client, "organizations", "organization.json"))
    listed = str(all_pages(client, "services", "service.json")) + str(
        all_pages(client, "service_at_locations", "service_at_location.json")
    )
    assert hidden_id not in listed and not any(role in listed for role in role_ids)
    for path in [
        f"organizations/{hidden_id}",
        f"services/{role_ids[0]}",
        f"locations/{location_id}",
    ]:
        response = client.get(API + path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_ids_are_minted_from_natural_keys_and_survive_an_edit_of_the_slug(client):
    ind = Organization.objects.get(slug="ind")
    before = organization_id("ind")
    assert before == str(mint("organization:ind"))
    ind.slug = "immigratie-en-naturalisatiedienst"
    ind.save()
    assert get(client, f"organizations/{before}")["uri"].endswith(
        "/organizations/immigratie-en-naturalisatiedienst/"
    )
    # A new organization under the old slug cannot take the old one's id.
    newcomer = Organization.objects.create(slug="ind", name="Another", kind="government")
    new_id = Identifier.objects.get(kind="organization", object_id=newcomer.pk).uuid
    assert str(new_id) != before
    # An office renamed keeps its id too.
    office = Location.objects.exclude(organization=ind).first()
    office_id = Identifier.objects.get(kind="location", object_id=office.pk).uuid
    office.name = "Renamed office"
    office.save()
    assert get(client, f"locations/{office_id}")["name"] == "Renamed office"
    # Deleting an entry forgets its id.
    newcomer.delete()
    assert not Identifier.objects.filter(kind="organization", object_id=newcomer.pk).exists()


def test_ids_are_the_same_after_reloading_the_fixtures_into_an_empty_database(client):
    from tests.conftest import FIXTURES

    before = {(i.kind, i.uuid) for i in Identifier.objects.all()}
    Organization.objects.all().delete()
    Stage.objects.all().delete()
    from organizations.models import Topic

    Topic.objects.all().delete()
    assert not Identifier.objects.exists()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert {(i.kind, i.uuid) for i in Identifier.objects.all()} == before
    # Loading them again changes nothing either.
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert {(i.kind, i.uuid) for i in Identifier.objects.all()} == before


def test_rows_written_without_signals_get_their_id_when_first_listed(client):
    Organization.objects.bulk_create(
        [Organization(slug="bulk-one", name="AAA bulk", kind="government")]
    )
    listed = get(client, "organizations", per_page=1)["contents"][0]
    assert listed["name"] == "AAA bulk"
    assert listed["id"] == str(mint("organization:bulk-one"))
    assert get(client, f"organizations/{listed['id']}")["name"] == "AAA bulk"


@pytest.mark.parametrize(
    "path, params, status",
    [
        ("organizations/" + str(uuid.UUID(int=1)), {}, 404),
        ("organizations/not-a-uuid", {}, 400),
        ("services/12345", {}, 400),
        ("locations/" + "f" * 500, {}, 400),
        ("services", {"per_page": "0"}, 400),
        ("services", {"per_page": "-5"}, 400),
        ("services", {"per_page": "abc"}, 400),
        ("services", {"page": "-1"}, 400),
        ("services", {"page": "0"}, 400),
        ("services", {"page": "99999999999999999999"}, 400),
        ("services", {"page": "500"}, 404),
        ("services", {"modified_after": "yesterday"}, 400),
        ("services", {"modified_after": "2026-13-45"}, 400),
        ("services", {"taxonomy_term_id": "stage"}, 400),
        ("service_at_locations", {"organization_id": "'; DROP TABLE x;--"}, 400),
        ("no/such/route", {}, 404),
        ("schema/../../settings.py", {}, 404),
        ("schema/settings.py", {}, 404),
    ],
)
def test_bad_input_is_a_clear_json_problem(client, path, params, status):
    response = client.get(API + path, params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["detail"]


def test_per_page_is_capped_and_modified_after_filters(client):
    capped = get(client, "services", per_page=100000)
    assert capped["size"] == 200 or capped["last_page"]
    assert capped["size"] <= 200
    assert get(client, "services", modified_after="2999-01-01")["empty"] is True
    everything = get(client, "services", modified_after="2000-01-01")["total_items"]
    assert everything == Role.objects.published().count()
    # A + that the query string made a space is read as the + it was.
    assert (
        get(client, "services", modified_after="2000-01-01T00:00:00 01:00")["total_items"]
        == everything
    )
    ind = Organization.objects.get(slug="ind")
    since = get(
        client, "services", modified_after=ind.updated_at.isoformat().replace("+00:00", "Z")
    )
    assert ind.roles.count() <= since["total_items"]


def test_wrong_methods_are_a_405_json_problem(client):
    response = client.post(API + "services")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_answers_are_cached_with_an_etag_and_a_save_refreshes_them(client):
    first = client.get(API + "organizations", {"per_page": 5, "utm_source": "x"})
    assert first["X-Cache"] == "miss" and first["ETag"]
    again = client.get(API + "organizations", {"per_page": 5})
    assert again["X-Cache"] == "hit"
    assert (
        client.get(
            API + "organizations", {"per_page": 5}, HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )
    assert not first.cookies
    organization = Organization.objects.published().order_by("name").first()
    organization.phone = "020 000 0000"  # a test value, never shown anywhere
    organization.save()
    fresh = client.get(API + "organizations", {"per_page": 5})
    assert fresh["X-Cache"] == "miss"
    assert "020 000 0000" in fresh.content.decode()


@pytest.mark.parametrize(
    "path", ["organizations", "services", "service_at_locations", "taxonomy_terms"]
)
def test_queries_per_page_do_not_grow_with_the_number_of_organizations(
    client, django_assert_max_num_queries, path, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(API + path, {"per_page": 100})  # mint what needs minting
    with django_assert_max_num_queries(12):
        client.get(API + path, {"per_page": 100})
    call_command("generate_organizations", 500, verbosity=0)
    client.get(API + path, {"per_page": 100})
    with django_assert_max_num_queries(12):
        response = client.get(API + path, {"per_page": 100})
    assert response.json()["size"] > 0


def test_phone_hours_are_service_schedules_and_office_hours_location_schedules(client):
    ind = Organization.objects.get(slug="ind")
    role = ind.roles.first()
    role_id = Identifier.objects.get(kind="service", object_id=role.pk).uuid
    service = get(client, f"services/{role_id}", lang="nl")
    weekly = [s for s in service["schedules"] if s.get("freq") == "WEEKLY"]
    # IND's phone line, Monday to Friday 09:00-17:00 (fixtures/09_hours_and_languages.json).
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        (day, "09:00", "17:00") for day in ["MO", "TU", "WE", "TH", "FR"]
    ]
    assert {s["attending_type"] for s in weekly} == {"Telefonisch"}
    assert not errors("service.json", service)

    from organizations.models import OpeningHours

    office = Location.objects.filter(kind="office").select_related("organization").first()
    OpeningHours.objects.create(
        organization=office.organization,
        location=office,
        kind="office",
        weekday=7,
        opens="10:00",
        closes="12:00",
        by_appointment_only=True,
    )
    office.languages_spoken = ["ar", "ti"]
    office.save()
    office_id = Identifier.objects.get(kind="location", object_id=office.pk).uuid
    location = get(client, f"locations/{office_id}", lang="ar")
    sunday = next(s for s in location["schedules"] if s.get("byday") == "SU")
    assert (sunday["opens_at"], sunday["closes_at"]) == ("10:00", "12:00")
    assert sunday["notes"] == "بموعد مسبق فقط"
    assert [(lang["code"], lang["name"]) for lang in location["languages"]] == [
        ("ar", "العربية"),
        ("ti", "التغرينية"),
    ]
    assert not errors("location.json", location)


def test_modified_after_finds_what_changed_through_anything_nested_in_it(client):
    from django.utils import timezone

    moment = timezone.now()
    assert get(client, "services", modified_after=moment.isoformat().replace("+00:00", "Z"))[
        "empty"
    ]
    since = moment.isoformat().replace("+00:00", "Z")

    # A role edited on its own admin page: the services of its organization.
    role = Role.objects.published().select_related("organization").first()
    role.title_en = role.title_en + " (edited)"
    role.save()
    changed = get(client, "services", modified_after=since, per_page=200)["contents"]
    assert {s["organization_id"] for s in changed} == {organization_id(role.organization.slug)}
    assert len(changed) == role.organization.roles.count()
    assert role.title_en in {s["name"] for s in changed}
    assert get(client, "organizations", modified_after=since)["total_items"] == 1

    # A stage renamed: every service at that stage (its attributes name it).
    stage = Stage.objects.get(slug="after-decision")
    stage.title_en = "After the decision (renamed)"
    stage.save()
    at_stage = Role.objects.published().filter(stage=stage).values("organization")
    changed = get(client, "services", modified_after=since, per_page=200)
    expected = Role.objects.published().filter(
        organization__in=[role.organization_id]
    ) | Role.objects.published().filter(stage=stage)
    assert changed["total_items"] == expected.distinct().count()
    assert at_stage.exists()
