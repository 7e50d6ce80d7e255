from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("", views.JourneyView.as_view(), name="journey"),
    path("stages/<slug:slug>/", views.StageDetailView.as_view(), name="stage"),
    path("stages/<slug:slug>/sheet/", views.StageSheetView.as_view(), name="stage_sheet"),
]
