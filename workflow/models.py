"""Who checked an entry, how and against what; and changes that wait for a Reviewer."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Location, Organization


class VerificationQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-checked_on", "-pk")


def with_last_check(queryset, entry):
    """`queryset` (of organizations or offices) with the day and method of its latest check.

    Columns of the same rows (subqueries), so a page that shows them costs no more queries,
    however many offices it lists. `entry` is "organization" or "location".
    """
    latest = Verification.objects.filter(**{entry: OuterRef("pk")}).latest_first()
    return queryset.annotate(
        last_checked_on=Subquery(latest.values("checked_on")[:1]),
        last_check_method=Subquery(latest.values("method")[:1]),
    )


class Verification(models.Model):
    """One check of an organization, or of one of its offices, by a person.

    Like HSDS's `assured_date` and `assurer_email`, and also how it was checked and against
    which source, so the next Reviewer knows what "checked" meant.
    """

    class Method(models.TextChoices):
        WEBSITE = "website", _("on its website")
        PHONE = "phone", _("by phone")
        EMAIL = "email", _("by e-mail")
        VISIT = "visit", _("by a visit")
        DOCUMENT = "document", _("against a document")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verifications",
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verifications",
        verbose_name="office",
    )
    checked_on = models.DateField(default=timezone.localdate)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField("how", max_length=10, choices=Method.choices)
    source_url = models.URLField(
        "source",
        blank=True,
        help_text="The page, or the document's address, it was checked against.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="Never shown publicly.")

    objects = VerificationQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, location__isnull=True)
                | Q(organization__isnull=True, location__isnull=False),
                name="verification_of_one_entry",
            )
        ]

    def __str__(self):
        return f"{self.entry} checked {self.get_method_display()} on {self.checked_on}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # `verified_on` stays the directory's sortable "last checked" column.
        if self.organization_id:
            Organization.objects.filter(pk=self.organization_id).filter(
                Q(verified_on__isnull=True) | Q(verified_on__lt=self.checked_on)
            ).update(verified_on=self.checked_on)

    @property
    def entry(self):
        return self.organization or self.location

    def clean(self):
        if bool(self.organization_id) == bool(self.location_id):
            raise ValidationError("A check is of one organization or of one office.")


class PendingChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=PendingChange.Status.WAITING)

    def for_entry(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class PendingChange(models.Model):
    """An Editor's change to a published entry, waiting for a Reviewer.

    What is kept is the submitted admin form itself (every field and inline, without the CSRF
    token), not a copy of the model: approving replays it through the same admin form and
    inline formsets, so validation and the no-lost-edits check run again against the entry as
    it is then. The live row is never touched until then.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "waiting for review"
        APPROVED = "approved", "approved and published"
        REJECTED = "rejected", "rejected"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # None for a new entry, until it is approved.
    object_id = models.PositiveIntegerField(null=True, blank=True)
    entry = GenericForeignKey("content_type", "object_id")
    # What the entry was called when the change was made, so the queue reads well even if the
    # entry is deleted meanwhile.
    entry_name = models.CharField("entry", max_length=300)
    data = models.JSONField(help_text="The submitted form: each field name with its values.")
    based_on = models.PositiveIntegerField(
        "based on version", null=True, blank=True, help_text="The history row the editor opened."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("proposed at", auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(
        "reason for rejecting", blank=True, help_text="The editor who proposed it reads this."
    )

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"Change to {self.entry_name} by {self.created_by or 'someone'}"

    def decide(self, status, user, reason="", entry=None):
        self.status, self.decided_by, self.reason = status, user, reason
        self.decided_at = timezone.now()
        if entry is not None:  # a new entry, approved: now it has an id
            self.object_id = entry.pk
        self.save(update_fields=["status", "decided_by", "decided_at", "reason", "object_id"])
