import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import babel
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from common.models import SlugQuerySet, TranslatedContent
from common.urls import cached_reverse


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


# The codes babel can name: ISO 639-1 where a language has one ("ar", "ti"), else ISO 639-3
# ("prs" for Dari). Names come from CLDR through babel, so they exist in every site language,
# Tigrinya and Somali too, without a string in the .po files.
LANGUAGE_CODES = frozenset(code for code in babel.Locale("en").languages if "_" not in code)


def validate_language_codes(value):
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError('A list of language codes, e.g. ["ar", "nl"].')
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            "Not an ISO 639 language code: %(codes)s. Use e.g. ar, fa, ti, so, nl, en.",
            params={"codes": ", ".join(unknown)},
        )


def language_name(code, language=None):
    """A language's name in the visitor's language (babel), e.g. "ar" in Dutch: "Arabisch"."""
    try:
        locale = babel.Locale.parse(to_locale(language or get_language() or "en"))
    except (babel.UnknownLocaleError, ValueError):
        locale = babel.Locale("en")
    return locale.languages.get(code) or babel.Locale("en").languages.get(code, code)


def languages_spoken_field():
    # A JSON list rather than ArrayField, so it works on SQLite and PostgreSQL alike.
    return models.JSONField(
        "languages spoken",
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text="ISO 639 codes of the languages staff or interpreters speak, e.g. "
        '["ar", "ti", "nl"]. Leave empty unless a source says so.',
    )


def speaks_lookup(code):
    """The lookup for "its languages_spoken holds `code`".

    JSON `contains` is PostgreSQL-only in Django, so this matches the quoted code in the
    JSON text, which is exact because codes are validated letters ("ar" never matches "arn").
    """
    return {"languages_spoken__icontains": f'"{code}"'}


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


# Directory pages at /organizations/<these>/, which an organization's slug would hide.
RESERVED_SLUGS = frozenset({"sheet"})


class OrganizationQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(is_published=True)

    # The municipality as EXISTS, the stage and topic as `pk IN (subquery)` (Stage.organizations_in
    # says why): for "here or nationwide" PostgreSQL's plan with IN read every organization
    # (twice as slow at 10,000); with EXISTS it probes only those the other filters leave, and
    # SQLite does least work with this mix too.
    def for_municipality(self, municipality):
        """Organizations in the municipality, and those that work nationwide."""
        served = self.model.municipalities.through.objects.filter(organization=OuterRef("pk"))
        return self.filter(Exists(served.filter(municipality=municipality)) | ~Exists(served))

    def for_topic(self, topic):
        topics = self.model.topics.through.objects.filter(topic=topic)
        return self.filter(pk__in=topics.values("organization_id"))

    def speaking(self, code):
        """Organizations whose staff, or staff at one of their offices, speak the language."""
        offices = Location.objects.filter(organization=OuterRef("pk"), **speaks_lookup(code))
        return self.filter(Q(**speaks_lookup(code)) | Exists(offices))

    def open_at(self, moment=None):
        """Organizations with an office or phone line open at `moment` (default: now)."""
        hours = OpeningHours.objects.open_at(moment).filter(organization=OuterRef("pk"))
        return self.filter(Exists(hours))


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
    languages_spoken = languages_spoken_field()
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
            # A filter that names organizations by id (those at a stage, those with a topic)
            # checks that each is published from this index alone: in SQLite's row the flag lies
            # behind the eight languages' texts, and reading it there cost the filtered directory
            # two thirds of its SQL at 10,000 organizations.
            models.Index(fields=["id", "is_published"], name="organization_id_published"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return cached_reverse("organizations:detail", self.slug)

    def get_sheet_url(self):
        return cached_reverse("organizations:detail_sheet", self.slug)

    def get_vcard_url(self):
        return cached_reverse("organizations:vcard", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is taken by a page of the directory."})
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

    def language_names(self):
        return [language_name(code) for code in self.languages_spoken]

    def shown_hours(self):
        """Every row of hours its page shows (phone line and offices), from prefetched data."""
        rows = list(self.hours.all())
        for location in self.locations.all():
            rows.extend(location.hours.all())
        return rows

    def phone_hours(self):
        """The phone line's weekly hours, from prefetched `hours`."""
        return [hours for hours in self.hours.all() if hours.kind == OpeningHours.Kind.PHONE]

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
    opening_hours = models.TextField(blank=True)  # free text; weekly hours are OpeningHours
    languages_spoken = languages_spoken_field()

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

    def language_names(self):
        return [language_name(code) for code in self.languages_spoken]


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam_time(moment=None):
    """`moment` (default: now) as wall-clock time in the Netherlands, where every office is."""
    return (moment or timezone.now()).astimezone(AMSTERDAM)


class Weekday(models.IntegerChoices):
    # ISO 8601 numbering (Monday 1), as datetime.isoweekday(), schema.org and HSDS count.
    MONDAY = 1, "Monday"
    TUESDAY = 2, "Tuesday"
    WEDNESDAY = 3, "Wednesday"
    THURSDAY = 4, "Thursday"
    FRIDAY = 5, "Friday"
    SATURDAY = 6, "Saturday"
    SUNDAY = 7, "Sunday"


def weekday_name(weekday, language=None):
    """The day's name in the visitor's language, from CLDR (babel), Tigrinya and Somali too."""
    try:
        locale = babel.Locale.parse(to_locale(language or get_language() or "en"))
    except (babel.UnknownLocaleError, ValueError):
        locale = babel.Locale("en")
    return locale.days["format"]["wide"][weekday - 1]  # babel counts Monday as 0


def seconds_until_change(times, moment=None):
    """Seconds until the next of these (opens, closes) times, or midnight (when "today" becomes
    "tomorrow"): how long a page that says what is open now stays true."""
    local = amsterdam_time(moment)
    moments = {datetime.time(0)}
    for pair in times:
        moments.update(t for t in pair if t is not None)
    now = local.time().replace(tzinfo=None)
    later = [t for t in moments if t > now]
    day = local.date() if later else local.date() + datetime.timedelta(days=1)
    change = datetime.datetime.combine(day, min(later or moments), tzinfo=AMSTERDAM)
    return max(1, int((change - local).total_seconds()) + 1)


class OpeningHoursQuerySet(models.QuerySet):
    def in_force(self, day):
        """The hours that apply on `day` (a date): valid then, whatever the weekday."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def open_at(self, moment=None):
        """The hours open at `moment` (default: now), in Amsterdam wall-clock time.

        Hours that close at or before they open run past midnight into the next day, so the
        evening before counts too. The same rule as OpeningHours.is_open_at(), in SQL.
        """
        local = amsterdam_time(moment)
        today, now = local.date(), local.time().replace(tzinfo=None)
        yesterday = today - datetime.timedelta(days=1)
        crosses_midnight = Q(closes__lte=F("opens"))
        started_today = Q(weekday=today.isoweekday(), opens__lte=now) & (
            Q(closes__gt=now) | crosses_midnight
        )
        from_yesterday = Q(weekday=yesterday.isoweekday(), closes__gt=now) & crosses_midnight
        return self.filter(
            temporarily_closed=False, opens__isnull=False, closes__isnull=False
        ).filter(
            (started_today & self._valid_on(today)) | (from_yesterday & self._valid_on(yesterday))
        )

    def seconds_until_change(self, moment=None):
        """How long a page that says which of these rows are open stays true."""
        return seconds_until_change(self.values_list("opens", "closes").distinct(), moment)

    @staticmethod
    def _valid_on(day):
        return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class OpeningHoursManager(models.Manager.from_queryset(OpeningHoursQuerySet)):
    def get_by_natural_key(self, organization_slug, kind, location_name, weekday, opens):
        # Fixtures name a row by what it is, so loading them again updates it and their ids
        # never collide with rows an editor made.
        rows = self.filter(
            organization__slug=organization_slug, kind=kind, weekday=weekday, opens=opens or None
        )
        rows = (
            rows.filter(location__name=location_name)
            if location_name
            else rows.filter(location__isnull=True)
        )
        row = rows.order_by("pk").first()
        if row is None:
            raise self.model.DoesNotExist
        return row


@dataclass(frozen=True)
class OpenStatus:
    """What a visitor reads beside a table of hours: open now until, or when it opens next."""

    is_open: bool
    until: datetime.datetime | None = None  # when open: when it closes (Amsterdam time)
    next_opening: datetime.datetime | None = None  # when closed: the next opening
    by_appointment_only: bool = False


class OpeningHours(TranslatedContent):
    """One weekly opening of an office or of an organization's phone line, e.g. Monday 09-17.

    A day with two openings (09-12, 13-17) has two rows. Times are wall-clock time in the
    Netherlands (Europe/Amsterdam), so they stay right across the change to summer time.
    """

    translated_fields = ("note",)

    class Kind(models.TextChoices):
        # For editors only (the admin is in English); pages say "Phone line" themselves.
        OFFICE = "office", "Office"
        PHONE = "phone", "Phone line"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="hours")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PHONE)
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hours",
        help_text="The office these hours are for. Leave empty for the phone line.",
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(
        null=True, blank=True, help_text="At or before the opening time: it closes the next day."
    )
    by_appointment_only = models.BooleanField(default=False)
    temporarily_closed = models.BooleanField(default=False)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    objects = OpeningHoursManager()

    class Meta:
        ordering = ["organization", "kind", "location", "weekday", "opens"]
        verbose_name_plural = "opening hours"
        indexes = [models.Index(fields=["weekday", "opens"], name="openinghours_weekday_opens")]

    def __str__(self):
        where = self.location.name if self.location_id else self.get_kind_display()
        return (
            f"{self.organization}: {where}, {self.get_weekday_display()} {self.opens}-{self.closes}"
        )

    def natural_key(self):
        location = self.location.name if self.location_id else ""
        opens = self.opens.isoformat(timespec="minutes") if self.opens else ""
        return (self.organization.slug, self.kind, location, self.weekday, opens)

    natural_key.dependencies = ["organizations.organization", "organizations.location"]

    def clean(self):
        super().clean()
        if self.kind == self.Kind.OFFICE and not self.location_id:
            raise ValidationError({"location": "Office hours need the office they are for."})
        if self.kind == self.Kind.PHONE and self.location_id:
            raise ValidationError({"location": "Phone-line hours are for no office: leave empty."})
        if (
            self.location_id
            and self.organization_id
            and (self.location.organization_id != self.organization_id)
        ):
            raise ValidationError({"location": "That office belongs to another organization."})
        if (self.opens is None) != (self.closes is None):
            raise ValidationError("Give both the opening and the closing time, or neither.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "Before the day it is valid from."})

    @property
    def crosses_midnight(self):
        return self.closes <= self.opens

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    def openings_around(self, moment):
        """(opens, closes) as Amsterdam datetimes for each day this row applies to, from the
        day before `moment` to a week after it."""
        if self.temporarily_closed or self.opens is None or self.closes is None:
            return
        start = amsterdam_time(moment).date() - datetime.timedelta(days=1)
        for offset in range(9):
            day = start + datetime.timedelta(days=offset)
            if day.isoweekday() != self.weekday or not self.is_valid_on(day):
                continue
            # Wall-clock times on that day: zoneinfo gives each its own UTC offset, so an
            # opening on the first day of summer time is an hour earlier in UTC, as it should be.
            opens = datetime.datetime.combine(day, self.opens, tzinfo=AMSTERDAM)
            close_day = day + datetime.timedelta(days=1) if self.crosses_midnight else day
            closes = datetime.datetime.combine(close_day, self.closes, tzinfo=AMSTERDAM)
            yield opens, closes

    def is_open_at(self, moment=None):
        moment = moment or timezone.now()
        return any(opens <= moment < closes for opens, closes in self.openings_around(moment))

    @classmethod
    def status(cls, hours, moment=None):
        """Open now (until when), or the next opening within a week, for a list of rows (one
        office's or one phone line's). None when there are no usable hours at all."""
        moment = moment or timezone.now()
        openings = sorted(
            (opens, closes, row.by_appointment_only)
            for row in hours
            for opens, closes in row.openings_around(moment)
        )
        if not openings:
            return None
        current = [o for o in openings if o[0] <= moment < o[1]]
        if current:
            # Back-to-back openings (09-12, 12-17) read as one: open until 17:00.
            until = max(closes for _o, closes, _a in current)
            for opens, closes, _a in openings:
                if opens <= until < closes:
                    until = closes
            return OpenStatus(
                True,
                until=until.astimezone(AMSTERDAM),
                by_appointment_only=all(a for _o, _c, a in current),
            )
        upcoming = [o for o in openings if o[0] > moment]
        if not upcoming:
            return OpenStatus(False)
        opens, _closes, appointment = upcoming[0]
        return OpenStatus(
            False, next_opening=opens.astimezone(AMSTERDAM), by_appointment_only=appointment
        )
