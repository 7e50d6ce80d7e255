from django.contrib import admin

from .models import Role, Stage, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["position", "title", "slug", "connector", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "position", "connector"]
    list_editable = ["position"]
    list_filter = ["stage"]
    list_select_related = ["stage"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["organization", "stage", "step", "title"]
    list_filter = ["stage"]
    list_select_related = ["organization", "stage", "step"]
    search_fields = ["organization__name", "organization__acronym", "title"]
    autocomplete_fields = ["organization"]
