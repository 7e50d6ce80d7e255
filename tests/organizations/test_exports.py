"""What leaves the site: the referral sheet, the vCard, the CSV, JSON-LD, sitemap and robots."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import numpy
import pytest
import vobject
import zxingcpp
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from common.cache import invalidate
from organizations.models import Location, OpeningHours, Organization
from procedures.models import Role

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


# The QR code: the SVG on the page, read back as a picture and decoded ------------------------


def svg_modules(svg):
    """The dark modules of segno's inline SVG (one path of horizontal strokes), as a picture.

    This reads what the page carries, not a QR code made again from the URL.
    """
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = float(re.search(r"scale\(([\d.]+)\)", svg).group(1))
    modules = round(size / scale)
    image = numpy.full((modules, modules), 255, dtype=numpy.uint8)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])\s*(-?[\d.]+)\s*(-?[\d.]+)?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            row = int(y - 0.5)
            image[row, int(x) : int(x + float(a))] = 0
            x += float(a)
    # Four pixels a module, so the decoder sees a clean picture.
    return numpy.kron(image, numpy.ones((4, 4), dtype=numpy.uint8))


def decode_qr_codes(page):
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    return [r.text for svg in svgs for r in zxingcpp.read_barcodes(svg_modules(svg))]


def test_the_sheet_holds_arabic_beside_dutch_and_a_qr_code_to_the_page(client):
    response = client.get("/ar/organizations/ind/sheet/")
    assert response.status_code == 200
    page = response.content.decode()
    ind = Organization.objects.get(slug="ind")
    # Both columns, each in its own language and direction.
    assert '<section class="sheet-column" lang="ar" dir="rtl"' in page
    assert '<section class="sheet-column" lang="nl" dir="ltr"' in page
    assert ind.summary_ar in page and ind.summary_nl in page
    with translation.override("nl"):
        assert gettext("How to reach them") in page
    assert "خط الهاتف" in page and "Telefoonlijn" in page  # the phone line's hours, both
    assert "maandag" in page and "الاثنين" in page
    assert "088 043 0430" in page
    # The QR code opens the same organization online, in Arabic.
    assert decode_qr_codes(page) == [f"{HOST}/ar/organizations/ind/"]
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_dutch_visitor_gets_dutch_beside_english(client):
    page = client.get("/nl/organizations/coa/sheet/").content.decode()
    assert 'lang="nl" dir="ltr"' in page and 'lang="en" dir="ltr"' in page
    assert decode_qr_codes(page) == [f"{HOST}/nl/organizations/coa/"]


def test_a_stage_sheet_has_one_page_per_organization_at_that_stage(client):
    page = client.get("/fa/stages/after-decision/sheet/").content.decode()
    at_stage = set(
        Role.objects.filter(
            stage__slug="after-decision", organization__is_published=True
        ).values_list("organization__slug", flat=True)
    )
    assert page.count('<article class="sheet"') == len(at_stage)
    urls = decode_qr_codes(page)
    assert sorted(urls) == sorted(f"{HOST}/fa/organizations/{slug}/" for slug in at_stage)


def test_the_directory_sheet_follows_the_filters(client):
    page = client.get("/tr/organizations/sheet/?kind=government").content.decode()
    government = Organization.objects.published().filter(kind="government")
    assert page.count('<article class="sheet"') == min(
        government.count(), settings.ORGANIZATIONS_PER_PAGE
    )
    assert 'href="/tr/organizations/?kind=government"' in page  # back to the same list


def test_unpublished_organizations_are_in_no_sheet_vcard_csv_or_sitemap(client):
    Organization.objects.filter(slug="coa").update(is_published=False)
    assert client.get("/en/organizations/coa/sheet/").status_code == 404
    assert client.get("/en/organizations/coa/contact.vcf").status_code == 404
    assert "/coa/" not in client.get("/en/stages/during-procedure/sheet/").content.decode()
    assert "Centraal Orgaan" not in client.get("/en/organizations/sheet/").content.decode()
    assert "Centraal Orgaan" not in client.get("/en/organizations/export.csv").content.decode()
    assert "/organizations/coa/" not in client.get("/sitemap-organizations.xml").content.decode()


# vCard ------------------------------------------------------------------------------------


def test_the_vcard_parses_and_carries_name_phones_email_website_and_offices(client):
    coa = Organization.objects.get(slug="coa")
    coa.email = "info@coa.example"
    coa.languages_spoken = ["nl", "ar"]
    coa.save()
    response = client.get("/en/organizations/coa/contact.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="coa.vcf"' in response["Content-Disposition"]
    card = vobject.readOne(response.content.decode())
    assert card.version.value == "4.0"
    assert card.fn.value == coa.name
    assert card.org.value == [coa.name]
    assert card.kind.value == "org"
    assert [tel.value for tel in card.contents["tel"]][0] == coa.phone_uri
    assert card.email.value == "info@coa.example"
    assert card.url.value == coa.website_url
    offices = [loc for loc in coa.locations.all() if loc.street_address or loc.city]
    addresses = card.contents.get("adr", [])
    assert len(addresses) == len(offices) > 0
    assert {a.value.city for a in addresses} == {loc.city for loc in offices}
    assert [lang.value for lang in card.contents["lang"]] == ["nl", "ar"]


def test_a_vcard_with_commas_and_semicolons_in_names_still_parses(client):
    coa = Organization.objects.get(slug="coa")
    Location.objects.create(
        organization=coa, name="Office; with, marks", street_address="Straat 1; 2", city="Ter Apel"
    )
    card = vobject.readOne(client.get("/en/organizations/coa/contact.vcf").content.decode())
    assert "Straat 1; 2" in {a.value.street for a in card.contents["adr"]}


# CSV --------------------------------------------------------------------------------------


def read_csv(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_round_trips_with_the_rows_of_its_filter_and_a_header_in_the_language(client):
    response = client.get("/ar/organizations/export.csv?stage=after-decision&kind=government")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    header, data = rows[0], rows[1:]
    assert header[0] == "الاسم"
    expected = (
        Organization.objects.published()
        .filter(kind="government", roles__stage__slug="after-decision")
        .distinct()
        .order_by("name")
    )
    assert [row[0] for row in data] == [o.name for o in expected]
    ind = next(row for row in data if row[0] == "Immigratie- en Naturalisatiedienst")
    assert ind[4] == "088 043 0430"
    assert ind[-1] == f"{HOST}/ar/organizations/ind/"
    assert "09:00-17:00" in ind[5]


def test_the_csv_lists_every_match_not_only_the_first_page(client):
    rows = read_csv(client.get("/en/organizations/export.csv"))
    assert rows[0][0] == "Name"
    assert len(rows) - 1 == Organization.objects.published().count()


def test_editor_text_never_runs_as_a_spreadsheet_formula(client):
    Organization.objects.filter(slug="coa").update(name_en="=HYPERLINK(1)")
    rows = read_csv(client.get("/en/organizations/export.csv?q=coa"))
    coa = next(row for row in rows if row[0].startswith("Centraal"))
    assert coa[1] == "'=HYPERLINK(1)"


def test_a_formula_starting_with_plus_or_minus_is_neutralised_but_a_phone_number_is_kept(client):
    Organization.objects.filter(slug="coa").update(name_en="+SUM(A1:A9)")
    Organization.objects.filter(slug="ind").update(phone="+31 88 043 0430")
    rows = read_csv(client.get("/en/organizations/export.csv"))
    coa = next(row for row in rows if row[0].startswith("Centraal"))
    ind = next(row for row in rows if row[0].startswith("Immigratie"))
    assert coa[1] == "'+SUM(A1:A9)"
    assert "+31 88 043 0430" in ind


def test_bad_filters_on_the_csv_are_ignored_not_a_500(client, monkeypatch):
    # Any value ticks "open now" (as a checkbox does), so the clock is fixed: a Wednesday.
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 2, 10, 0))
    response = client.get("/en/organizations/export.csv?stage=%00&kind=nope&language=xx&open=maybe")
    assert response.status_code == 200
    names = [row[0] for row in read_csv(response)[1:]]
    assert "Immigratie- en Naturalisatiedienst" in names  # open at 10:00, the bad filters ignored


# Opening hours on pages, and the directory's filters ---------------------------------------


def at(*args):
    return datetime.datetime(*args, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_the_organization_page_shows_hours_and_open_now_in_the_visitors_language(
    client, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 2, 10, 0))  # a Wednesday
    page = client.get("/nl/organizations/ind/").content.decode()
    assert "Telefoonlijn" in page and "maandag" in page and "09:00–17:00" in page
    assert "Nu open, tot 17:00" in page


def test_on_saturday_the_page_says_when_it_opens(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 5, 12, 0))
    page = client.get("/en/organizations/ind/").content.decode()
    assert "Opens at 09:00 on Monday" in page
    invalidate()  # the clock jumped two days; the cache's own clock did not
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 7, 7, 0))  # Monday morning
    assert "Opens at 09:00 today" in client.get("/en/organizations/ind/").content.decode()


class RecordingCache:
    """The page cache's backend, recording how long each page is kept."""

    def __init__(self, cache):
        self.cache, self.timeouts = cache, {}

    def set(self, key, value, timeout=None):
        self.timeouts[key] = timeout
        return self.cache.set(key, value, timeout)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_page_that_says_open_now_is_cached_only_until_it_closes(client, monkeypatch):
    import common.cache

    recording = RecordingCache(common.cache.cache)
    monkeypatch.setattr(common.cache, "cache", recording)
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 2, 16, 59, 30))
    pages = {
        "/en/organizations/ind/": 31,  # says "Open now, until 17:00": true for 31 s more
        "/en/organizations/?open=on": 31,  # lists what is open: the same
        "/en/organizations/": settings.PAGE_CACHE_SECONDS,  # does not depend on the time
        "/en/organizations/coa/": settings.PAGE_CACHE_SECONDS,  # no hours at all
    }
    for url, seconds in pages.items():
        before = set(recording.timeouts)
        page = client.get(url).content.decode()
        [key] = set(recording.timeouts) - before
        assert recording.timeouts[key] == seconds, url
        if url == "/en/organizations/ind/":
            assert "Open now, until 17:00" in page


