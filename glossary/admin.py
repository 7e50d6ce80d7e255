from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from common.admin import TranslationStatusMixin
from workflow.admin import HistoryAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(HistoryAdmin, TranslationStatusMixin, TranslationAdmin):
    list_display = ["term", "slug", "translations"]
    search_fields = ["term", "variants", "explanation"]
    prepopulated_fields = {"slug": ["term"]}
