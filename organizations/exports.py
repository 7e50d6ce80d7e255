"""What leaves the site for caseworkers and other directories: CSV, vCard, JSON-LD, QR codes.

Each is built with a maintained library (csv, vobject, json, segno), never by hand.
"""

import csv
import io
import json
import re

import segno
import vobject
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .models import Organization, Weekday, language_name, weekday_name

# schema.org types for our kinds; the rest are plain Organizations.
SCHEMA_TYPES = {
    Organization.Kind.GOVERNMENT: "GovernmentOrganization",
    Organization.Kind.POLICE: "GovernmentOrganization",
    Organization.Kind.NON_PROFIT: "NGO",
    Organization.Kind.LOCAL_FOUNDATION: "NGO",
    Organization.Kind.LEGAL_AID: "NGO",
    Organization.Kind.HEALTH_CARE: "MedicalOrganization",
}
SCHEMA_DAYS = {day.value: f"https://schema.org/{day.label}" for day in Weekday}
COUNTRY = "NL"


def qr_svg(url, title):
    """A QR code for `url` as inline SVG (segno): no image request, no script."""
    qr = segno.make(url, error="m", micro=False)
    # svg_inline leaves out the XML declaration, so it can sit inside the HTML.
    return mark_safe(qr.svg_inline(scale=3, title=title, svgclass="qr"))  # noqa: S308 (segno's markup; title escaped by segno)


def page_url(request, organization):
    """The organization's page online, in the current language."""
    return request.build_absolute_uri(organization.get_absolute_url())


# --- CSV -------------------------------------------------------------------------------------


def _office_line(location):
    parts = [location.name, location.street_address, f"{location.postal_code} {location.city}"]
    return ", ".join(part.strip() for part in parts if part.strip())


def _hours_line(rows):
    return "; ".join(
        f"{weekday_name(row.weekday)} {row.opens:%H:%M}-{row.closes:%H:%M}"
        for row in rows
        if row.opens and row.closes and not row.temporarily_closed
    )


# A phone number as editors type it: "+31 88 043 0430", "088-0777700", "(030) 252 0835".
PHONE_NUMBER = re.compile(r"[+\d(][\d\s()\-]*")


