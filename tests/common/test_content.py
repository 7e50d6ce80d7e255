"""The HTML-safe text substitutions behind the content tags, with their tricky inputs."""

import re

import pytest
from django.utils import translation

from common.templatetags.content import keep_numbers_left_to_right, substitute_in_text
from glossary.templatetags.glossary import link_glossary_terms

LTR = '<span dir="ltr">{}</span>'


def test_substitutions_never_touch_tags_or_entities():
    html = '<a href="tel:+31880430430" title="IND 2">IND</a> it&#x27;s IND &amp; IND'
    result = substitute_in_text(html, re.compile("IND"), "X")
    assert result == '<a href="tel:+31880430430" title="IND 2">X</a> it&#x27;s X &amp; X'


@pytest.mark.parametrize(
    "html, expected",
    [
        ("Bel 088 043 0430.", f"Bel {LTR.format('088 043 0430')}."),
        ("+31 88 043 0430", LTR.format("+31 88 043 0430")),
        ("09:00–17:00", LTR.format("09:00–17:00")),
        ("0900-8844 of 112", f"{LTR.format('0900-8844')} of {LTR.format('112')}"),
        # The entity's digits stay whole: &#x27; is not a number to mark.
        ("it&#x27;s 5 years", f"it&#x27;s {LTR.format('5')} years"),
        (
            '<a href="tel:+31880430430">088</a>',
            f'<a href="tel:+31880430430">{LTR.format("088")}</a>',
        ),
        ("اتصل على 088 043 0430", f"اتصل على {LTR.format('088 043 0430')}"),
        # A sentence's full stop is not part of the number.
        ("5.", f"{LTR.format('5')}."),
    ],
)
def test_numbers_read_left_to_right_in_right_to_left_pages(html, expected):
    with translation.override("ar"):
        assert keep_numbers_left_to_right(html) == expected


def test_left_to_right_pages_are_left_alone():
    with translation.override("en"):
        assert keep_numbers_left_to_right("Bel 088 043 0430.") == "Bel 088 043 0430."


@pytest.mark.django_db
def test_glossary_terms_link_once_in_text_never_in_tags_and_acronyms_by_case():
    html = (
        '<p title="IND">The IND decides. The IND again. The kind of help; '
        "a voornemen is a Voornemen.</p>"
    )
    result = link_glossary_terms({"request": None}, html)
    assert result.count('<a class="term" href="/en/glossary/#ind" lang="nl" dir="ltr">IND</a>') == 1
    assert '<p title="IND">' in result  # never inside a tag
    assert "kind of help" in result  # "ind" inside a word, and in lower case, is not IND
    assert result.count('href="/en/glossary/#voornemen"') == 1
    assert "a Voornemen." in result  # the second mention stays plain
