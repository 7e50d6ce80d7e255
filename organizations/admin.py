from django import forms
from django.contrib import admin
from django.db import models
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from common.admin import ReviewedLanguagesInput, TranslationStatusMixin
from common.admin_labels import NamedInlineInputs
from procedures.models import Role, Stage
from search.admin import SearchWordsInline
from workflow.admin import (
    HistoryAdmin,
    VerificationInline,
    VersionedInline,
    mark_checked_today,
    publishes,
)
from workflow.resources import OrganizationResource

from .models import (
    Location,
    Municipality,
    OpeningHours,
    Organization,
    Topic,
    validate_language_codes,
)


class LanguageCodesField(forms.Field):
    """Language codes typed as "ar, ti, nl" (a JSON list in the database)."""

    widget = forms.TextInput

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value or ""

    def to_python(self, value):
        if isinstance(value, list):
            return value
        codes = [code.strip().lower() for code in (value or "").replace(";", ",").split(",")]
        return list(dict.fromkeys(code for code in codes if code))  # in order, once each

    def validate(self, value):
        super().validate(value)
        validate_language_codes(value)


class LanguagesSpokenInput:
    """languages_spoken as codes separated by commas, each named in English below the input."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "languages_spoken":
            return LanguageCodesField(
                label=db_field.verbose_name,
                required=False,
                help_text="ISO 639 codes separated by commas, e.g. ar, fa, ti, so, nl, en "
                "(Dari: prs). Only what a source says.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LocationInline(
    VersionedInline, LanguagesSpokenInput, ReviewedLanguagesInput, TranslationStackedInline
):
    model = Location
    extra = 0
    autocomplete_fields = ["municipality"]


class OpeningHoursInline(ReviewedLanguagesInput, NamedInlineInputs, TranslationTabularInline):
    """Weekly hours of the phone line and of each office, one row per opening."""

    model = OpeningHours
    extra = 0
    fields = [
        "kind",
        "location",
        "weekday",
        "opens",
        "closes",
        "by_appointment_only",
        "temporarily_closed",
        "valid_from",
        "valid_until",
        "note",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("location")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            # Only this organization's offices (none yet on a new entry).
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Location.objects.filter(organization_id=object_id or None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleInline(
    VersionedInline, ReviewedLanguagesInput, NamedInlineInputs, TranslationTabularInline
):
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
            stage = Stage.objects.filter(slug=self.value()).first()
            return stage.organizations_in(queryset) if stage else queryset.none()
        return queryset


@admin.register(Organization)
class OrganizationAdmin(
    LanguagesSpokenInput,
    ImportExportMixin,
    HistoryAdmin,
    TranslationStatusMixin,
    TranslationAdmin,
):
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
    readonly_fields = ["created_at", "updated_at", "preview_links"]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        # Checkboxes, each with its label: filter_horizontal's widget fails WCAG (axe).
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    actions = [mark_checked_today]
    # CSV export for anyone who may view; import (bulk corrections) for Reviewers only.
    resource_classes = [OrganizationResource]
    formats = [CSV]  # plain text anyone can open and check
    inlines = [
        LocationInline,
        OpeningHoursInline,
        RoleInline,
        VerificationInline,
        SearchWordsInline,
    ]
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
        (
            "How to reach it",
            {"fields": ["website", "email", "phone", "phone_note", "languages_spoken"]},
        ),
        (
            "Checking and publishing",
            {
                "fields": [
                    "status",
                    "is_published",
                    "preview_links",
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

    def add_data_read_fail_error_to_form(self, form, error):
        """Say in plain words what to do with a file in another encoding (Excel's default)."""
        if isinstance(error, UnicodeDecodeError):
            form.add_error(
                "import_file",
                "This file is not saved as UTF-8 text, so its accents and other scripts "
                "cannot be read. In your spreadsheet, save it as \u201cCSV UTF-8\u201d and "
                "upload it again.",
            )
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def has_verify_permission(self, request):
        return request.user.has_perm("organizations.verify_organization")

    def get_readonly_fields(self, request, obj=None):
        # Editors write; Reviewers publish, and record checks (in the checks below).
        readonly = [*super().get_readonly_fields(request, obj), "verified_on"]
        if not publishes(request):
            readonly.append("is_published")
        return readonly

    def is_live(self, obj):
        # As stored: an Editor's change to a draft is saved at once, to a published entry it
        # waits for review.
        return Organization.objects.filter(pk=obj.pk, is_published=True).exists()

    def is_live_when_added(self, obj):
        return False  # an Editor's new organization is a draft (save_model below)

    def save_model(self, request, obj, form, change):
        if not change and not publishes(request):
            obj.is_published = False  # an Editor's new entry is a draft until a Reviewer publishes
        super().save_model(request, obj, form, change)


@admin.register(Location)
class LocationAdmin(LanguagesSpokenInput, HistoryAdmin, TranslationAdmin):
    """Offices are edited inside their organization; here for their history and recovery."""

    list_display = ["name", "organization", "city", "kind"]
    list_select_related = ["organization"]
    search_fields = ["name", "city", "organization__name"]
    autocomplete_fields = ["organization", "municipality"]

    def is_live(self, obj):
        return Organization.objects.filter(pk=obj.organization_id, is_published=True).exists()

    is_live_when_added = is_live


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "province"]
    inlines = [SearchWordsInline]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(TranslationStatusMixin, TranslationAdmin):
    list_display = ["name", "slug", "translations"]
    inlines = [SearchWordsInline]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
