"""What every content app shares: translated content and lookups by slug.

Feature apps import from here; this module imports none of them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


class TranslationStatus(models.TextChoices):
    # For editors and translators only: the admin is in English.
    MISSING = "missing"
    OUTDATED = "outdated"
    DRAFT = "draft"
    REVIEWED = "reviewed"


class TranslatedContent(models.Model):
    """Content that editors write in English and translate into the site's other languages.

    Per language, a translation is *missing* when a field is empty, *outdated* when its English
    text changed after it was written (per field, until a translator saves or confirms it), a
    *draft* until a native speaker has reviewed it, then *reviewed*. `translated_fields` names
    the fields modeltranslation manages.
    """

    translated_fields = ()

    # A language code for each reviewed language, with who reviewed it and when:
    # {"ar": {"by": "amal", "on": "2026-12-02"}}. has_key queries it on SQLite too.
    reviewed_languages = models.JSONField(
        _("translations reviewed by a native speaker"),
        default=dict,
        blank=True,
        help_text="The languages a native speaker has reviewed. The others are drafts.",
    )
    # The fields whose English text changed after their translation was written, per language:
    # {"ar": ["summary"]}. Kept up to date by save(); cleared when a translator saves or confirms.
    outdated_translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, minor_change=False, **kwargs):
        """Saving marks translations outdated whose English text changed.

        `minor_change`: the English changed without changing its meaning (a typo), so the
        translations stay current.
        """
        self.note_translation_changes(minor_change=minor_change)
        # A form sends only which languages are ticked; who reviewed them and when stays.
        known = getattr(self, "_reviews_in_database", {})
        self.reviewed_languages = {
            code: info or known.get(code, {}) for code, info in self.reviewed_languages.items()
        }
        super().save(*args, **kwargs)
        self._remember_texts()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The row as it came, to see on save what an editor changed. Kept whole rather than
        # copied column by column: most instances are only shown (a page loads dozens), and
        # the texts are strings, never changed in place.
        instance._row_in_database = (field_names, values)
        if "reviewed_languages" in field_names:
            instance._reviews_in_database = dict(instance.reviewed_languages)
        return instance

    @classmethod
    def text_columns(cls):
        """The translated fields' columns: each field as modeltranslation keeps it, and its
        column for every language."""
        return [
            *cls.translated_fields,
            *(
                f"{field}_{code}"
                for field in cls.translated_fields
                for code, _n in settings.LANGUAGES
            ),
        ]

    def _text_columns(self):
        return [
            f"{field}_{code}" for field in self.translated_fields for code, _n in settings.LANGUAGES
        ]

    def _remember_texts(self):
        """The texts as they are in the database, to see on save what an editor changed."""
        self.__dict__.pop("_row_in_database", None)
        self._texts_in_database = {column: getattr(self, column) for column in self._text_columns()}
        self._reviews_in_database = dict(self.reviewed_languages)

    def _texts_before(self):
        if "_texts_in_database" not in self.__dict__ and "_row_in_database" in self.__dict__:
            field_names, values = self._row_in_database
            columns = set(self._text_columns())
            self._texts_in_database = {
                name: value
                for name, value in zip(field_names, values, strict=True)
                if name in columns
            }
        return getattr(self, "_texts_in_database", None)

    def note_translation_changes(self, minor_change=False):
        before = self._texts_before()
        if before is None:  # a new entry: nothing was translated from an older English text
            return
        outdated = {code: set(fields) for code, fields in self.outdated_translations.items()}
        for field in self.translated_fields:
            source = f"{field}_{SOURCE_LANGUAGE}"
            english_changed = source in before and before[source] != getattr(self, source)
            for code in TRANSLATED_LANGUAGES:
                column = f"{field}_{code}"
                if column not in before:
                    continue
                if before[column] != getattr(self, column):
                    outdated.get(code, set()).discard(field)  # a translator wrote it anew
                elif english_changed and getattr(self, column) and not minor_change:
                    outdated.setdefault(code, set()).add(field)
        self.outdated_translations = {
            code: sorted(fields) for code, fields in sorted(outdated.items()) if fields
        }

    def confirm_translation(self, language, field):
        """A translator says the translation still says what the new English says."""
        fields = [f for f in self.outdated_translations.get(language, []) if f != field]
        self.outdated_translations = {
            **{code: f for code, f in self.outdated_translations.items() if code != language},
            **({language: fields} if fields else {}),
        }

    def is_outdated(self, field, language):
        return field in self.outdated_translations.get(language, ())

    def translation_status(self, language):
        if language == SOURCE_LANGUAGE:
            return TranslationStatus.REVIEWED
        for field in self.translated_fields:
            source = getattr(self, f"{field}_{SOURCE_LANGUAGE}", "")
            if source and not getattr(self, f"{field}_{language}", ""):
                return TranslationStatus.MISSING
        if self.outdated_translations.get(language):
            return TranslationStatus.OUTDATED
        if language in self.reviewed_languages:
            return TranslationStatus.REVIEWED
        return TranslationStatus.DRAFT

    def translation_statuses(self):
        return {code: self.translation_status(code) for code, _name in settings.LANGUAGES}

    def mark_reviewed(self, language, user, on):
        self.reviewed_languages = {
            **self.reviewed_languages,
            language: {"by": user.get_username(), "on": on.isoformat()},
        }


class CheckedAgainstRules(models.Model):
    """A text that states the rules (a stage, a step, a glossary entry): when a person last
    checked it against the law, and against which source.

    Empty until a person has checked it; the seed data was compiled from sources, not checked.
    Whether a recorded change in the rules makes it possibly out of date is for the app that
    records those changes (procedures.RuleChange) to say.
    """

    # Labels for editors only: the admin is in English.
    rules_checked_on = models.DateField(
        "checked against the rules on",
        null=True,
        blank=True,
        help_text="The day a person last checked this text against the law. Leave it empty "
        "until someone has: visitors are told that no one has checked it yet.",
    )
    rules_source = models.URLField(
        "checked against (source)",
        max_length=500,
        blank=True,
        help_text="The law or official page the text was checked against. Editors only.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.rules_checked_on and self.rules_checked_on > timezone.localdate():
            raise ValidationError(
                {"rules_checked_on": "A check cannot be in the future: use the day it was done."}
            )
        if self.rules_checked_on and not self.rules_source:
            raise ValidationError(
                {"rules_source": "Say which law or official page you checked the text against."}
            )


class SlugQuerySet(models.QuerySet):
    """Fixtures refer to rows by slug, so they read well and load into any database."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
