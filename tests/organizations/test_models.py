import pytest

from organizations.models import Organization, is_web_address, tel_uri


@pytest.mark.parametrize(
    "written, uri",
    [
        ("088 043 0430", "tel:+31880430430"),
        ("088-043 04 30", "tel:+31880430430"),
        ("(088) 043 0430", "tel:+31880430430"),
        ("+31 88 043 0430", "tel:+31880430430"),
        ("+31 (0)88 043 0430", "tel:+31880430430"),
        ("0031 88 043 0430", "tel:+31880430430"),
        ("0900-8844", "tel:+319008844"),
        ("112", "tel:112"),
        ("+32 2 123 45 67", "tel:+3221234567"),
        ("", ""),
        ("not listed", ""),
    ],
)
def test_tel_uri_dials_the_number_as_written_in_the_netherlands(written, uri):
    assert tel_uri(written) == uri


@pytest.mark.parametrize(
    "url, is_link",
    [
        ("https://www.coa.nl", True),
        ("HTTP://example.org/a", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/", False),
        ("www.coa.nl", False),
    ],
)
def test_only_web_addresses_become_links(url, is_link):
    assert is_web_address(url) is is_link
    organization = Organization(website=url, sources=f"{url}\nhttps://ind.nl")
    assert (organization.website_url != "") is is_link
    assert (url.strip() in organization.source_urls) is is_link


def test_the_website_reads_without_its_scheme_on_a_card():
    assert Organization(website="https://www.coa.nl/en").website_label == "www.coa.nl/en"
    assert Organization(website="javascript:alert(1)").website_label == ""
