"""What every content app shares: translated content and lookups by slug.

Feature apps import from here; this module imports none of them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class TranslationStatus(models.TextChoices):
    # For editors only: the admin is in English.
    MISSING = "missing"
    DRAFT = "draft"
    REVIEWED = "reviewed"


class TranslatedContent(models.Model):
    """Content that editors write in English and translate into the site's other languages.

    A translation is *missing* when its field is empty, a *draft* until a native speaker has
    reviewed it, then *reviewed*. `translated_fields` names the fields modeltranslation manages.
    """

    translated_fields = ()

    # A language code for each reviewed language, e.g. {"ar": {}}: a set that a database can
    # query on SQLite too (has_key), with room to say who reviewed it and when.
    reviewed_languages = models.JSONField(
        _("translations reviewed by a native speaker"),
        default=dict,
        blank=True,
        help_text="The languages a native speaker has reviewed. The others are drafts.",
    )

    class Meta:
        abstract = True

    def translation_status(self, language):
        if language == SOURCE_LANGUAGE:
            return TranslationStatus.REVIEWED
        for field in self.translated_fields:
            source = getattr(self, f"{field}_{SOURCE_LANGUAGE}", "")
            if source and not getattr(self, f"{field}_{language}", ""):
                return TranslationStatus.MISSING
        if language in self.reviewed_languages:
            return TranslationStatus.REVIEWED
        return TranslationStatus.DRAFT

    def translation_statuses(self):
        return {code: self.translation_status(code) for code, _name in settings.LANGUAGES}


class SlugQuerySet(models.QuerySet):
    """Fixtures refer to rows by slug, so they read well and load into any database."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
