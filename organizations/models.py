import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import SlugQuerySet, TranslatedContent


def tel_uri(phone):
    """The tel: address for a Dutch phone number as people write it ("088 043 0430").

    "+31 (0)88 ..." is written with the trunk 0 that a caller from abroad leaves out.
    """
    digits = re.sub(r"[^\d+]", "", phone.replace("(0)", ""))
    if not digits:
        return ""
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+31" + digits[1:]
    return f"tel:{digits}"


def is_web_address(url):
    """Only these become links, whatever reached the database (never javascript: or data:)."""
    return url.lower().startswith(("https://", "http://"))


class Municipality(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    province = models.CharField(max_length=100, blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "municipalities"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Topic(TranslatedContent):
    translated_fields = ("name",)

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class OrganizationQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(is_published=True)

    # Exists() rather than joins: no duplicate rows to remove with DISTINCT, and a plan that
    # stays cheap when filters are combined over many thousands of organizations.
    def for_municipality(self, municipality):
        """Organizations in the municipality, and those that work nationwide."""
        served = self.model.municipalities.through.objects.filter(organization=OuterRef("pk"))
        return self.filter(Exists(served.filter(municipality=municipality)) | ~Exists(served))

    def for_topic(self, topic):
        topics = self.model.topics.through.objects.filter(organization=OuterRef("pk"))
        return self.filter(Exists(topics.filter(topic=topic)))


class Organization(TranslatedContent):
    translated_fields = ("summary", "description", "parent_body", "phone_note", "source_note")

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        POLICE = "police", _("Police")
        LEGAL_AID = "legal-aid", _("Legal aid")
        NON_PROFIT = "non-profit", _("Non-profit organization")
        SOCIAL_ENTERPRISE = "social-enterprise", _("Social enterprise")
        TRAINING = "training", _("Training programme")
        LOCAL_FOUNDATION = "local-foundation", _("Local foundation")
        HEALTH_CARE = "health-care", _("Health care provider")
        INTERNATIONAL = "international", _("International organization")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active, confirmed by public sources")
        UNCONFIRMED = "unconfirmed", _("Exists, but current activity not confirmed")
        NOT_FOUND = "not-found", _("Existence not confirmed by any public source")

    slug = models.SlugField(unique=True)
    # Indexed: the directory lists organizations by name, a page at a time.
    name = models.CharField(
        _("official name"), max_length=200, db_index=True, help_text="The official, Dutch name."
    )
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    acronym = models.CharField(max_length=30, blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names and common misspellings, one per line. Only used by search.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parent_body = models.CharField(
        _("part of"),
        max_length=300,
        blank=True,
        help_text="The body it falls under, e.g. 'Ministerie van Asiel en Migratie'.",
    )
    summary = models.CharField(
        max_length=300, blank=True, help_text="What it does for a refugee, in one sentence."
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="As it is written in the Netherlands, e.g. 088 043 0430.",
    )
    phone_note = models.CharField(
        max_length=300, blank=True, help_text="Opening hours of the line, number from abroad, ..."
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="organizations",
        help_text="Where it works. Leave empty for an organization that works nationwide.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="organizations")
    status = models.CharField(
        _("verification status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    is_published = models.BooleanField(_("published"), default=True)
    verified_on = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text="The day a person checked this entry against its sources.",
    )
    sources = models.TextField(blank=True, help_text="Where the facts come from: one URL per line.")
    source_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the facts were gathered, e.g. 'Compiled from public sources in 2026.'",
    )
    notes = models.TextField(
        _("notes for editors"), blank=True, help_text="Never shown on the public site."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # What only Reviewers may do (the groups are made in workflow/migrations).
        permissions = [
            ("publish_organization", "Can publish an organization or approve a change to it"),
            ("verify_organization", "Can record that a person checked an organization"),
        ]
        indexes = [
            # The directory: published organizations by name, a page at a time, and their count,
            # from the index alone.
            models.Index(fields=["is_published", "name"], name="organization_published_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        for url in self._source_lines():
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError({"sources": f"Not a web address: {url}"}) from None

    def _source_lines(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def source_urls(self):
        """Only web addresses are ever shown as links, whatever reached the database."""
        return [url for url in self._source_lines() if is_web_address(url)]

    @property
    def website_url(self):
        """The website as a link only when it is a web address, whatever reached the database."""
        website = self.website.strip()
        return website if is_web_address(website) else ""

    @property
    def website_label(self):
        """The website as people read it, without https://."""
        return re.sub(r"^https?://", "", self.website_url, flags=re.IGNORECASE)

    @property
    def phone_uri(self):
        return tel_uri(self.phone)

    @property
    def works_nationwide(self):
        return not self.municipalities.all()

    def journey_stages(self):
        """The stages it plays a part in, in journey order, from prefetched roles."""
        stages = {role.stage_id: role.stage for role in self.roles.all()}
        return sorted(stages.values(), key=lambda stage: stage.position)


class LocationManager(models.Manager):
    def get_by_natural_key(self, organization_slug, name):
        # Fixtures name an office by its organization and its name, so loading them again
        # updates the same row. Nothing stops an editor giving two offices one name: the
        # first one is meant then.
        location = (
            self.filter(organization__slug=organization_slug, name=name).order_by("pk").first()
        )
        if location is None:
            raise self.model.DoesNotExist
        return location


class Location(TranslatedContent):
    translated_fields = ("name", "opening_hours")

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office you can visit")
        POSTAL = "postal", _("Postal address only")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    name = models.CharField(max_length=200)
    street_address = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    phone = models.CharField(max_length=30, blank=True)
    opening_hours = models.TextField(blank=True)

    objects = LocationManager()

    class Meta:
        ordering = ["organization", "name"]

    def __str__(self):
        return f"{self.organization}: {self.name}"

    def natural_key(self):
        return (self.organization.slug, self.name)

    natural_key.dependencies = ["organizations.organization"]

    @property
    def phone_uri(self):
        return tel_uri(self.phone)
