"""Who checked an entry, how and against what; and changes that wait for a Reviewer."""

from django.conf import settings
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
