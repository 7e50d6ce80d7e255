from django.db import models

from common.models import CheckedAgainstRules, SlugQuerySet, TranslatedContent
from common.urls import cached_reverse


class Term(CheckedAgainstRules, TranslatedContent):
    """A Dutch word people meet on letters and at desks, explained in plain language."""

    translated_fields = ("explanation",)

    slug = models.SlugField(unique=True)
    term = models.CharField(
        max_length=100, help_text="Exactly as it is written on paper, in Dutch. Never translated."
    )
    variants = models.TextField(
        blank=True,
        help_text="Other forms that should link here too (plurals, long forms), one per line.",
    )
    explanation = models.TextField(help_text="Plain language, two or three short sentences.")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{cached_reverse('glossary:index')}#{self.slug}"

    def natural_key(self):
        return (self.slug,)

    @property
    def forms(self):
        return [self.term] + [line.strip() for line in self.variants.splitlines() if line.strip()]
