from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from common.admin import TranslationStatusMixin
from search.admin import SearchWordsInline
from workflow.admin import HistoryAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(HistoryAdmin, TranslationStatusMixin, TranslationAdmin):
    list_display = ["term", "slug", "rules_checked_on", "translations"]
    inlines = [SearchWordsInline]
    search_fields = ["term", "variants", "explanation"]
    prepopulated_fields = {"slug": ["term"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
