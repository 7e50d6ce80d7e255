from django.contrib import admin
from django.utils.html import format_html

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The queue of visitors' reports: newest first, open ones on top when filtered."""

    list_display = ["created_at", "entry_link", "short_message", "language", "status"]
    list_filter = ["status", "language", "created_at"]
    list_select_related = ["organization", "stage"]
    search_fields = ["message", "organization__name", "stage__title"]
    readonly_fields = ["organization", "stage", "message", "contact", "language", "created_at"]
    fields = [
        "organization",
        "stage",
        "message",
        "contact",
        "language",
        "created_at",
        "status",
        "editor_note",
        "handled_by",
    ]
    raw_id_fields = ["handled_by"]

    @admin.display(description="about")
    def entry_link(self, obj):
        entry = obj.entry
        opts = entry._meta
        return format_html(
            '<a href="../../{}/{}/{}/change/">{}</a>',
            opts.app_label,
            opts.model_name,
            entry.pk,
            entry,
        )

    @admin.display(description="what is wrong or missing")
    def short_message(self, obj):
        return obj.message if len(obj.message) <= 100 else obj.message[:97] + "..."

    def has_add_permission(self, request):
        return False  # reports come from visitors

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and not obj.handled_by_id:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)
