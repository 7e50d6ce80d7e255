"""An editor's preview: the public page of any entry, drafts too, in any language.

It renders the public view's own template and data, so what the editor sees is what a visitor
will see; but it is never marked as a public page, so the page cache never stores it, and it is
only reached through the admin (login and permission checked there).
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from organizations.models import Organization
from organizations.views import OrganizationDetailView


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


def preview_organization(request, pk, language):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = OrganizationPreview.as_view()(request, pk=pk)
        response.render()
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Content-Language"] = language
    return response
