"""Admin pieces the content apps share. It registers no model of its own."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join

from .models import SOURCE_LANGUAGE, TranslationStatus

TRANSLATED_LANGUAGES = [
    (code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE
]


class LanguageSetField(forms.MultipleChoiceField):
    """Checkboxes for the set of languages a native speaker has reviewed."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(choices=TRANSLATED_LANGUAGES, required=False, **kwargs)

    def prepare_value(self, value):
        return list(value or {}) if isinstance(value, dict) else value

    def clean(self, value):
        # Who reviewed and when stays recorded for the ticked languages (TranslatedContent.save).
        return {code: {} for code in sorted(super().clean(value))}

    def has_changed(self, initial, data):
        return set(self.prepare_value(initial) or []) != set(data or [])


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "translation to review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return TRANSLATED_LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.exclude(reviewed_languages__has_key=self.value())
        return queryset


class ReviewedLanguagesInput:
    """The reviewed languages as one checkbox per language, in forms and inlines alike."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "reviewed_languages":
            return LanguageSetField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MinorChangeForm(forms.ModelForm):
    minor_change = forms.BooleanField(
        label="Minor change: translations stay current",
        required=False,
        help_text="Tick this when you corrected the English without changing what it says "
        "(a typo, punctuation). Otherwise each translation of a changed English text is marked "
        "outdated until a translator checks it.",
    )


class TranslationStatusMixin(ReviewedLanguagesInput):
    """Shows editors, per language, whether a translation is missing, outdated, a draft or
    reviewed; records who reviewed; lets an editor say an English change was minor."""

    STATUS_MARK = {
        TranslationStatus.MISSING: "missing",
        TranslationStatus.OUTDATED: "outdated",
        TranslationStatus.DRAFT: "draft",
        TranslationStatus.REVIEWED: "✓",
    }

    def get_form(self, request, obj=None, **kwargs):
        # Added to whatever form the admin uses (the history admin brings its own).
        base = kwargs.pop("form", None) or self.form
        kwargs["form"] = type(base.__name__, (MinorChangeForm, base), {})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any("minor_change" in options.get("fields", ()) for _name, options in fieldsets):
            return fieldsets
        return [*fieldsets, ("Translations", {"fields": ["minor_change"]})]

    def save_model(self, request, obj, form, change):
        before = form.initial.get("reviewed_languages") or {}
        for code in set(obj.reviewed_languages) - set(before):
            obj.mark_reviewed(code, request.user, timezone.localdate())
        obj.save(minor_change=form.cleaned_data.get("minor_change", False))

    @admin.display(description="translations")
    def translations(self, obj):
        return format_html_join(
            " ",
            '<span title="{}">{}: {}</span>',
            (
                (status, code, self.STATUS_MARK[status])
                for code, status in obj.translation_statuses().items()
                if code != SOURCE_LANGUAGE
            ),
        )

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), NeedsReviewFilter]
