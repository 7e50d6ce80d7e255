"""Editors' content in the visitor's language, with an honest note where it is not (yet)."""

import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext

from glossary.models import Term

register = template.Library()

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# Markup that text substitutions must leave whole: tags, and entities such as &#x27;.
TAG = re.compile(r"(<[^>]+>|&#?\w+;)")
# A phone number, a time or a range of them: digits joined by spaces, dots, colons or dashes.
NUMBER = re.compile(r"\+?\d(?:\d|[ .:\-–](?=\d))*")


def in_current_language(obj, field):
    """The field's text and whether it fell back to the source (English) text."""
    language = get_language()
    if not hasattr(obj, f"{field}_{SOURCE_LANGUAGE}") or language == SOURCE_LANGUAGE:
        return getattr(obj, field) or "", False
    text = getattr(obj, f"{field}_{language}", None)
    if text:
        return text, False
    return getattr(obj, f"{field}_{SOURCE_LANGUAGE}") or "", True


def substitute_in_text(html, pattern, replacement):
    """pattern.sub() on the text of some HTML only, never inside a tag or an entity."""
    parts = TAG.split(html)
    return "".join(
        part if TAG.fullmatch(part) else pattern.sub(replacement, part) for part in parts
    )


def keep_numbers_left_to_right(html):
    """In right-to-left text "+31 88 043 0430" or "09:00–17:00" would be read backwards."""
    if not get_language_bidi():
        return html
    return substitute_in_text(html, NUMBER, r'<span dir="ltr">\g<0></span>')


@register.simple_tag
def text(obj, field):
    """One line of content; in English with a short note if it is not translated yet."""
    value, fell_back = in_current_language(obj, field)
    if not fell_back:
        return mark_safe(keep_numbers_left_to_right(escape(value)))  # noqa: S308 (escaped)
    return format_html(
        '<span lang="{}" dir="ltr">{}</span> <small class="untranslated">({})</small>',
        SOURCE_LANGUAGE,
        value,
        gettext("not yet translated"),
    )


@register.simple_tag(takes_context=True)
def paragraphs(context, obj, field):
    """Paragraphs of content, with the Dutch words of the glossary linked to their explanation."""
    value, fell_back = in_current_language(obj, field)
    if not value:
        return ""
    html = link_glossary_terms(context, linebreaks(escape(value)))
    if not fell_back:
        # Escaped above; only glossary links and direction marks are added.
        return mark_safe(keep_numbers_left_to_right(html))  # noqa: S308
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


@register.inclusion_tag("includes/draft_note.html", takes_context=True)
def draft_note(context, *objects):
    """Small print when what the page shows in this language is an unreviewed draft."""
    language = get_language()
    is_draft = any(
        obj.translation_status(language) == "draft"
        for candidates in objects
        for obj in ([candidates] if hasattr(candidates, "translation_status") else candidates)
    )
    request = context.get("request")
    english_url = translate_url(request.get_full_path(), SOURCE_LANGUAGE) if request else ""
    return {"is_draft": is_draft, "english_url": english_url}