def _cell(value):
    """A spreadsheet runs a cell that starts with =, +, - or @ as a formula (OWASP's CSV
    injection): editors' text never does. A phone number keeps its +, as it is no formula."""
    value = str(value or "")
    if value[:1] in ("=", "@", "\t", "\r") or (
        value[:1] in ("+", "-") and not PHONE_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def directory_csv(organizations, request):
    """The rows of a filtered directory, with a header in the visitor's language.

    UTF-8 with a byte order mark, so spreadsheet programs read Dutch and Arabic correctly.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            gettext("Name"),
            gettext("In English:").rstrip(":"),
            gettext("Kind of organization"),
            gettext("What it does in your journey"),
            gettext("Phone"),
            gettext("Phone line hours"),
            gettext("Email"),
            gettext("Website"),
            gettext("Offices and addresses"),
            gettext("Languages spoken"),
            gettext("Last checked"),
            gettext("Page"),
        ]
    )
    for organization in organizations:
        stages = []
        for role in organization.roles.all():
            if role.stage.title not in stages:
                stages.append(role.stage.title)
        checked = getattr(organization, "last_checked_on", None) or organization.verified_on
        writer.writerow(
            _cell(value)
            for value in [
                organization.name,
                organization.name_en,
                organization.get_kind_display(),
                "; ".join(stages),
                organization.phone,
                _hours_line(organization.phone_hours()),
                organization.email,
                organization.website_url,
                " | ".join(_office_line(location) for location in organization.locations.all()),
                ", ".join(language_name(code) for code in organization.languages_spoken),
                checked.isoformat() if checked else "",
                page_url(request, organization),
            ]
        )
    return out.getvalue().encode("utf-8")


# --- vCard -----------------------------------------------------------------------------------


def vcard(organization, request):
    """The organization as a vCard 4.0 (RFC 6350), made and serialized by vobject."""
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("kind").value = "org"
    card.add("fn").value = organization.name
    card.add("org").value = [organization.name]
    if organization.name_en or organization.acronym:
        card.add("nickname").value = ", ".join(
            filter(None, [organization.acronym, organization.name_en])
        )
    phones = [(organization.phone_uri, organization.phone, "")]
    phones += [(loc.phone_uri, loc.phone, loc.name) for loc in organization.locations.all()]
    for uri, _written, label in phones:
        if uri:
            tel = card.add("tel")
            tel.value = uri  # RFC 6350: a tel: URI, as the phone dials it
            tel.params["VALUE"] = ["uri"]
            tel.params["TYPE"] = ["work", "voice"]
            if label:
                tel.params["LABEL"] = [label]
    if organization.email:
        card.add("email").value = organization.email
    if organization.website_url:
        card.add("url").value = organization.website_url
    for location in organization.locations.all():
        if not (location.street_address or location.city):
            continue
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=location.street_address,
            city=location.city,
            code=location.postal_code,
            country=COUNTRY,
        )
        adr.params["LABEL"] = [location.name]
        adr.params["TYPE"] = ["work"]
    for position, code in enumerate(organization.languages_spoken, start=1):
        lang = card.add("lang")
        lang.value = code
        lang.params["PREF"] = [str(position)]
    if organization.summary:
        card.add("note").value = organization.summary
    card.add("source").value = request.build_absolute_uri(request.path)
    card.add("rev").value = organization.updated_at.strftime("%Y%m%dT%H%M%SZ")
    return card.serialize()


# --- schema.org JSON-LD ----------------------------------------------------------------------


def _hours_specification(rows):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": SCHEMA_DAYS[row.weekday],
            "opens": f"{row.opens:%H:%M}",
            "closes": f"{row.closes:%H:%M}",
            **({"validFrom": row.valid_from.isoformat()} if row.valid_from else {}),
            **({"validThrough": row.valid_until.isoformat()} if row.valid_until else {}),
        }
        for row in rows
        if row.opens and row.closes and not row.temporarily_closed
    ]


def _address(location):
    return {
        "@type": "PostalAddress",
        "streetAddress": location.street_address,
        "postalCode": location.postal_code,
        "addressLocality": location.city,
        "addressCountry": COUNTRY,
    }


def international(tel_uri):
    """+31880430430 from tel:+31880430430: the form machines read without knowing the country."""
    return tel_uri.removeprefix("tel:")


def json_ld(organization, request):
    """schema.org data for search engines and other directories, as a <script> data block."""
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(organization.kind, "Organization"),
        "name": organization.name,
        "url": page_url(request, organization),
    }
    alternates = [name for name in (organization.acronym, organization.name_en) if name]
    if alternates:
        data["alternateName"] = alternates
    if organization.summary:
        data["description"] = organization.summary
    if organization.website_url:
        data["sameAs"] = organization.website_url
    if organization.email:
        data["email"] = organization.email
    if organization.phone_uri:
        data["telephone"] = international(organization.phone_uri)
    if organization.languages_spoken:
        data["knowsLanguage"] = organization.languages_spoken
    offices = [loc for loc in organization.locations.all() if loc.street_address or loc.city]
    if offices:
        data["address"] = _address(offices[0])
        data["location"] = [
            {
                "@type": "Place",
                "name": location.name,
                "address": _address(location),
                **({"telephone": international(location.phone_uri)} if location.phone_uri else {}),
                **(
                    {"openingHoursSpecification": spec}
                    if (spec := _hours_specification(location.hours.all()))
                    else {}
                ),
            }
            for location in offices
        ]
    if organization.phone_uri:
        point = {"@type": "ContactPoint", "telephone": international(organization.phone_uri)}
        point["contactType"] = "customer service"
        if organization.languages_spoken:
            point["availableLanguage"] = organization.languages_spoken
        if spec := _hours_specification(organization.phone_hours()):
            point["hoursAvailable"] = spec
        data["contactPoint"] = point
    # As Django's json_script escapes: editors' text can never close the <script> element.
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