def test_open_now_filter_on_a_fixed_clock(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 2, 8, 30))  # DTenV opens at 08:00
    page = client.get("/en/organizations/?open=on").content.decode()
    assert "Dienst Terugkeer en Vertrek" in page
    assert "Immigratie- en Naturalisatiedienst" not in page  # IND opens at 09:00
    invalidate()  # the clock jumped four days; the cache's own clock did not
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 12, 6, 12, 0))  # Sunday
    page = client.get("/en/organizations/?open=on").content.decode()
    assert "0 organizations found" in page


def test_languages_spoken_are_named_and_filtered(client):
    coa = Organization.objects.get(slug="coa")
    coa.languages_spoken = ["ar", "ti"]
    coa.save()
    office = Location.objects.filter(organization__slug="ind").first() or Location.objects.create(
        organization=Organization.objects.get(slug="ind"), name="Loket"
    )
    office.languages_spoken = ["fa"]
    office.save()
    page = client.get("/nl/organizations/coa/").content.decode()
    assert "Arabisch, Tigrinya" in page
    arabic = client.get("/en/organizations/?language=ar").content.decode()
    assert "Centraal Orgaan opvang asielzoekers" in arabic
    assert "1 organization found" in arabic
    persian = client.get("/en/organizations/?language=fa").content.decode()
    assert "Immigratie- en Naturalisatiedienst" in persian and "1 organization found" in persian
    assert client.get("/en/organizations/?language=arn").status_code == 200
    # The filter's choices are named in the page's language.
    assert ">Arabisch<" in client.get("/nl/organizations/").content.decode()


