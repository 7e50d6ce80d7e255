"""The read-only HSDS 3.0 API under /api/hsds/.

Plain Django views answering JsonResponse: the API is read-only, a handful of GET routes whose
objects are built by hsds/documents.py, so a framework (Django REST Framework) would add
serializers, routers and content negotiation we do not use. Like the pages, its answers are
cached whole (common/cache.py: `query_parameters` names what each route reads) and carry an
ETag; an editor's save makes them stale at once.

Bad input is a 4xx with a JSON problem document (RFC 9457), never a 500: an unknown id is a 404,
a malformed one, a `page` below 1, a `per_page` below 1 or a `modified_after` that is no date
a 400; `per_page` above the cap is the cap.
"""

import re
import uuid
from datetime import datetime, time

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from common.cache import public_page
from organizations.models import Location, Organization, Topic
from procedures.models import Role, Stage, Step

from . import documents
from .models import Identifier, fill_ids, modified_since, with_ids
from .openapi import openapi
from .validation import SCHEMA_DIR, SCHEMA_NAMES

PER_PAGE = 50
MAX_PER_PAGE = 200
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class ApiError(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


def problem(status, detail):
    return JsonResponse(
        {"type": "about:blank", "title": TITLES[status], "status": status, "detail": detail},
        status=status,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )


def not_found(request, *args, **kwargs):
    """Any other address under /api/hsds/."""
    return problem(
        404,
        f"There is nothing at this address. The API's routes are listed at {reverse('hsds:root')}.",
    )


def parse_uuid(value, name):
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ApiError(400, f"{name} must be a UUID, e.g. {uuid.UUID(int=0)}.") from None


def parse_integer(request, name, default):
    value = request.GET.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 or len(value) > 9:
        raise ApiError(400, f"{name} must be a whole number from 1.")
    return number


def parse_modified_after(value):
    """An ISO 8601 date or date and time; one without a time zone is Dutch time. A `+` that
    a query string turned into a space is read as the `+` it was."""
    value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value.strip())
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)):
            moment = datetime.combine(day, time())
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(
            400,
            "modified_after must be an ISO 8601 date or date and time, e.g. 2026-12-01 or "
            "2026-12-01T09:00:00Z.",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ApiView(View):
    http_method_names = ["get", "head", "options"]
    # What the route reads from its query (the page cache keeps only these).
    query_parameters = ("lang",)

    @method_decorator(csrf_exempt)
    @method_decorator(public_page)
    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("lang", settings.LANGUAGE_CODE)
        if language not in LANGUAGES:
            return problem(400, f"lang must be one of {', '.join(LANGUAGES)}.")
        self.documents = documents.Documents(request.build_absolute_uri("/"), language)
        try:
            with translation.override(language):
                response = super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            return problem(error.status, error.detail)
        response["Content-Language"] = language
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = problem(405, "This API is read-only: GET or HEAD.")
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response

    def answer(self, document):
        return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


class RootView(ApiView):
    def get(self, request):
        absolute = request.build_absolute_uri
        return self.answer(
            {
                "version": documents.HSDS_VERSION,
                "profile": absolute(reverse("hsds:profile")),
                "openapi_url": absolute(reverse("hsds:openapi")),
                # Beyond HSDS's three fields, what a consumer needs to start.
                "languages": {
                    code: absolute(reverse("hsds:organizations")) + f"?lang={code}"
                    for code in LANGUAGES
                },
                "description": documents.PROFILE["description"],
            }
        )


class ProfileView(ApiView):
    def get(self, request):
        return self.answer(documents.profile(request.build_absolute_uri("/")))


class OpenApiView(ApiView):
    def get(self, request):
        return self.answer(openapi(request.build_absolute_uri(reverse("hsds:root"))))


class SchemaView(ApiView):
    """The official schemas, served so that the OpenAPI description's $refs resolve here."""

    def get(self, request, name):
        if name not in SCHEMA_NAMES:
            raise ApiError(404, f"There is no schema {name}: HSDS's are listed in openapi.json.")
        return HttpResponse((SCHEMA_DIR / name).read_bytes(), content_type="application/json")


class ListView(ApiView):
    query_parameters = ("page", "per_page", "lang")

    def get(self, request):
        queryset = self.filter(self.get_queryset(), request)
        number = parse_integer(request, "page", 1)
        size = min(parse_integer(request, "per_page", PER_PAGE), MAX_PER_PAGE)
        paginator = Paginator(queryset, size)
        total = paginator.count
        pages = paginator.num_pages if total else 0
        if number > max(pages, 1):
            raise ApiError(404, f"There is no page {number}: there are {pages}.")
        items = list(paginator.page(number).object_list)
        contents = self.contents(items)
        return self.answer(
            {
                "total_items": total,
                "total_pages": pages,
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": number >= pages,
                "empty": total == 0,
                "contents": contents,
            }
        )

    def filter(self, queryset, request):
        return queryset


def modified_after(request):
    value = request.GET.get("modified_after")
    return parse_modified_after(value) if value else None


class OrganizationListView(ListView):
    query_parameters = ("modified_after", "page", "per_page", "lang")

    def get_queryset(self):
        return documents.organizations_queryset()

    def filter(self, queryset, request):
        if moment := modified_after(request):
            queryset = modified_since(queryset, moment)
        return queryset

    def contents(self, items):
        return [self.documents.organization(organization) for organization in fill_ids(items)]


class ServiceFilters:
    """taxonomy_term_id (a stage, step or topic), taxonomy_id, organization_id and
    modified_after, for services and the services at locations."""

    def filter_roles(self, roles, request):
        if moment := modified_after(request):
            roles = modified_since(roles, moment)
        if value := request.GET.get("organization_id"):
            organization = parse_uuid(value, "organization_id")
            roles = roles.filter(
                organization__in=Identifier.objects.object_ids("organization", organization)
            )
        if value := request.GET.get("taxonomy_term_id"):
            term = self.documents.terms.by_id(parse_uuid(value, "taxonomy_term_id"))
            if isinstance(term, Stage):
                roles = roles.filter(stage=term)
            elif isinstance(term, Step):
                roles = roles.filter(step=term)
            elif isinstance(term, Topic):
                roles = roles.filter(
                    Exists(
                        Organization.topics.through.objects.filter(
                            organization=OuterRef("organization"), topic=term
                        )
                    )
                )
            else:
                roles = roles.none()
        if value := request.GET.get("taxonomy_id"):
            taxonomy = parse_uuid(value, "taxonomy_id")
            if taxonomy == documents.TOPICS_TAXONOMY:
                roles = roles.filter(organization__topics__isnull=False).distinct()
            elif taxonomy != documents.STAGES_TAXONOMY:
                roles = roles.none()
        return roles


SERVICE_PARAMETERS = (
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "page",
    "per_page",
    "lang",
)


class ServiceListView(ServiceFilters, ListView):
    query_parameters = SERVICE_PARAMETERS

    def get_queryset(self):
        return documents.services_queryset()

    def filter(self, queryset, request):
        return self.filter_roles(queryset, request)

    def contents(self, items):
        return [self.documents.service(role, nested=False) for role in fill_ids(items)]


class ServiceAtLocationListView(ServiceFilters, ListView):
    """Each service at each office of its organization: pairs paged in the database."""

    query_parameters = SERVICE_PARAMETERS

    def get_queryset(self):
        return (
            Role.objects.published()
            .filter(organization__locations__kind=Location.Kind.OFFICE)
            .order_by(
                "organization__name",
                "organization_id",
                "stage__position",
                "pk",
                "organization__locations__name",
                "organization__locations__pk",
            )
        )

    def filter(self, queryset, request):
        return self.filter_roles(queryset, request).values_list("pk", "organization__locations__pk")

    def contents(self, pairs):
        roles = {
            r.pk: r
            for r in fill_ids(
                list(with_ids(Role.objects.filter(pk__in={role for role, _location in pairs})))
            )
        }
        locations = {
            location.pk: location
            for location in fill_ids(
                list(
                    documents.locations_queryset()
                    .filter(pk__in={location for _role, location in pairs})
                    .select_related("organization")
                )
            )
        }
        organizations = {
            o.pk: o
            for o in fill_ids(
                list(
                    with_ids(
                        Organization.objects.filter(
                            pk__in={location.organization_id for location in locations.values()}
                        )
                    )
                )
            )
        }
        return [
            self.documents.service_at_location(
                roles[role].hsds_id,
                locations[location],
                organizations[locations[location].organization_id].hsds_id,
            )
            for role, location in pairs
        ]


class TaxonomyTermListView(ListView):
    def get(self, request):
        terms = self.documents.terms.all()
        return self.answer(
            {
                "total_items": len(terms),
                "total_pages": 1,
                "page_number": 1,
                "size": len(terms),
                "first_page": True,
                "last_page": True,
                "empty": not terms,
                "contents": [self.documents.term(term) for term in terms],
            }
        )


class TaxonomyListView(ListView):
    def get(self, request):
        taxonomies = self.documents.taxonomies()
        return self.answer(
            {
                "total_items": len(taxonomies),
                "total_pages": 1,
                "page_number": 1,
                "size": len(taxonomies),
                "first_page": True,
                "last_page": True,
                "empty": False,
                "contents": taxonomies,
            }
        )


class DetailView(ApiView):
    kind = ""

    def get(self, request, id):
        value = parse_uuid(id, "The id")
        found = fill_ids(
            list(self.get_queryset().filter(pk__in=Identifier.objects.object_ids(self.kind, value)))
        )
        if not found:
            raise ApiError(404, f"There is no published {self.kind} with the id {value}.")
        return self.answer(self.document(found[0]))


class OrganizationDetailView(DetailView):
    kind = "organization"

    def get_queryset(self):
        return documents.organizations_queryset()

    def document(self, organization):
        return self.documents.organization(organization)


class ServiceDetailView(DetailView):
    kind = "service"

    def get_queryset(self):
        return documents.services_queryset()

    def document(self, role):
        return self.documents.service(role)


class LocationDetailView(DetailView):
    kind = "location"

    def get_queryset(self):
        return (
            documents.locations_queryset()
            .filter(organization__is_published=True)
            .annotate(organization_hsds_id=Identifier.objects.of("organization", "organization_id"))
        )

    def document(self, location):
        organization_id = location.organization_hsds_id
        if organization_id is None:
            organization_id = fill_ids(
                list(with_ids(Organization.objects.filter(pk=location.organization_id)))
            )[0].hsds_id
        return self.documents.location(location, organization_id)


class TaxonomyTermDetailView(DetailView):
    def get(self, request, id):
        term = self.documents.terms.by_id(parse_uuid(id, "The id"))
        if term is None:
            raise ApiError(404, f"There is no taxonomy term with the id {id}.")
        return self.answer(self.documents.term(term))


class TaxonomyDetailView(DetailView):
    def get(self, request, id):
        value = str(parse_uuid(id, "The id"))
        for taxonomy in self.documents.taxonomies():
            if taxonomy["id"] == value:
                return self.answer(taxonomy)
        raise ApiError(404, f"There is no taxonomy with the id {value}.")
