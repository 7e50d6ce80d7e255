"""Every piece of translated content, as a translator meets it: one entry per object."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from modeltranslation.translator import translator

from common.models import TranslatedContent, TranslationStatus


def content_models():
    """Every model whose texts are translated, in a stable order."""
    models = [m for m in translator.get_registered_models() if issubclass(m, TranslatedContent)]
    return sorted(models, key=lambda m: m._meta.label_lower)


def content_model(label):
    """The model for "procedures.stage", only if it is translated content."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if model in content_models() else None


@dataclass(frozen=True)
class Entry:
    obj: TranslatedContent
    language: str
    status: str

    @property
    def url(self):
        label = self.obj._meta.label_lower
        return reverse("translations:translate", args=[self.language, label, self.obj.pk])

    @property
    def kind(self):
        return self.obj._meta.verbose_name


def all_objects():
    for model in content_models():
        # Names of roles, steps and offices include their organization or stage: one join.
        yield from model._base_manager.select_related().order_by("pk")


def entries(language, status=None):
    """Every translated object with its status in `language`, optionally of one status only."""
    for obj in all_objects():
        entry = Entry(obj, language, obj.translation_status(language))
        if status in (None, entry.status):
            yield entry


def counts(languages):
    """How many entries are missing, outdated, draft and reviewed, per language."""
    table = {code: dict.fromkeys(TranslationStatus.values, 0) for code in languages}
    for obj in all_objects():
        for code in languages:
            table[code][obj.translation_status(code)] += 1
    return table
