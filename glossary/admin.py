from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from common.admin import TranslationStatusMixin
from search.admin import SearchWordsInline
from workflow.admin import HistoryAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(HistoryAdmin, TranslationStatusMixin, TranslationAdmin):
    list_display = ["term", "slug", "translations"]
    inlines = [SearchWordsInline]
    search_fields = ["term", "variants", "explanation"]
    prepopulated_fields = {"slug": ["term"]}
