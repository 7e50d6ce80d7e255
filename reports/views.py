import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.views.generic import CreateView, TemplateView

from common.views import PublicPageMixin
from organizations.models import Organization
from procedures.models import Stage

from .forms import ReportForm

RATE_WINDOW_SECONDS = 3600


def too_many_reports(request):
    """Count this address's reports in the cache; only a hash of the address is ever kept.

    The address is found the way the admin's login lockout finds it (behind the proxies).
    """
    client_ip = import_string(settings.AXES_CLIENT_IP_CALLABLE)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    key = f"reports-from:{digest}"
    try:
        cache.add(key, 0, RATE_WINDOW_SECONDS)
        count = cache.incr(key)
    except Exception:  # a cache that is down must not stop a real report
        return False
    return count > settings.REPORTS_PER_HOUR


class ReportView(CreateView):
    """The "Report a problem" form for one organization or one stage.

    The only public page that sets a cookie: the CSRF cookie its form needs. It is never
    stored in the page cache (it carries a token).
    """

    form_class = ReportForm
    template_name = "reports/report_form.html"
    http_method_names = ["get", "post", "head", "options"]
    kinds = {"organization": Organization.objects.published(), "stage": Stage.objects.all()}

    def dispatch(self, request, *args, **kwargs):
        queryset = self.kinds.get(kwargs["kind"])
        if queryset is None:
            raise Http404
        self.entry = queryset.filter(slug=kwargs["slug"]).first()
        if self.entry is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, **kwargs)

    def post(self, request, *args, **kwargs):
        # Every attempt counts, valid or not, so a flood is stopped before any work is done.
        if too_many_reports(request):
            return render(request, "reports/too_many.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if form.is_from_a_bot:
            return redirect("reports:thanks")  # say nothing a bot could learn from
        report = form.save(commit=False)
        setattr(report, self.kwargs["kind"], self.entry)
        report.language = get_language()
        report.save()
        return redirect("reports:thanks")

    def get_success_url(self):
        return reverse("reports:thanks")


class ThanksView(PublicPageMixin, TemplateView):
    template_name = "reports/thanks.html"
