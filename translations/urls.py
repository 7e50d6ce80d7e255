from django.contrib import admin
from django.urls import path

from . import views

app_name = "translations"
urlpatterns = [
    path("", admin.site.admin_view(views.desk), name="desk"),
    path("<str:language>/", admin.site.admin_view(views.language_list), name="language"),
    path("<str:language>/export/", admin.site.admin_view(views.export), name="export"),
    path("<str:language>/import/", admin.site.admin_view(views.import_file), name="import"),
    path(
        "<str:language>/<str:label>/<int:pk>/",
        admin.site.admin_view(views.translate),
        name="translate",
    ),
]
