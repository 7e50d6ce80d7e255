"""Our entries as HSDS 3.0 objects: which model becomes which object (the mapping).

| ours | HSDS |
|---|---|
| Organization | organization (phones, locations, topics as attributes) |
| Role (organization x stage x optional step) | service of its organization |
| Location (an office, or a postal address) | location (physical / postal): address, phone, hours |
| each service x each office of its organization | service_at_location |
| Stage, Step, Topic | taxonomy_term of two taxonomies (stages with their steps; topics) |
| Municipality an organization works in | service_area of its services (none: nationwide) |

Texts are in the active language (the API's `lang`), with English where a text is missing, as
the site's pages do. A field we hold nothing for is left out (HSDS types have no null, and an
empty string is not a valid e-mail address or URL).

Ids: each entry's stored id (hsds.models); what HSDS needs ids for and we do not store as rows
(an address, a phone, a schedule, an attribute, a service at a location) gets `uuid5` of its
parent's id and what it is, so it is as stable as its parent's.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from organizations.models import Location, OpeningHours, Organization, Topic, language_name
from procedures.models import Role, Stage, Step

from .models import fill_ids, mint, with_ids

HSDS_VERSION = "3.0"
STAGES_TAXONOMY = mint("taxonomy:stages")
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # iCal's, for ISO weekdays 1-7
TOPICS_TAXONOMY = mint("taxonomy:topics")


def compact(document):
    """Without the fields we hold nothing for."""
    return {key: value for key, value in document.items() if value not in ("", None)}


# The querysets: each page of the API costs the same few queries however many entries it
# lists (tests/hsds/test_api.py counts them).


def locations_queryset():
    return (
        with_ids(Location.objects.select_related("municipality"))
        .prefetch_related("hours")
        .order_by("name", "pk")
    )


def organizations_queryset():
    return (
        with_ids(Organization.objects.published())
        .prefetch_related(
            Prefetch("locations", queryset=locations_queryset()),
            Prefetch("topics", queryset=with_ids(Topic.objects.all())),
        )
        .order_by("name", "pk")
    )


def services_queryset():
    return (
        with_ids(Role.objects.published())
        .prefetch_related(
            Prefetch(
                "organization",
                queryset=with_ids(Organization.objects.all()).prefetch_related(
                    Prefetch("locations", queryset=locations_queryset()),
                    Prefetch("topics", queryset=with_ids(Topic.objects.all())),
                    "municipalities",
                    "hours",
                ),
            )
        )
        .order_by("organization__name", "organization_id", "stage__position", "pk")
    )


@dataclass
class Terms:
    """Every stage, step and topic with its id: a few dozen rows, read once per request."""

    stages: dict = field(default_factory=dict)
    steps: dict = field(default_factory=dict)
    topics: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        return cls(
            stages={s.pk: s for s in fill_ids(list(with_ids(Stage.objects.all())))},
            steps={s.pk: s for s in fill_ids(list(with_ids(Step.objects.all())))},
            topics={t.pk: t for t in fill_ids(list(with_ids(Topic.objects.all())))},
        )

    def all(self):
        return [*self.stages.values(), *self.steps.values(), *self.topics.values()]

    def by_id(self, value):
        """The stage, step or topic with that HSDS id, or None."""
        for term in self.all():
            if term.hsds_id == value:
                return term
        return None


class Documents:
    """Builds the HSDS objects, with links to our pages under `base_url` in one language."""

    def __init__(self, base_url, language, terms=None):
        self.base = base_url.rstrip("/")
        self.language = language
        self._terms = terms
        self._term_documents = {}

    @property
    def terms(self):
        if self._terms is None:
            self._terms = Terms.load()
        return self._terms

    def url(self, viewname, *args):
        with translation.override(self.language):
            return self.base + reverse(viewname, args=args)

    # Taxonomies and their terms

    def taxonomies(self):
        return [
            {
                "id": str(STAGES_TAXONOMY),
                "name": "Refugee Guide NL: stages and steps of the asylum journey",
                "description": "The four stages of the asylum journey in the Netherlands and "
                "their steps, as the guide names them; a step's parent is its stage.",
                "uri": self.url("procedures:journey"),
                "version": "1",
            },
            {
                "id": str(TOPICS_TAXONOMY),
                "name": "Refugee Guide NL: topics",
                "description": "What an organization helps with, as the directory filters it.",
                "uri": self.url("organizations:list"),
                "version": "1",
            },
        ]

    def term(self, term):
        # The same few dozen terms recur in every service: each is built once per request.
        key = (type(term), term.pk)
        if key not in self._term_documents:
            self._term_documents[key] = self._term(term)
        return self._term_documents[key]

    def _term(self, term):
        if isinstance(term, Stage):
            document = {
                "code": term.slug,
                "name": term.title,
                "description": term.summary,
                "taxonomy_id": str(STAGES_TAXONOMY),
                "term_uri": self.url("procedures:stage", term.slug),
            }
        elif isinstance(term, Step):
            stage = self.terms.stages[term.stage_id]
            document = {
                "code": f"{stage.slug}/{term.slug}",
                "name": term.title,
                "description": term.summary,
                "parent_id": str(stage.hsds_id),
                "taxonomy_id": str(STAGES_TAXONOMY),
                "term_uri": f"{self.url('procedures:stage', stage.slug)}#{term.slug}",
            }
        else:
            document = {
                "code": term.slug,
                "name": term.name,
                # Required by HSDS; a topic is a name only.
                "description": "",
                "taxonomy_id": str(TOPICS_TAXONOMY),
                "term_uri": f"{self.url('organizations:list')}?topic={term.slug}",
            }
        taxonomy = "stages" if document["taxonomy_id"] == str(STAGES_TAXONOMY) else "topics"
        return {
            "id": str(term.hsds_id),
            **compact(document),
            "description": document["description"],
            "taxonomy": f"refugeeguide-nl-{taxonomy}",
            "language": self.language,
        }

    def attribute(self, owner_id, entity, link_type, term):
        return {
            "id": str(mint(f"attribute:{owner_id}:{term.hsds_id}")),
            "link_id": str(owner_id),
            "link_type": link_type,
            "link_entity": entity,
            "taxonomy_term_id": str(term.hsds_id),
            "taxonomy_term": self.term(term),
        }

    # Organizations, locations, services

    def phone(self, owner, owner_id, number, note=""):
        return compact(
            {
                "id": str(mint(f"phone:{owner_id}")),
                f"{owner}_id": str(owner_id),
                "number": number,
                "description": note,
            }
        )

    def address(self, location):
        # HSDS requires a street line, city, province, postal code and country: an office
        # without a street line has no address object (its city is in its name).
        if not location.street_address:
            return []
        return [
            {
                "id": str(mint(f"address:{location.hsds_id}")),
                "location_id": str(location.hsds_id),
                "address_1": location.street_address,
                "city": location.city,
                "state_province": location.municipality.province if location.municipality else "",
                "postal_code": location.postal_code,
                "country": "NL",
                "address_type": "postal" if location.kind == Location.Kind.POSTAL else "physical",
            }
        ]

    def schedule(self, hours, owner, owner_id):
        """One weekly opening as an iCal-style HSDS schedule. Times are wall-clock time in the
        Netherlands: HSDS's `timezone` is one UTC offset, which summer time would make wrong
        for half the year, so the profile says so instead."""
        opens = hours.opens.isoformat(timespec="minutes") if hours.opens else ""
        notes = []
        if hours.by_appointment_only:
            notes.append(gettext("By appointment only"))
        if hours.temporarily_closed:
            notes.append(gettext("Temporarily closed"))
        return compact(
            {
                "id": str(mint(f"schedule:{owner_id}:{hours.kind}:{hours.weekday}:{opens}")),
                f"{owner}_id": str(owner_id),
                "freq": "WEEKLY",
                "byday": DAYS[hours.weekday - 1],
                "opens_at": opens,
                "closes_at": hours.closes.isoformat(timespec="minutes") if hours.closes else "",
                "valid_from": hours.valid_from.isoformat() if hours.valid_from else "",
                "valid_to": hours.valid_until.isoformat() if hours.valid_until else "",
                "attending_type": gettext("By phone")
                if hours.kind == OpeningHours.Kind.PHONE
                else gettext("In person"),
                "description": hours.note,
                "notes": "; ".join(notes),
            }
        )

    def schedules(self, location):
        found = [
            self.schedule(hours, "location", location.hsds_id)
            for hours in sorted(location.hours.all(), key=lambda h: (h.weekday, h.opens or 0))
        ]
        if location.opening_hours:
            # What an editor wrote as text, beside (or instead of) the weekly hours.
            found.append(
                {
                    "id": str(mint(f"schedule:{location.hsds_id}:text")),
                    "location_id": str(location.hsds_id),
                    "description": location.opening_hours,
                }
            )
        return found

    def languages(self, codes, owner, owner_id):
        return [
            {
                "id": str(mint(f"language:{owner_id}:{code}")),
                f"{owner}_id": str(owner_id),
                "code": code,
                "name": language_name(code, self.language),
            }
            for code in codes
        ]

    def location(self, location, organization_id):
        return compact(
            {
                "id": str(location.hsds_id),
                "location_type": "postal" if location.kind == Location.Kind.POSTAL else "physical",
                "organization_id": str(organization_id),
                "name": location.name,
                "addresses": self.address(location),
                "phones": [self.phone("location", location.hsds_id, location.phone)]
                if location.phone
                else [],
                "schedules": self.schedules(location),
                "languages": self.languages(
                    location.languages_spoken, "location", location.hsds_id
                ),
            }
        )

    def organization(self, organization, locations=True):
        fill_ids(list(organization.topics.all()))
        document = {
            "id": str(organization.hsds_id),
            "name": organization.name,
            "alternate_name": organization.name_en or organization.acronym,
            # Required by HSDS.
            "description": "\n\n".join(
                text for text in (organization.summary, organization.description) if text
            ),
            "email": organization.email,
            "website": organization.website_url,
            "uri": self.url("organizations:detail", organization.slug),
            "phones": [
                self.phone(
                    "organization",
                    organization.hsds_id,
                    organization.phone,
                    organization.phone_note,
                )
            ]
            if organization.phone
            else [],
            "attributes": [
                self.attribute(organization.hsds_id, "organization", "topic", topic)
                for topic in organization.topics.all()
            ],
        }
        if locations:
            document["locations"] = [
                self.location(location, organization.hsds_id)
                for location in fill_ids(list(organization.locations.all()))
            ]
        return {**compact(document), "description": document["description"]}

    def service_at_location(self, service_id, location, organization_id):
        return {
            "id": str(mint(f"service_at_location:{service_id}:{location.hsds_id}")),
            "service_id": str(service_id),
            "location_id": str(location.hsds_id),
            "location": self.location(location, organization_id),
        }

    def offices(self, organization):
        return [
            location
            for location in fill_ids(list(organization.locations.all()))
            if location.kind == Location.Kind.OFFICE
        ]

    def service(self, role, nested=True):
        organization = role.organization
        fill_ids([organization])
        stage = self.terms.stages[role.stage_id]
        attributes = [self.attribute(role.hsds_id, "service", "stage", stage)]
        if role.step_id:
            step = self.terms.steps[role.step_id]
            attributes.append(self.attribute(role.hsds_id, "service", "step", step))
        attributes += [
            self.attribute(role.hsds_id, "service", "topic", self.terms.topics[topic.pk])
            for topic in organization.topics.all()
        ]
        alert = ""
        if organization.status != Organization.Status.ACTIVE:
            with translation.override(self.language):
                alert = str(organization.get_status_display())
        document = {
            "id": str(role.hsds_id),
            "organization_id": str(organization.hsds_id),
            "name": role.title,
            "description": role.description,
            "url": organization.website_url,
            "email": organization.email,
            # HSDS has no status for "its current activity is not confirmed": that goes in
            # `alert`, and the service stays active.
            "status": "active",
            "alert": alert,
            "assured_date": organization.verified_on.isoformat()
            if organization.verified_on
            else "",
            "last_modified": (role.hsds_modified or organization.updated_at).isoformat(),
            "attributes": attributes,
            # The phone line's hours: HSDS gives a phone no schedule, a service has one.
            "schedules": [
                self.schedule(hours, "service", role.hsds_id)
                for hours in sorted(
                    organization.phone_hours(), key=lambda h: (h.weekday, h.opens or 0)
                )
            ],
            "languages": self.languages(organization.languages_spoken, "service", role.hsds_id),
            "service_areas": [
                {
                    "id": str(mint(f"service_area:{role.hsds_id}:{municipality.slug}")),
                    "service_id": str(role.hsds_id),
                    "name": municipality.name,
                    "extent_type": "municipality",
                }
                for municipality in organization.municipalities.all()
            ],
            "service_at_locations": [
                self.service_at_location(role.hsds_id, location, organization.hsds_id)
                for location in self.offices(organization)
            ],
        }
        if nested:
            document["organization"] = self.organization(organization, locations=False)
        return compact(document)


PROFILE = {
    "name": "Refugee Guide NL profile of HSDS 3.0",
    "description": (
        "HSDS 3.0 with one rule added for languages, which HSDS has no field for: every text "
        "is in the language asked for with ?lang= (en, nl, ar, fa, tr, uk, ti, so; English by "
        "default), English where a text is not translated yet. Ids are the same in every "
        "language; Content-Language says which one an answer is in."
    ),
}


def profile(base_url):
    """What the API root's `profile` links to: this profile, in words and lists."""
    from django.conf import settings

    base = base_url.rstrip("/")
    return {
        **PROFILE,
        "hsds_version": HSDS_VERSION,
        "languages": [
            {"code": code, "name": str(name), "right_to_left": code in ("ar", "fa")}
            for code, name in settings.LANGUAGES
        ],
        "language_parameter": "lang",
        "untranslated": "Organization names are never translated; any other text missing in "
        "a language is given in English.",
        "mapping": {
            "organization": "an organization in the directory (published ones only)",
            "service": "what an organization does at one stage of the journey, or at one step "
            "of it: the stage and step are its attributes (taxonomy terms)",
            "location": "an office you can visit (physical) or a postal address (postal)",
            "service_at_location": "each service of an organization at each of its offices",
            "taxonomy_term": "the stages and steps of the journey (a step's parent is its "
            "stage) and the directory's topics",
            "service_area": "a municipality the organization works in; a service with no "
            "service_area works nationwide",
        },
        "taxonomies": {"stages": str(STAGES_TAXONOMY), "topics": str(TOPICS_TAXONOMY)},
        "schedules": "Weekly hours (freq WEEKLY, byday, opens_at, closes_at as HH:MM) are "
        "wall-clock time in the Netherlands (Europe/Amsterdam), summer and winter alike: they "
        "carry no UTC offset and no `timezone`, which would be wrong half the year. A closing "
        "time at or before the opening time is on the next day. A phone line's hours are "
        "schedules of each service of its organization (attending_type: by phone); an office's "
        "are schedules of its location.",
        "languages_spoken": "languages (ISO 639 codes, named in the language asked for) on a "
        "location are its staff's or interpreters'; on a service, the organization's.",
        "polling": "Ask for /services?modified_after=<the time of your last poll> (ISO 8601), "
        "and send the ETag you got back as If-None-Match: an unchanged answer is a 304.",
        "licence_of_the_schemas": "HSDS: an Open Referral resource (https://openreferral.org/), "
        "CC BY-SA 4.0",
        "home": base + "/",
    }
