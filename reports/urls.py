from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
    path("<str:kind>/<slug:slug>/", views.ReportView.as_view(), name="form"),
]
