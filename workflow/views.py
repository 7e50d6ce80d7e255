from django.views.generic import TemplateView

from common.views import PublicPageMixin

from .changes import recent_changes


class RecentlyUpdatedView(PublicPageMixin, TemplateView):
    """What changed lately, newest first: published changes only."""

    template_name = "workflow/recently_updated.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=recent_changes(limit=50), **kwargs)
