"""Editors' content in the visitor's language, with an honest note where it is not (yet)."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext

from common.models import SOURCE_LANGUAGE, TranslationStatus
from common.urls import in_language

register = template.Library()

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


@register.inclusion_tag("includes/draft_note.html", takes_context=True)
def draft_note(context, *objects):
    """Small print when what the page shows in this language is outdated or an unreviewed draft."""
    language = get_language()
    statuses = {
        obj.translation_status(language)
        for candidates in objects
        for obj in ([candidates] if hasattr(candidates, "translation_status") else candidates)
    }
    return {
        "is_outdated": TranslationStatus.OUTDATED in statuses,
        "is_draft": TranslationStatus.DRAFT in statuses,
        "english_url": english_url(context),
    }


def english_url(context):
    """This page in English, where every text is current."""
    request = context.get("request")
    return in_language(request, SOURCE_LANGUAGE) if request else ""
