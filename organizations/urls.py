from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    # Before <slug>/: no organization may be called "sheet" (the admin's slugs are checked).
    path("sheet/", views.DirectorySheetView.as_view(), name="sheet"),
    path("export.csv", views.DirectoryCSVView.as_view(), name="csv"),
    path("<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("<slug:slug>/sheet/", views.OrganizationSheetView.as_view(), name="detail_sheet"),
    path("<slug:slug>/contact.vcf", views.VCardView.as_view(), name="vcard"),
]
