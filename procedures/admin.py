from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common.admin import TranslationStatusMixin
from common.admin_labels import NamedChangelistInputs, NamedInlineInputs
from organizations.models import Organization
from workflow.admin import HistoryAdmin, VersionedInline

from .models import Role, RuleChange, Stage, Step
from .selectors import possibly_out_of_date


class StepInline(VersionedInline, NamedInlineInputs, TranslationTabularInline):
    model = Step
    extra = 0
    fields = ["position", "title", "slug", "connector", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Stage)
class StageAdmin(HistoryAdmin, NamedChangelistInputs, TranslationStatusMixin, TranslationAdmin):
    list_display = ["title", "position", "slug", "rules_checked_on", "translations"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(HistoryAdmin, NamedChangelistInputs, TranslationStatusMixin, TranslationAdmin):
    list_display = ["title", "stage", "position", "connector", "rules_checked_on", "translations"]
    list_editable = ["position"]
    list_filter = ["stage"]
    list_select_related = ["stage"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Role)
class RoleAdmin(HistoryAdmin, TranslationStatusMixin, TranslationAdmin):
    list_display = ["organization", "stage", "step", "title", "translations"]
    list_filter = ["stage"]
    list_select_related = ["organization", "stage", "step"]
    search_fields = ["organization__name", "organization__acronym", "title"]
    autocomplete_fields = ["organization"]

    def is_live(self, obj):
        return Organization.objects.filter(pk=obj.organization_id, is_published=True).exists()

    is_live_when_added = is_live


@admin.register(RuleChange)
class RuleChangeAdmin(TranslationStatusMixin, TranslationAdmin):
    """Editors record a change in the rules and the texts it concerns; those texts then warn
    visitors until an editor checks them again. The list of them is one click away."""

    list_display = ["title", "in_force_on", "concerns_everything", "translations"]
    date_hierarchy = "in_force_on"
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    # A few dozen texts: checkboxes an editor can read, no JavaScript widget needed.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    change_list_template = "admin/procedures/rulechange/change_list.html"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "steps":
            kwargs["queryset"] = Step.objects.select_related("stage")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view(self.possibly_out_of_date_view)
        return [
            path("possibly-out-of-date/", view, name="procedures_rulechange_out_of_date"),
            *super().get_urls(),
        ]

    def possibly_out_of_date_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = [
            {
                "text": text,
                "kind": text._meta.verbose_name,
                "url": reverse(
                    f"admin:{text._meta.app_label}_{text._meta.model_name}_change", args=[text.pk]
                ),
                "note": note,
            }
            for text, note in possibly_out_of_date()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Texts that may be out of date",
            "opts": self.model._meta,
            "rows": rows,
        }
        return TemplateResponse(
            request, "admin/procedures/rulechange/possibly_out_of_date.html", context
        )
