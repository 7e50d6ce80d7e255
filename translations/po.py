"""Content translations as a gettext PO file, for translators who work outside the admin.

One entry per translated field of each object: the English text is the msgid, the translation
the msgstr, `msgctxt` says which object and field ("procedures.stage/3/summary"). An outdated
translation is marked fuzzy; removing the mark in a tool confirms it. polib reads and writes
the files, so any PO editor (Poedit, Weblate, Lokalize) can be used.
"""

import re
from dataclasses import dataclass

import polib
from django.db import transaction
from django.utils import timezone

from common.models import SOURCE_LANGUAGE, TranslationStatus

from .content import all_objects, content_model

DIGITS = re.compile(r"\d+")


def export(language):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Refugee Guide NL content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "PO-Revision-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
    }
    for obj in all_objects():
        status = obj.translation_status(language)
        for field in obj.translated_fields:
            english = getattr(obj, f"{field}_{SOURCE_LANGUAGE}") or ""
            if not english:
                continue
            outdated = obj.is_outdated(field, language)
            po.append(
                polib.POEntry(
                    msgctxt=f"{obj._meta.label_lower}/{obj.pk}/{field}",
                    msgid=english,
                    msgstr=getattr(obj, f"{field}_{language}") or "",
                    tcomment=f"{obj._meta.verbose_name}: {obj} ({field}); "
                    f"status: {TranslationStatus.OUTDATED if outdated else status}",
                    flags=["fuzzy"] if outdated else [],
                )
            )
    return str(po)


@dataclass
class Change:
    obj: object
    field: str
    old: str
    new: str

    @property
    def confirms_only(self):
        return self.old == self.new


def read(language, text):
    """The changes a file would make, and its errors in plain words. Nothing is written."""
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        return [], [f"This is not a PO file that we can read ({error})."]
    if po.metadata.get("Language", "").strip() != language:
        found = po.metadata.get("Language") or "none"
        return [], [f"This file is for the language '{found}', not '{language}'."]
    changes, errors = [], []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"Line {entry.linenum}"
        target = _target(entry.msgctxt or "")
        if target is None:
            errors.append(f"{where}: we do not know the text '{entry.msgctxt}'.")
            continue
        obj, field = target
        english = getattr(obj, f"{field}_{SOURCE_LANGUAGE}") or ""
        if entry.msgid != english:
            errors.append(
                f"{where}: the English text of {obj} ({field}) changed since this file was "
                "exported. Export the file again and translate the new text."
            )
            continue
        current = getattr(obj, f"{field}_{language}") or ""
        new = entry.msgstr
        if new and sorted(DIGITS.findall(new)) != sorted(DIGITS.findall(english)):
            errors.append(
                f"{where}: the numbers in the translation of {obj} ({field}) are not the same "
                "as in the English."
            )
            continue
        if not new or "fuzzy" in entry.flags:
            continue  # not translated, or the translator has not confirmed it yet
        if new != current or obj.is_outdated(field, language):
            changes.append(Change(obj, field, current, new))
    return changes, errors


def apply(language, changes):
    """Write every change, or none."""
    with transaction.atomic():
        by_object = {}
        for change in changes:
            by_object.setdefault((type(change.obj), change.obj.pk), []).append(change)
        for (model, pk), object_changes in by_object.items():
            obj = model._base_manager.select_for_update().get(pk=pk)
            for change in object_changes:
                setattr(obj, f"{change.field}_{language}", change.new)
                obj.confirm_translation(language, change.field)
            obj.save()
    return len(changes)


def _target(context):
    try:
        label, pk, field = context.split("/")
    except ValueError:
        return None
    model = content_model(label)
    if model is None or field not in model.translated_fields or not pk.isdigit():
        return None
    obj = model._base_manager.filter(pk=pk).first()
    return (obj, field) if obj else None
