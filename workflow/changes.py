"""Published changes, newest first, each with a one-line summary: the "what changed" feeds.

Read from the history simple-history keeps. Only versions that were public count: an
organization's version while it was published, and offices, roles, stages and steps of
organizations that are published now. Baseline rows (made when an editor first opened an entry
that came in by loaddata) change nothing and are left out.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations.models import Location, Organization
from procedures.models import Role, Stage, Step

from .history import changes

BASELINE = "baseline"


@dataclass
class PublishedChange:
    title: str
    url: str
    summary: str
    date: datetime.datetime
    uid: str


def _text(record, field):
    """A translated field of a historical row, in the visitor's language or else in English."""
    return getattr(record, f"{field}_{get_language()}", None) or getattr(record, f"{field}_en", "")


def _summary(record):
    if record.history_type == "+":
        return _("Added")
    if record.history_type == "-":
        return _("Removed")
    fields = [change.label for change in changes(record, record.prev_record)]
    if not fields:
        return ""
    return _("%(fields)s changed") % {"fields": ", ".join(fields)}


def _records(model, **filters):
    return (
        model.history.filter(**filters)
        .exclude(history_change_reason=BASELINE)
        .order_by("-history_date")
    )


def _describe(record, title, url):
    summary = _summary(record)
    if not summary:
        return None
    return PublishedChange(
        title=title,
        url=url,
        summary=summary,
        date=record.history_date,
        uid=f"{record._meta.model_name}-{record.history_id}",
    )


def recent_changes(organization=None, stage=None, limit=30):
    """The newest published changes, of the whole site or of one organization or stage."""
    published = Organization.objects.published()
    sources = []
    if stage is None:
        organization_filter = {"is_published": True}
        if organization is not None:
            organization_filter["id"] = organization.pk
        sources.append(
            (
                _records(Organization, **organization_filter),
                lambda r: (r.name, Organization(slug=r.slug).get_absolute_url()),
            )
        )
        offices = {"organization__in": published}
        if organization is not None:
            offices = {"organization_id": organization.pk}
        sources.append(
            (
                _records(Location, **offices).select_related("organization"),
                lambda r: (
                    f"{r.organization.name}: {_text(r, 'name')}",
                    r.organization.get_absolute_url(),
                ),
            )
        )
    roles = {"organization__in": published}
    if organization is not None:
        roles["organization_id"] = organization.pk
    if stage is not None:
        roles["stage_id"] = stage.pk
    sources.append(
        (
            _records(Role, **roles).select_related("organization", "stage"),
            lambda r: (
                f"{r.organization.name}: {_text(r, 'title')}",
                r.organization.get_absolute_url(),
            ),
        )
    )
    if organization is None:
        stages = {"id": stage.pk} if stage is not None else {}
        steps = {"stage_id": stage.pk} if stage is not None else {}
        sources.append(
            (
                _records(Stage, **stages),
                lambda r: (_text(r, "title"), Stage(slug=r.slug).get_absolute_url()),
            )
        )
        sources.append(
            (
                _records(Step, **steps).select_related("stage"),
                lambda r: (f"{r.stage.title}: {_text(r, 'title')}", r.stage.get_absolute_url()),
            )
        )
    items = []
    for records, describe in sources:
        for record in records[:limit]:
            try:
                title, url = describe(record)
            except ObjectDoesNotExist:  # what it belongs to is gone: no longer a public change
                continue
            item = _describe(record, title, url)
            if item is not None:
                items.append(item)
    items.sort(key=lambda item: item.date, reverse=True)
    return items[:limit]
