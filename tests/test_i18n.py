"""The site speaks the visitor's language: eight of them, right-to-left where needed."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from glossary.models import Term
from organizations.models import Organization
from procedures.models import Stage

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE = Path(settings.BASE_DIR) / "locale"
# What each language calls itself, as the switcher shows it.
NAMES = {
    "en": "English",
    "nl": "Nederlands",
    "ar": "العربية",
    "fa": "فارسی",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "uk": "Українська",
    "so": "Soomaali",
}


def translated(language, message):
    with translation.override(language):
        return translation.gettext(message)


def html_tag(page):
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    ["", "stages/after-decision/", "organizations/", "organizations/coa/", "glossary/"],
)
def test_every_page_renders_in_every_language(client, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    page = response.content.decode()
    direction = "rtl" if language in {"ar", "fa"} else "ltr"
    assert html_tag(page) == f'<html lang="{language}" dir="{direction}">'
    assert translated(language, "Find an organization") in page
    if language != "en":
        assert translated(language, "Find an organization") != "Find an organization"
        assert ">Find an organization<" not in page


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_seed_content_is_translated_in_every_language(client, language):
    stage = Stage.objects.get(slug="after-decision")
    assert getattr(stage, f"title_{language}")
    page = client.get(f"/{language}/stages/after-decision/").content.decode()
    assert escape(getattr(stage, f"title_{language}")) in page
    assert "not yet translated" not in page
    coa = Organization.objects.get(slug="coa")
    organization_page = client.get(f"/{language}/organizations/coa/").content.decode()
    assert escape(getattr(coa, f"summary_{language}")) in organization_page
    # Names stay official and Dutch in every language.
    assert "Centraal Orgaan opvang asielzoekers" in organization_page


def test_language_switcher_lists_each_language_in_its_own_name_and_keeps_the_filters(client):
    page = client.get("/nl/organizations/?stage=job-market&municipality=amsterdam").content.decode()
    for code, name in NAMES.items():
        assert (
            f'href="/{code}/organizations/?stage=job-market&amp;municipality=amsterdam"' in page
        ), code
        assert name in page
    assert "<form" not in page.split('<nav class="language-nav"')[1].split("</nav>")[0]


def test_filters_and_pagination_keep_the_language(client):
    Organization.objects.bulk_create(
        Organization(slug=f"extra-{n:03}", name=f"Extra {n:03}", kind="non-profit")
        for n in range(20)
    )
    page = client.get("/tr/organizations/?kind=non-profit").content.decode()
    assert 'action="/tr/organizations/"' in page
    assert 'href="?kind=non-profit&amp;page=2"' in page
    second = client.get("/tr/organizations/?kind=non-profit&page=2")
    assert html_tag(second.content.decode()).startswith('<html lang="tr"')


def test_root_sends_a_first_visit_to_the_browser_language_without_a_cookie(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/fa/"
    assert not response.cookies
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Location"] == "/en/"
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.parametrize(
    "header",
    ["", "*", "ar;q=xyz", ";;;,,,", "x" * 4096, "ar-" + "a" * 4000, "ti;q=0.5, so;q=0.9", "\x00"],
)
def test_malformed_or_huge_accept_language_is_never_a_500(client, header):
    client.raise_request_exception = False
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert re.fullmatch(r"/[a-z]{2}/", response["Location"])


def test_unknown_language_prefix_is_a_404_in_the_default_language(client):
    response = client.get("/xx/organizations/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    page = response.content.decode()
    assert html_tag(page) == '<html lang="en" dir="ltr">'
    assert "Page not found" in page


def test_404_is_translated_in_a_known_language(client):
    page = client.get("/so/organizations/no-such-organization/").content.decode()
    assert translated("so", "Page not found") in page
    assert translated("so", "Page not found") != "Page not found"


def test_every_page_has_hreflang_alternates(client):
    page = client.get("/uk/organizations/coa/").content.decode()
    for code in LANGUAGES:
        assert f'hreflang="{code}" href="http://testserver/{code}/organizations/coa/"' in page
    assert 'hreflang="x-default" href="http://testserver/en/organizations/coa/"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/fa/organizations/?q=raad&amp;stage=after-decision",
        "/ar/organizations/coa/",
        # A missing page of a known kind: each language's link is that missing page too.
        "/so/organizations/no-such-organization/",
    ],
)
def test_the_language_menu_links_to_this_page_and_query_in_each_language(client, path):
    page = client.get(path.replace("&amp;", "&")).content.decode()
    nav = page[page.index('class="language-nav"') :]
    for code in LANGUAGES:
        assert f'<a href="/{code}/{path[4:]}" hreflang="{code}"' in nav


def test_rtl_pages_keep_phone_numbers_and_addresses_left_to_right(client):
    page = client.get("/ar/organizations/coa/").content.decode()
    assert '<a href="tel:+31887157000" dir="ltr">088 715 7000</a>' in page
    assert '<a href="mailto:info@coa.nl" dir="ltr">info@coa.nl</a>' in page
    assert 'dir="ltr" rel="noopener noreferrer">https://www.coa.nl</a>' in page


def test_missing_content_falls_back_to_english_with_a_note(client):
    Stage.objects.filter(slug="job-market").update(
        title_ti="", summary_ti="", body_ti="", title_en="Entering the job market"
    )
    page = client.get("/ti/stages/job-market/").content.decode()
    assert '<span lang="en" dir="ltr">Entering the job market</span>' in page
    assert translated("ti", "not yet translated") in page
    assert (
        translated(
            "ti", "This text is not yet translated into your language, so it is shown in English."
        )
        in page
    )


def test_unreviewed_translations_are_marked_as_drafts_and_reviewed_ones_are_not(client):
    note = translated(
        "ar",
        "This translation was made without a check by a native speaker yet. "
        "If something is unclear, read it in English.",
    )
    assert note in client.get("/ar/stages/job-market/").content.decode()
    stage = Stage.objects.get(slug="job-market")
    stage.reviewed_languages = {"ar": {}, "nl": {}}
    stage.save()
    assert note not in client.get("/ar/stages/job-market/").content.decode()
    assert Stage.objects.get(slug="job-market").translation_status("ar") == "reviewed"
    assert Stage.objects.get(slug="job-market").translation_status("fa") == "draft"


def test_glossary_explains_the_dutch_words_in_every_language(client):
    expected = [
        "asielzoeker",
        "statushouder",
        "aanmeldgehoor",
        "nader gehoor",
        "voornemen",
        "zienswijze",
        "beschikking",
        "beroep",
        "azc",
        "COL",
        "inburgering",
        "PIP",
        "BSN",
        "gemeente",
        "DUO",
        "taakstelling",
        "buitenschuldvergunning",
        "IND",
        "COA",
        "DTenV",
        "DJI",
        "AVIM",
        "RvR",
        "VWN",
    ]
    assert set(expected) <= set(Term.objects.values_list("term", flat=True))
    for language in LANGUAGES:
        page = client.get(f"/{language}/glossary/").content.decode()
        for term in expected:
            assert f'<dfn lang="nl" dir="ltr">{term}</dfn>' in page, (language, term)
        for term in Term.objects.all():
            assert getattr(term, f"explanation_{language}"), (language, term.term)


def test_glossary_terms_in_guide_text_link_to_their_explanation(client):
    page = client.get("/ar/stages/during-procedure/").content.decode()
    assert (
        '<a class="term" href="/ar/glossary/#aanmeldgehoor" lang="nl" dir="ltr">aanmeldgehoor</a>'
        in page
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interface_string_is_untranslated_or_fuzzy(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")
    assert "fuzzy" not in entries[0], "the header is still marked fuzzy"
    for entry in entries[1:]:
        if not entry.strip() or entry.lstrip().startswith("#~"):
            continue
        assert "#, fuzzy" not in entry, entry
        for msgstr in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry + "\n", re.M):
            assert "".join(re.findall(r'"(.*)"', msgstr)), f"untranslated in {language}: {entry}"


def test_rtl_pages_keep_dutch_names_and_addresses_in_their_own_direction(client):
    page = client.get("/ar/organizations/coa/").content.decode()
    assert "<bdi>2500 GE Den Haag</bdi>" in page
    home = client.get("/fa/").content.decode()
    assert "<bdi>Centraal Orgaan opvang asielzoekers (COA)</bdi>" in home


def test_numbers_and_times_in_rtl_text_read_left_to_right(client):
    page = client.get("/ar/organizations/ind/").content.decode()
    assert '<span dir="ltr">+31 88 043 0430</span>' in page
    assert '<span dir="ltr">09:00–17:00</span>' in page
    # Left-to-right pages need no such marks.
    dutch = client.get("/nl/organizations/ind/").content.decode()
    assert '<span dir="ltr">' not in dutch


def test_notes_about_an_organization_are_translated(client):
    page = client.get("/nl/organizations/avim/").content.decode()
    avim = Organization.objects.get(slug="avim")
    assert escape(avim.phone_note_nl) in page
    assert escape(avim.parent_body_nl) in page
    assert escape(avim.source_note_nl) in page
    assert avim.phone_note_nl != avim.phone_note_en


def test_marks_for_numbers_never_break_an_escaped_character(client):
    page = client.get("/ar/organizations/welkomplein-den-bosch/").content.decode()
    assert "&#x<span" not in page
    assert "&#x27;s-Hertogenbosch" in page
