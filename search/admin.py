from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from common.admin_labels import NamedInlineInputs

from .models import SearchWords


class SearchWordsFormSet(BaseInlineFormSet):
    """A form posted without this inline (a script, a form saved before it existed) leaves the
    search words as they are, instead of failing for a missing management form."""

    def __init__(self, data=None, *args, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, **kwargs)


class SearchWordsInline(NamedInlineInputs, admin.TabularInline):
    """Search words for the entry, one row per language; searchable as soon as it is saved."""

    model = SearchWords
    formset = SearchWordsFormSet
    extra = 0
    fields = ["language", "words"]
    verbose_name = "search words (what people type for this)"
    verbose_name_plural = "search words (what people type for this, per language)"
