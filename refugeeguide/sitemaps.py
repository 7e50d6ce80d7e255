"""sitemap.xml and robots.txt: every public page in every language, for search engines.

django.contrib.sitemaps writes each page once per language (i18n) with its hreflang
alternates and x-default. Sheets, exports and search results are left out: they repeat the
pages listed here.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index, sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views import View

from common.views import PublicPageMixin
from organizations.models import Organization
from procedures.models import Stage


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Addresses per file (each with its nine alternates, about 1 KB): 5 MB, well under the
    # protocol's 50 MB; 10,000 organizations in eight languages make 16 files.
    limit = 5000


class PagesSitemap(TranslatedSitemap):
    priority = 1.0

    def items(self):
        return ["procedures:journey", "organizations:list", "glossary:index"]

    def location(self, item):
        return reverse(item)


class StageSitemap(TranslatedSitemap):
    priority = 0.8

    def items(self):
        return Stage.objects.order_by("position")


class OrganizationSitemap(TranslatedSitemap):
    priority = 0.6

    def items(self):
        # Unpublished entries are never listed; only the columns the sitemap reads.
        return Organization.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, organization):
        return organization.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "stages": StageSitemap,
    "organizations": OrganizationSitemap,
}


class SitemapIndexView(PublicPageMixin, View):
    """/sitemap.xml: the list of the sitemap files, each cached like a page."""

    query_parameters = ()

    def get(self, request):
        return index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


class SitemapView(PublicPageMixin, View):
    """/sitemap-<section>.xml (p: its page). Unknown sections and pages are a 404."""

    query_parameters = ("p",)

    def get(self, request, section):
        return sitemap(request, sitemaps=SITEMAPS, section=section)


class RobotsView(PublicPageMixin, View):
    query_parameters = ()

    def get(self, request):
        lines = ["User-agent: *"]
        # The admin only where it is by default: a moved admin stays unnamed here.
        if settings.ADMIN_URL == "admin/":
            lines.append("Disallow: /admin/")
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
