from django.views.generic import ListView

from common.views import PublicPageMixin

from .models import Term


class GlossaryView(PublicPageMixin, ListView):
    query_parameters = ()
    model = Term
    template_name = "glossary/term_list.html"
    context_object_name = "terms"
