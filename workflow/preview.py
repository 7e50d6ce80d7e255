"""An editor's preview: the public page of any entry, drafts too, in any language.

It renders the public view's own template and data, so what the editor sees is what a visitor
will see; but it is never marked as a public page, so the page cache never stores it, and it is
only reached through the admin (login and permission checked there).
"""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from glossary.models import Term
from glossary.views import GlossaryView
from organizations.models import Location, Organization
from organizations.views import OrganizationDetailView
from procedures.models import Role, Stage, Step
from procedures.views import StageDetailView


class OrganizationPreview(OrganizationDetailView):
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def organizations(self):
        return Organization.objects.all()

    def dispatch(self, request, *args, **kwargs):
        # DetailView's own dispatch: PublicPageMixin's would mark the answer for the page cache.
        return DetailView.dispatch(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class StagePreview(StageDetailView):
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        return DetailView.dispatch(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class GlossaryPreview(GlossaryView):
    def dispatch(self, request, *args, **kwargs):
        return ListView.dispatch(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


def public_page_of(obj):
    """The view and its arguments that show `obj` to a visitor: an office or a role is seen on
    its organization's page, a step on its stage's page, a term in the glossary."""
    if isinstance(obj, Organization):
        return OrganizationPreview, {"pk": obj.pk}
    if isinstance(obj, Location | Role):
        return OrganizationPreview, {"pk": obj.organization_id}
    if isinstance(obj, Stage):
        return StagePreview, {"pk": obj.pk}
    if isinstance(obj, Step):
        return StagePreview, {"pk": obj.stage_id}
    if isinstance(obj, Term):
        return GlossaryPreview, {}
    return None, {}


def render_as_visitor(request, view, language, **kwargs):
    """The page `view` shows in `language`, rendered now, marked never to be cached or indexed."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = view.as_view()(request, **kwargs)
        if hasattr(response, "render"):
            response.render()
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Content-Language"] = language
    return response


def preview(request, obj, language):
    view, kwargs = public_page_of(obj)
    if view is None:
        raise Http404
    return render_as_visitor(request, view, language, **kwargs)


def preview_organization(request, pk, language):
    return render_as_visitor(request, OrganizationPreview, language, pk=pk)


def preview_url(obj, language):
    """The admin address of `obj`'s preview in `language`."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk, language])
