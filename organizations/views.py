from django.conf import settings
from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from common.pagination import NearestPagePaginator
from common.views import PublicPageMixin
from procedures.models import Role
from workflow.models import with_last_check

from .filters import OrganizationFilter
from .models import Location, Organization


class OrganizationListView(PublicPageMixin, FilterView):
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
        return context


class OrganizationDetailView(PublicPageMixin, DetailView):
    query_parameters = ()
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def organizations(self):
        """Which organizations this page may show (the editors' preview shows drafts too)."""
        return Organization.objects.published()

    def get_queryset(self):
        roles = Role.objects.select_related("stage", "step__stage").order_by(
            "stage__position", "step__position", "position"
        )
        # Who checked it and how: columns of the same rows, no query more (workflow.models).
        locations = with_last_check(Location.objects.all(), "location")
        return with_last_check(self.organizations(), "organization").prefetch_related(
            Prefetch("locations", queryset=locations),
            "topics",
            "municipalities",
            Prefetch("roles", queryset=roles),
        )
