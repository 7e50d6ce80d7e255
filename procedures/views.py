from django.views.generic import DetailView, ListView

from refugeeguide.views import PublicPageMixin

from .models import Stage


class JourneyView(PublicPageMixin, ListView):
    """The home page: every stage, its steps and who helps at each, as one step-by-step list."""

    template_name = "procedures/journey.html"
    context_object_name = "stages"

    # An overview: three organizations per step keep the page light on a phone; each stage
    # page names more, and the directory all of them.
    roles_per_step = 3

    def get_queryset(self):
        return Stage.objects.with_journey(roles_per_step=self.roles_per_step)


class StageDetailView(PublicPageMixin, DetailView):
    template_name = "procedures/stage_detail.html"
    context_object_name = "stage"

    def get_queryset(self):
        return Stage.objects.with_journey()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stages = list(Stage.objects.only("slug", "title", "position"))
        index = next(i for i, s in enumerate(stages) if s.pk == self.object.pk)
        context["stages"] = stages
        context["previous_stage"] = stages[index - 1] if index > 0 else None
        context["next_stage"] = stages[index + 1] if index + 1 < len(stages) else None
        return context
