from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common.admin import TranslationStatusMixin
from common.admin_labels import NamedChangelistInputs, NamedInlineInputs
from workflow.admin import HistoryAdmin

from .models import Role, Stage, Step


class StepInline(NamedInlineInputs, TranslationTabularInline):
    model = Step
    extra = 0
    fields = ["position", "title", "slug", "connector", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Stage)
class StageAdmin(HistoryAdmin, NamedChangelistInputs, TranslationStatusMixin, TranslationAdmin):
    list_display = ["title", "position", "slug", "translations"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(HistoryAdmin, NamedChangelistInputs, TranslationStatusMixin, TranslationAdmin):
    list_display = ["title", "stage", "position", "connector", "translations"]
    list_editable = ["position"]
    list_filter = ["stage"]
    list_select_related = ["stage"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Role)
class RoleAdmin(HistoryAdmin, TranslationStatusMixin, TranslationAdmin):
    list_display = ["organization", "stage", "step", "title", "translations"]
    list_filter = ["stage"]
    list_select_related = ["organization", "stage", "step"]
    search_fields = ["organization__name", "organization__acronym", "title"]
    autocomplete_fields = ["organization"]
