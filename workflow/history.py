"""Reading the history simple-history keeps: what changed between two versions."""

from dataclasses import dataclass


def _empty(value):
    return value in ("", None)


@dataclass
class Change:
    field: str  # the field's name, e.g. "phone_note_ar"
    label: str  # its label, e.g. "phone note [ar]"
    old: object
    new: object


def changes(record, previous):
    """Field by field, what `record` changed against `previous` (None for the first version).

    An empty translation stored as NULL by one save and as "" by the next is no change.
    """
    if previous is None:
        return []
    model = record.instance_type
    return [
        Change(
            change.field,
            str(model._meta.get_field(change.field).verbose_name),
            change.old,
            change.new,
        )
        for change in record.diff_against(previous).changes
        if not (_empty(change.old) and _empty(change.new))
    ]


def shorten(value, length=80):
    if _empty(value):
        return "(empty)"
    text = str(value)
    return text if len(text) <= length else text[: length - 3] + "..."
