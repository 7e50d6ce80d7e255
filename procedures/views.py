from django.views.generic import DetailView, TemplateView

from common.views import PublicPageMixin
from organizations.models import Organization
from organizations.views import sheet_languages, with_contact_details

from .models import Stage
from .selectors import journey, stages_with_first_roles


class JourneyView(PublicPageMixin, TemplateView):
    """The home page: every stage, its steps and who helps at each, as one step-by-step list."""

    # Its search box shows what was searched for (search_form.html).
    query_parameters = ("q",)
    brief_query_parameters = ("q",)

    template_name = "procedures/journey.html"

    # An overview: two organizations per step keep the page light on a phone (the journey has
    # 27 steps since issue 17); each stage page names more, and the directory all of them.
    roles_per_step = 2

    def get_context_data(self, **kwargs):
        stages = journey(roles_per_step=self.roles_per_step)
        return super().get_context_data(journey=stages, stages=[entry.stage for entry in stages])


class StageDetailView(PublicPageMixin, DetailView):
    query_parameters = ()
    context_object_name = "stage"

    def get_queryset(self):
        # The stage with its first roles for the whole stage, so journey() needs no query for it.
        return stages_with_first_roles(Stage.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        [context["journey"]] = journey([self.object])
        stages = list(Stage.objects.only("slug", "title", "position"))
        index = next(i for i, s in enumerate(stages) if s.pk == self.object.pk)
        context["stages"] = stages
        context["previous_stage"] = stages[index - 1] if index > 0 else None
        context["next_stage"] = stages[index + 1] if index + 1 < len(stages) else None
        return context


class StageSheetView(PublicPageMixin, DetailView):
    """Every organization at a stage as a referral sheet: the visitor's language beside Dutch,
    one A4 page each."""

    query_parameters = ()
    template_name = "organizations/sheet.html"
    context_object_name = "stage"
    model = Stage

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organizations = self.object.organizations_in(Organization.objects.published())
        context["organizations"] = with_contact_details(organizations)
        context["sheet_languages"] = sheet_languages()
        context["back_url"] = self.object.get_absolute_url()
        return context
