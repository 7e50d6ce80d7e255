"""A caseworker prints a referral sheet: A4, the person's language beside Dutch, Arabic too."""

import io
import re
import unicodedata

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .support import ARTIFACTS

A4 = (595.28, 841.89)  # points


def pdf_pages(pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [
        (float(page.mediabox.width), float(page.mediabox.height), page.extract_text())
        for page in reader.pages
    ]


def words(text):
    # PDF text of Arabic comes back in presentation forms, and in visual order.
    return set(re.findall(r"\w+", unicodedata.normalize("NFKC", text)))


def translated(language, message):
    with translation.override(language):
        return translation.gettext(message)


def print_sheet(page, name):
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "print" / f"{name}.pdf").write_bytes(pdf)
    return pdf_pages(pdf)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_caseworker_prints_a_sheet_in_two_languages_on_one_a4_page(new_context, site, language):
    page = new_context().new_page()
    page.goto(f"/{language}/organizations/ind/")
    page.get_by_role("link", name=translated(language, "Print in two languages")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(language, "Referral sheet")
    )
    pages = print_sheet(page, f"sheet-ind-{language}")
    assert len(pages) == 1  # one organization, one page
    width, height, text = pages[0]
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    found = words(text)
    # Dutch: what the desk will say, and the phone number as dialled.
    assert "Telefoonlijn" in found and "maandag" in found
    assert "088 043 0430" in text
    assert translated(language, "Referral sheet") not in text  # the intro is not printed
    if language == "ar":
        arabic = [w for w in found if re.search(r"[\u0600-\u06ff]", w)]
        assert len(arabic) > 20, text
        # "Phone line" and "Monday" in Arabic, in either order the PDF keeps them.
        for word in ("الهاتف", "الاثنين"):
            assert word in found or word[::-1] in found, (word, sorted(arabic))
    else:
        assert "Phone" in found and "Monday" in found


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_stage_sheet_prints_each_organization_on_its_own_a4_pages(new_context, site, language):
    page = new_context().new_page()
    page.goto(f"/{language}/stages/after-decision/")
    page.get_by_role("link", name=translated(language, "Print in two languages")).click()
    organizations = page.locator("article.sheet").count()
    assert organizations > 3
    pages = print_sheet(page, f"sheet-after-decision-{language}")
    assert all((round(w), round(h)) == (round(A4[0]), round(A4[1])) for w, h, _t in pages)
    # Each organization starts a new page; one whose roles fill more than a page takes two.
    assert organizations <= len(pages) <= 2 * organizations
    print(f"\n{language}: {organizations} organizations on {len(pages)} A4 pages")
