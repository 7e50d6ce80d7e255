from django.conf import settings
from django.db import models
from django.db.models import Q

from organizations.models import Organization
from procedures.models import Stage


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Report.OPEN)


class Report(models.Model):
    """A visitor's "something is wrong or missing", about one organization or one stage.

    No account and no personal data needed: `contact` is whatever the visitor chose to leave,
    and the visitor's address is never stored (only counted, in the cache, for the rate limit).
    """

    class Status(models.TextChoices):
        NEW = "new", "new"
        IN_PROGRESS = "in-progress", "in progress"
        DONE = "done", "done"
        REJECTED = "rejected", "rejected"

    OPEN = [Status.NEW, Status.IN_PROGRESS]

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    message = models.TextField("what is wrong or missing", max_length=settings.REPORT_MAX_LENGTH)
    contact = models.CharField("how to reach the reporter", max_length=200, blank=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    editor_note = models.TextField("notes for editors", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("received", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, stage__isnull=True)
                | Q(organization__isnull=True, stage__isnull=False),
                name="report_about_one_entry",
            )
        ]

    def __str__(self):
        return f"About {self.entry}: {self.message[:60]}"

    @property
    def entry(self):
        return self.organization or self.stage
