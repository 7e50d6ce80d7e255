"""Atom feeds of published changes (django.contrib.syndication), for caseworkers to follow."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from organizations.models import Organization
from procedures.models import Stage

from .changes import recent_changes


class SiteChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("Refugee Guide NL: recently updated")

    def link(self, obj=None):
        return reverse("workflow:updates")

    def subtitle(self, obj=None):
        return _("What changed on this site lately. Only published changes are listed.")

    def items(self, obj=None):
        return recent_changes()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"{item.url}#{item.uid}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.date

    def item_pubdate(self, item):
        return item.date


class OrganizationChangesFeed(SiteChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization.objects.published(), slug=slug)

    def title(self, obj=None):
        return _("Refugee Guide NL: changes to %(name)s") % {"name": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return recent_changes(organization=obj)


class StageChangesFeed(SiteChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Stage, slug=slug)

    def title(self, obj=None):
        return _("Refugee Guide NL: changes to %(name)s") % {"name": obj.title}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return recent_changes(stage=obj)
