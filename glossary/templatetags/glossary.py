"""Paragraphs of content with the Dutch words of the glossary linked to their explanation."""

import re

from django import template
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from common.models import SOURCE_LANGUAGE
from common.templatetags.content import (
    english_url,
    in_current_language,
    keep_numbers_left_to_right,
    substitute_in_text,
)
from glossary.models import Term

register = template.Library()


@register.simple_tag(takes_context=True)
def paragraphs(context, obj, field):
    """Paragraphs of content, with the Dutch words of the glossary linked to their explanation."""
    value, fell_back = in_current_language(obj, field)
    if not value:
        return ""
    html = link_glossary_terms(context, linebreaks(escape(value)))
    if not fell_back:
        # Escaped above; only glossary links and direction marks are added.
        html = mark_safe(keep_numbers_left_to_right(html))  # noqa: S308
        if obj.is_outdated(field, get_language()):
            html += format_html(
                '<p class="outdated-note"><small>{} <a href="{}" hreflang="en" lang="en">'
                "English</a></small></p>",
                gettext("This part changed in English after it was translated."),
                english_url(context),
            )
        return html
    return format_html(
        '<div lang="{}" dir="ltr">{}</div><p class="untranslated"><small>{}</small></p>',
        SOURCE_LANGUAGE,
        mark_safe(html),  # noqa: S308
        gettext("This text is not yet translated into your language, so it is shown in English."),
    )


def glossary_pattern(context):
    """One pattern for every form of every term, longest first; built once per request."""
    request = context.get("request")
    cached = getattr(request, "_glossary_pattern", None)
    if cached is not None:
        return cached
    forms = {}
    for term in Term.objects.only("slug", "term", "variants"):
        for form in term.forms:
            forms[form] = term
    alternatives = []
    for form in sorted(forms, key=len, reverse=True):
        # Acronyms must match their case (IND, COL); Dutch words may start a sentence.
        flags = "-i" if form.isupper() else "i"
        alternatives.append(f"(?{flags}:{re.escape(form)})")
    pattern = None
    if alternatives:
        # The pattern finds a form in its case; the term is looked up case-folded.
        by_lower = {form.lower(): term for form, term in forms.items()}
        pattern = (re.compile(rf"(?<![\w-])({'|'.join(alternatives)})(?![\w-])"), by_lower)
    if request is not None:
        request._glossary_pattern = pattern or False
    return pattern


def link_glossary_terms(context, html):
    found = glossary_pattern(context)
    if not found:
        return html
    pattern, by_lower = found
    linked = set()

    def link(match):
        word = match.group(0)
        term = by_lower.get(word.lower())
        if term is None or term.pk in linked:
            return word
        linked.add(term.pk)
        return format_html(
            '<a class="term" href="{}" lang="nl" dir="ltr">{}</a>', term.get_absolute_url(), word
        )

    return substitute_in_text(html, pattern, link)
