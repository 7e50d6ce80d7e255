"""Marks the searched words in a line of results: <mark>imigration</mark> as it matched."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.text import words

register = template.Library()

# A word with its accents and vowel marks, so "قانونيّة" is marked whole.
WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u200c])*")


@register.filter
def marked(text, search):
    """The text, escaped, with each word that matched the search in <mark>."""
    text = str(text or "")
    wanted = search.marked_words if search else set()
    if not wanted:
        return escape(text)
    parts, last = [], 0
    for match in WORD.finditer(text):
        normalised = "".join(words(match.group()))
        if normalised and any(normalised.startswith(word) for word in wanted):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped)
