from django.core.paginator import Paginator
from django.views.generic import TemplateView

from common.views import PublicPageMixin
from procedures.models import Stage

from .models import Document
from .query import MAX_LENGTH, Search, count_is_partial

PER_PAGE = 20
GUIDE_RESULTS = 12  # stages, steps, Dutch words and places shown beside the organizations


class SearchView(PublicPageMixin, TemplateView):
    """Everything that matches, grouped by kind: organizations (paginated), then the guide.

    A query that names one organization exactly is not sent straight to its page: the same
    name is often a Dutch word too (IND, COA, azc), and the results page shows both, with the
    exact match first.
    """

    template_name = "search/results.html"
    # Kept briefly: a broad word ("werk", "lawyer") is what many visitors type at once, and
    # ranking every document that matches it is one of the dearest renders on the site.
    query_parameters = ("q", "page")
    brief_query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        typed = self.request.GET.get("q", "")
        search = Search(typed)
        context.update(search=search, q=search.text, too_long=len(typed) > MAX_LENGTH)
        if not search:
            context.update(page_obj=None, groups=[], stages=Stage.objects.all())
            return context
        paginator = Paginator(search.documents(Document.objects.organizations()), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        groups = []
        if page.object_list:
            groups.append((Document.Kind.ORGANIZATION.label, list(page.object_list)))
        if page.number == 1:
            guide = search.documents(Document.objects.guide(), bounded=False)
            guide = list(guide[:GUIDE_RESULTS])
            for kind, label in (
                ("stage", Document.Kind.STAGE.label),
                ("term", Document.Kind.TERM.label),
                ("municipality", Document.Kind.MUNICIPALITY.label),
            ):
                found = [document for document in guide if document.group == kind]
                if found:
                    groups.append((label, found))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            page_obj=page,
            paginator=paginator,
            groups=groups,
            query_without_page=query.urlencode(),
            page_not_found=False,
            count_is_partial=count_is_partial(paginator.count),
        )
        if not groups:
            context.update(suggestions=search.suggestions(), stages=Stage.objects.all())
        return context
