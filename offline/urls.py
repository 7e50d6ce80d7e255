from django.urls import path

from . import views

app_name = "offline"
urlpatterns = [
    path("offline/", views.OfflineView.as_view(), name="page"),
    path("manifest.webmanifest", views.ManifestView.as_view(), name="manifest"),
]
