from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from offline.views import service_worker

from . import views
from .sitemaps import RobotsView, SitemapIndexView, SitemapView

handler404 = views.page_not_found

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # At the root, so that the worker's scope covers every language prefix.
    path("sw.js", service_worker, name="service-worker"),
    path("sitemap.xml", SitemapIndexView.as_view(), name="sitemap"),
    path("sitemap-<slug:section>.xml", SitemapView.as_view(), name="sitemap-section"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    # The translator's desk, inside the admin (its views check the admin login themselves).
    path(f"{settings.ADMIN_URL}translate/", include("translations.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    # The HSDS 3.0 open-data API (hsds/): no language prefix, `?lang=` chooses the language.
    path("api/hsds/", include("hsds.urls")),
]

# Every public page lives under its language: /en/, /nl/, /ar/ ... A shared link opens in the
# language it was shared in; "/" sends a first visit to the best match for its browser.
urlpatterns += i18n_patterns(
    path("", include("procedures.urls")),
    path("organizations/", include("organizations.urls")),
    path("glossary/", include("glossary.urls")),
    path("search/", include("search.urls")),
    path("report/", include("reports.urls")),
    path("", include("offline.urls")),
    path("updates/", include("workflow.urls")),
)