# schema.org JSON-LD ------------------------------------------------------------------------


def json_ld(page):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_json_ld_describes_the_organization_with_contact_point_and_hours(client):
    data = json_ld(client.get("/en/organizations/ind/").content.decode())
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Immigratie- en Naturalisatiedienst"
    point = data["contactPoint"]
    assert point["telephone"] == data["telephone"] == "+31880430430"
    days = {spec["dayOfWeek"] for spec in point["hoursAvailable"]}
    assert days == {
        f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    }
    coa = json_ld(client.get("/en/organizations/coa/").content.decode())
    assert coa["address"]["@type"] == "PostalAddress" and coa["address"]["addressCountry"] == "NL"
    ngo = json_ld(client.get("/en/organizations/vluchtelingenwerk-nederland/").content.decode())
    assert ngo["@type"] == "NGO"


def test_editor_text_cannot_close_the_json_ld_script(client):
    Organization.objects.filter(slug="coa").update(
        summary_en="</script><script>alert(1)</script><!--", name_en="a & b"
    )
    page = client.get("/en/organizations/coa/").content.decode()
    data = json_ld(page)  # still exactly one block, still valid JSON
    assert data["description"] == "</script><script>alert(1)</script><!--"
    block = page.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block


# sitemap.xml and robots.txt ----------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_sitemap_lists_every_public_page_in_every_language_with_its_alternates(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own XML)
    files = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    urls = {}
    for address in files:
        tree = ET.fromstring(client.get(address.removeprefix(HOST)).content)  # noqa: S314
        for url in tree.iter(f"{SITEMAP}url"):
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
            urls[url.find(f"{SITEMAP}loc").text] = alternates
    published = Organization.objects.published().count()
    assert len(urls) == 8 * (3 + 4 + published)
    ind = urls[f"{HOST}/ar/organizations/ind/"]
    assert ind["nl"] == f"{HOST}/nl/organizations/ind/"
    assert ind["ti"] == f"{HOST}/ti/organizations/ind/"
    assert set(ind) == {"en", "nl", "ar", "fa", "ti", "tr", "uk", "so", "x-default"}
    assert f"{HOST}/so/stages/after-decision/" in urls
    assert f"{HOST}/uk/glossary/" in urls


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def test_unknown_sitemap_sections_and_pages_are_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-organizations.xml?p=99").status_code == 404
    assert client.get("/sitemap-organizations.xml?p=-1").status_code == 404


