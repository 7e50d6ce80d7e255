from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView

from common.pagination import NearestPagePaginator
from common.views import PublicPageMixin
from procedures.models import Role
from search.query import count_is_partial
from workflow.models import with_last_check

from . import exports
from .filters import OrganizationExportFilter, OrganizationFilter
from .models import Location, OpeningHours, Organization, seconds_until_change


def with_contact_details(organizations):
    """Everything a page, a sheet or an export shows of each organization, in a fixed number
    of queries however many there are: offices with their hours and last check, the phone
    line's hours, places, roles with their stage and step."""
    roles = Role.objects.select_related("stage", "step__stage").order_by(
        "stage__position", "step__position", "position"
    )
    hours = OpeningHours.objects.order_by("weekday", "opens")
    # Who checked it and how: columns of the same rows, no query more (workflow.models).
    locations = with_last_check(Location.objects.all(), "location").prefetch_related(
        Prefetch("hours", queryset=hours)
    )
    return with_last_check(organizations, "organization").prefetch_related(
        Prefetch("locations", queryset=locations),
        Prefetch("hours", queryset=hours.filter(location__isnull=True)),
        "topics",
        "municipalities",
        Prefetch("roles", queryset=roles),
    )


class OpeningHoursPageMixin:
    """For a page that says what is open now: the page cache keeps it only until the next
    opening or closing time it shows, so "Open now" is never out of date."""

    def seconds_until_change(self):
        return OpeningHours.objects.seconds_until_change()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        seconds = self.seconds_until_change()
        if seconds is not None:
            response.cache_seconds = seconds
        return response


def sheet_languages():
    """The visitor's language beside Dutch, the words a desk will use (Dutch beside English
    for a Dutch visitor)."""
    language = get_language()
    return [language, "nl"] if language != "nl" else ["nl", "en"]


class OrganizationListView(OpeningHoursPageMixin, PublicPageMixin, FilterView):
    """The directory. Valid filters apply; an invalid one is shown beside its field."""

    filterset_class = OrganizationFilter
    strict = False
    template_name = "organizations/organization_list.html"
    context_object_name = "organizations"
    paginate_by = settings.ORGANIZATIONS_PER_PAGE
    paginator_class = NearestPagePaginator
    query_parameters = (*OrganizationFilter.base_filters, "page")
    brief_query_parameters = ("q",)

    def get_queryset(self):
        roles = Role.objects.select_related("stage").order_by("stage__position", "position")
        return Organization.objects.published().prefetch_related(
            "municipalities", Prefetch("roles", queryset=roles)
        )

    def seconds_until_change(self):
        # Only "open now" makes the list depend on the time; it asks every row's times.
        if self.request.GET.get("open"):
            return super().seconds_until_change()
        return None

    def paginate_queryset(self, queryset, page_size):
        """A page that does not exist shows the nearest real one, with a note."""
        paginator = self.get_paginator(queryset, page_size)
        requested = self.request.GET.get(self.page_kwarg) or "1"
        page = paginator.get_page(requested)
        self.page_not_found = requested != str(page.number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["query_without_page"] = query.urlencode()
        context["page_not_found"] = self.page_not_found
        searched = self.request.GET.get("q") and "q" not in self.filterset.errors
        context["count_is_partial"] = searched and count_is_partial(context["paginator"].count)
        return context


class DirectorySheetView(OrganizationListView):
    """The current page of the filtered directory as a referral sheet in two languages."""

    template_name = "organizations/sheet.html"

    def get_queryset(self):
        return with_contact_details(Organization.objects.published())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sheet_languages"] = sheet_languages()
        query = self.request.GET.urlencode()
        context["back_url"] = reverse("organizations:list") + (f"?{query}" if query else "")
        return context


class DirectoryCSVView(PublicPageMixin, FilterView):
    """Every organization of the filtered directory as CSV, in the visitor's language."""

    filterset_class = OrganizationExportFilter
    strict = False
    query_parameters = tuple(OrganizationFilter.base_filters)
    brief_query_parameters = ("q",)

    def get_queryset(self):
        return with_contact_details(Organization.objects.published())

    def render_to_response(self, context, **kwargs):
        organizations = context["object_list"]
        response = HttpResponse(
            exports.directory_csv(organizations, self.request),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="organizations-{get_language()}.csv"'
        )
        if self.request.GET.get("open"):
            response.cache_seconds = OpeningHours.objects.seconds_until_change()
        return response


class OrganizationDetailView(OpeningHoursPageMixin, PublicPageMixin, DetailView):
    query_parameters = ()
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def organizations(self):
        """Which organizations this page may show (the editors' preview shows drafts too)."""
        return Organization.objects.published()

    def get_queryset(self):
        return with_contact_details(self.organizations())

    def seconds_until_change(self):
        # Its own rows only: no other organization's hours change what this page says.
        return seconds_until_change((row.opens, row.closes) for row in self.object.shown_hours())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = exports.json_ld(self.object, self.request)
        return context


class OrganizationSheetView(OrganizationDetailView):
    """One organization as a referral sheet: the visitor's language beside Dutch."""

    template_name = "organizations/sheet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organizations"] = [self.object]
        context["sheet_languages"] = sheet_languages()
        context["back_url"] = self.object.get_absolute_url()
        return context


class VCardView(PublicPageMixin, DetailView):
    """The organization as a contact to save on a phone (vCard 4.0)."""

    query_parameters = ()

    def get_queryset(self):
        return Organization.objects.published().prefetch_related("locations")

    def render_to_response(self, context, **kwargs):
        organization = self.object
        response = HttpResponse(
            exports.vcard(organization, self.request), content_type="text/vcard; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{organization.slug}.vcf"'
        return response
