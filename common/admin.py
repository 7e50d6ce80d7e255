"""Admin pieces the content apps share. It registers no model of its own."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html_join

from .models import SOURCE_LANGUAGE

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


class TranslationStatusMixin:
    """Shows editors, per language, whether a translation is missing, a draft or reviewed."""

    STATUS_MARK = {"missing": "missing", "draft": "draft", "reviewed": "✓"}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "reviewed_languages":
            return LanguageSetField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
