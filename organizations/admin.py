from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html_join
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from procedures.models import Role, Stage
from refugeeguide.admin_labels import NamedInlineInputs

from .models import Location, Municipality, Organization, Topic

TRANSLATED_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "en"]


class LanguageSetField(forms.MultipleChoiceField):
    """Checkboxes for a comma-separated set of language codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=TRANSLATED_LANGUAGES, required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return value

    def clean(self, value):
        return ",".join(sorted(super().clean(value)))

    def has_changed(self, initial, data):
        return set(self.prepare_value(initial or "")) != set(data or [])


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "translation to review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return TRANSLATED_LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.exclude(reviewed_languages__contains=self.value())
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
                if code != "en"
            ),
        )

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), NeedsReviewFilter]


class LocationInline(TranslationStackedInline):
    model = Location
    extra = 0
    autocomplete_fields = ["municipality"]


class RoleInline(NamedInlineInputs, TranslationTabularInline):
    model = Role
    extra = 0
    fields = ["stage", "step", "title", "position", "reviewed_languages"]
    ordering = ["stage__position", "step__position", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("stage", "step")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "step":
            kwargs["queryset"] = db_field.related_model.objects.select_related("stage")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StageListFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [(stage.slug, stage.title) for stage in Stage.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.for_stage(Stage.objects.filter(slug=self.value()).first())
        return queryset


@admin.register(Organization)
class OrganizationAdmin(TranslationStatusMixin, TranslationAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "status",
        "is_published",
        "verified_on",
        "translations",
    ]
    list_filter = [
        StageListFilter,
        "kind",
        "status",
        "is_published",
        ("verified_on", admin.EmptyFieldListFilter),
        "municipalities",
        "topics",
    ]
    search_fields = ["name", "name_en", "acronym", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        # Checkboxes, each with its label: filter_horizontal's widget fails WCAG (axe).
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    actions = ["mark_checked_today"]
    inlines = [LocationInline, RoleInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "acronym", "slug", "kind", "parent_body"]}),
        (
            "What it does",
            {
                "fields": [
                    "summary",
                    "description",
                    "reviewed_languages",
                    "topics",
                    "municipalities",
                ]
            },
        ),
        ("How to reach it", {"fields": ["website", "email", "phone", "phone_note"]}),
        (
            "Checking and publishing",
            {
                "fields": [
                    "status",
                    "is_published",
                    "verified_on",
                    "sources",
                    "source_note",
                    "notes",
                    "aliases",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.action(description="Mark the selected organizations as checked today")
    def mark_checked_today(self, request, queryset):
        count = queryset.update(verified_on=timezone.localdate())
        self.message_user(request, f"{count} marked as checked today.")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "province"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(TranslationStatusMixin, TranslationAdmin):
    list_display = ["name", "slug", "translations"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
