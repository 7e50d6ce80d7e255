"""Published changes, newest first, each with a one-line summary: the "what changed" feeds.

Read from the history simple-history keeps. Only versions that were public count: an
organization's version while it was published, and offices, roles, stages and steps of
organizations that are published now. Baseline rows (made when an editor first opened an entry
that came in by loaddata) change nothing and are left out.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import get_language, gettext_lazy
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


# What a visitor reads for a change to each field, whole phrases so each language can say it
# its own way; by the field's name without its language (`summary_ar` is `summary`). Fields
# visitors never see (notes for editors, translation bookkeeping, sources of the rules) have
# none: a save that changes only those is no news for them.
PHRASES = {
    "name": gettext_lazy("name changed"),
    "term": gettext_lazy("name changed"),
    "acronym": gettext_lazy("short name changed"),
    "kind": gettext_lazy("type changed"),
    "status": gettext_lazy("status changed"),
    "is_published": gettext_lazy("now listed"),
    "parent_body": gettext_lazy("parent organization changed"),
    "summary": gettext_lazy("summary changed"),
    "description": gettext_lazy("text changed"),
    "body": gettext_lazy("text changed"),
    "explanation": gettext_lazy("text changed"),
    "connector": gettext_lazy("text changed"),
    "website": gettext_lazy("website changed"),
    "email": gettext_lazy("e-mail address changed"),
    "phone": gettext_lazy("phone number changed"),
    "phone_note": gettext_lazy("note on the phone number changed"),
    "sources": gettext_lazy("sources changed"),
    "street_address": gettext_lazy("address changed"),
    "postal_code": gettext_lazy("address changed"),
    "city": gettext_lazy("address changed"),
    "municipality": gettext_lazy("address changed"),
    "opening_hours": gettext_lazy("opening hours changed"),
    "title": gettext_lazy("title changed"),
    "position": gettext_lazy("order changed"),
    "rules_checked_on": gettext_lazy("checked against the rules again"),
    "variants": gettext_lazy("other spellings changed"),
    "stage": gettext_lazy("stage or step changed"),
    "step": gettext_lazy("stage or step changed"),
    "slug": gettext_lazy("web address changed"),
}
LANGUAGES = "|".join(code for code, _name in settings.LANGUAGES)
LANGUAGE_SUFFIX = re.compile(rf"_({LANGUAGES})$")


def _summary(record):
    """One line in the visitor's language: "phone number changed; website changed"."""
    if record.history_type == "+":
        return _("Added")
    if record.history_type == "-":
        return _("Removed")
    phrases = []
    for change in changes(record, record.prev_record):
        phrase = PHRASES.get(LANGUAGE_SUFFIX.sub("", change.field))
        if phrase is not None and str(phrase) not in phrases:
            phrases.append(str(phrase))
    return "; ".join(phrases)


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
