"""What a Reviewer looks at: entries due for review, and deleted entries to recover."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from procedures.models import Stage
from reports.models import Report

from .apps import TRACKED_MODELS


@dataclass
class DueEntry:
    entry: object
    last_checked: datetime.date | None
    open_reports: int
    admin_url: str

    @property
    def reason(self):
        reasons = []
        if self.last_checked is None and isinstance(self.entry, Organization):
            reasons.append("never checked by a person")
        elif self.last_checked is not None:
            reasons.append(f"last checked {self.last_checked:%d %b %Y}")
        if self.open_reports:
            reasons.append(f"{self.open_reports} open report(s)")
        return ", ".join(reasons)


def review_cutoff(today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.REVIEW_AFTER_DAYS)


def _open_reports():
    return Count("reports", filter=Q(reports__status__in=Report.OPEN))


def due_for_review(today=None):
    """Organizations never checked or checked before the cutoff, and entries with open reports.

    Oldest first: never checked, then the oldest check; stages (which have no check of their
    own) come after, when a visitor reported a problem with one.
    """
    organizations = (
        Organization.objects.annotate(open_reports=_open_reports())
        .filter(
            Q(verified_on__isnull=True)
            | Q(verified_on__lt=review_cutoff(today))
            | Q(open_reports__gt=0)
        )
        .order_by(F("verified_on").asc(nulls_first=True), "name")
        .only("pk", "name", "acronym", "verified_on")
    )
    stages = Stage.objects.annotate(open_reports=_open_reports()).filter(open_reports__gt=0)
    due = [
        DueEntry(
            entry,
            entry.verified_on,
            entry.open_reports,
            reverse("admin:organizations_organization_change", args=[entry.pk]),
        )
        for entry in organizations
    ]
    due += [
        DueEntry(
            entry,
            None,
            entry.open_reports,
            reverse("admin:procedures_stage_change", args=[entry.pk]),
        )
        for entry in stages.only("pk", "title", "position")
    ]
    return due


def due_counts(today=None):
    """The numbers on the admin index."""
    cutoff = review_cutoff(today)
    return {
        "never_checked": Organization.objects.filter(verified_on__isnull=True).count(),
        "checked_long_ago": Organization.objects.filter(verified_on__lt=cutoff).count(),
        "open_reports": Report.objects.open().count(),
    }


@dataclass
class DeletedEntry:
    kind: str
    name: str
    deleted_at: datetime.datetime
    deleted_by: object
    restore_url: str


def deleted_entries(limit=100):
    """The last version of each deleted entry that has not come back, newest first."""
    from django.apps import apps

    entries = []
    for app_label, model_name in TRACKED_MODELS:
        model = apps.get_model(app_label, model_name)
        pk = model._meta.pk.attname
        records = (
            model.history.filter(history_type="-")
            .exclude(**{f"{pk}__in": model._default_manager.values(pk)})
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for record in records:
            try:
                name = str(record.instance)
            except Exception:  # something its name needs was deleted too
                name = f"{model._meta.verbose_name} #{getattr(record, pk)}"
            entries.append(
                DeletedEntry(
                    str(model._meta.verbose_name),
                    name,
                    record.history_date,
                    record.history_user,
                    reverse(
                        f"admin:{app_label}_{model._meta.model_name}_simple_history",
                        args=[getattr(record, pk), record.history_id],
                    ),
                )
            )
    entries.sort(key=lambda entry: entry.deleted_at, reverse=True)
    return entries[:limit]