# Cacheable, without cookies ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/ar/organizations/ind/sheet/",
        "/en/stages/after-decision/sheet/",
        "/nl/organizations/sheet/?kind=government",
        "/en/organizations/coa/contact.vcf",
        "/en/organizations/export.csv?kind=government",
        "/sitemap.xml",
        "/sitemap-organizations.xml",
        "/robots.txt",
    ],
)
def test_new_pages_are_cached_like_pages_and_set_no_cookie(client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert not first.cookies
    assert first["X-Cache"] == "miss"
    again = client.get(url)
    assert again["X-Cache"] == "hit"
    assert "Cookie" not in again.get("Vary", "")
    assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    assert client.post(url).status_code == 405


def test_the_organization_slug_sheet_is_reserved():
    organization = Organization(slug="sheet", name="Sheet", kind="non-profit")
    with pytest.raises(Exception, match="taken"):
        organization.full_clean()


def test_hours_of_an_office_show_on_its_organization_page(client):
    coa = Organization.objects.get(slug="coa")
    office = coa.locations.first()
    OpeningHours.objects.create(
        organization=coa,
        kind="office",
        location=office,
        weekday=2,
        opens=datetime.time(9),
        closes=datetime.time(12),
        by_appointment_only=True,
        note_en="Ring the bell.",
    )
    page = client.get("/en/organizations/coa/").content.decode()
    assert "Tuesday" in page and "09:00–12:00" in page and "by appointment only" in page
    assert "Ring the bell." in page
