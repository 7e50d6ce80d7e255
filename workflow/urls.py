from django.urls import path

from common.cache import public_page

from . import feeds, views

app_name = "workflow"
urlpatterns = [
    path("", views.RecentlyUpdatedView.as_view(), name="updates"),
    path("feed/", public_page(feeds.SiteChangesFeed()), name="feed"),
    path(
        "organizations/<slug:slug>/feed/",
        public_page(feeds.OrganizationChangesFeed()),
        name="organization_feed",
    ),
    path("stages/<slug:slug>/feed/", public_page(feeds.StageChangesFeed()), name="stage_feed"),
]
