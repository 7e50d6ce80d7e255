from django.urls import path, re_path

from . import views

app_name = "hsds"
# HSDS names its routes without a trailing slash (/services/{id}).
urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("profile", views.ProfileView.as_view(), name="profile"),
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("schema/<str:name>", views.SchemaView.as_view(), name="schema"),
    path("organizations", views.OrganizationListView.as_view(), name="organizations"),
    path("organizations/<str:id>", views.OrganizationDetailView.as_view(), name="organization"),
    path("services", views.ServiceListView.as_view(), name="services"),
    path("services/<str:id>", views.ServiceDetailView.as_view(), name="service"),
    path("locations/<str:id>", views.LocationDetailView.as_view(), name="location"),
    path(
        "service_at_locations",
        views.ServiceAtLocationListView.as_view(),
        name="service_at_locations",
    ),
    path("taxonomies", views.TaxonomyListView.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", views.TaxonomyDetailView.as_view(), name="taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermListView.as_view(), name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.TaxonomyTermDetailView.as_view(), name="taxonomy_term"),
    # Anything else under /api/hsds/ is a JSON 404 too, not the site's HTML page.
    re_path(r"^.*$", views.not_found),
]
