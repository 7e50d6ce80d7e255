from django import forms
from django.contrib import admin

from common.admin import TRANSLATED_LANGUAGES

from .models import Translator


class TranslatorForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        choices=TRANSLATED_LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Translator
        fields = ["user", "languages"]


@admin.register(Translator)
class TranslatorAdmin(admin.ModelAdmin):
    """Who may translate into which language (for those who manage users)."""

    form = TranslatorForm
    list_display = ["user", "languages"]
    autocomplete_fields = ["user"]
