"""Pending changes: an Editor's submitted form, replayed through the same admin form later.

`replay()` runs the stored form through the entry's own admin change form, as the Editor who
submitted it (so the same fields are editable and the same permissions apply), with the same
validation and the same no-lost-edits check as any save. `trial()` does it inside a
transaction that is always rolled back: for the field-by-field differences and for the preview,
so a Reviewer sees exactly what approving would do. Nothing of a trial stays: the history rows,
the search documents and the log entry go with the rollback, the page cache is left alone
(`invalidation_suspended`), and the `on_commit` hooks never run.
"""

import copy
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import QueryDict
from django.urls import resolve, reverse
from django.utils.datastructures import MultiValueDict
from simple_history.signals import pre_create_historical_record

from common.cache import invalidation_suspended

from .apps import TRACKED_MODELS
from .history import changes, shorten

# What a browser sends besides the form's own fields; never stored, never replayed.
NOT_STORED = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}


def submitted_form(post):
    return {name: values for name, values in post.lists() if name not in NOT_STORED}


class _Rollback(Exception):
    pass


class _NoMessages:
    """A replayed save's own "was changed successfully" is not the Reviewer's news."""

    def add(self, *args, **kwargs):
        pass


_approval = threading.local()


def _record_approval(sender, history_instance, **kwargs):
    """Every history row an approval writes (the entry and its inlines) names the Editor as the
    author and the Reviewer who approved it."""
    pending = getattr(_approval, "pending", None)
    if pending is not None:
        history_instance.history_user = pending.created_by
        history_instance.history_change_reason = (
            f"approved by {_approval.reviewer} (pending change {pending.pk})"
        )[:100]


def connect_signals():
    pre_create_historical_record.connect(_record_approval, dispatch_uid="pending-approval")


@dataclass
class Outcome:
    saved: bool
    errors: list
    entry: object = None  # the entry as saved


def _model_admin(pending):
    model = pending.content_type.model_class()
    return admin.site._registry[model]


def replay(pending, request):
    """Submit the stored form again, as its Editor. Inside the caller's transaction."""
    editor = pending.created_by
    if editor is None or not editor.is_active:
        return Outcome(False, ["The editor's account is gone, so the change cannot be replayed."])
    submitted = QueryDict(mutable=True)
    for name, values in pending.data.items():
        submitted.setlist(name, values)
    replayed = copy.copy(request)
    replayed.method = "POST"
    replayed._post, replayed._files = submitted, MultiValueDict()
    replayed.GET = QueryDict()
    replayed.user = editor
    replayed._messages = _NoMessages()
    replayed.replaying = pending
    model_admin = _model_admin(pending)
    model = model_admin.model
    adding = pending.object_id is None
    # As if posted to the entry's own change (or add) page: inlines read the object's id there.
    opts = model._meta
    if adding:
        replayed.path = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    else:
        replayed.path = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[pending.object_id]
        )
    replayed.path_info = replayed.path
    replayed.resolver_match = resolve(replayed.path)
    newest = model.history.order_by("-history_id").values_list("history_id", flat=True).first()
    try:
        with transaction.atomic():
            object_id = None if adding else str(pending.object_id)
            response = model_admin._changeform_view(replayed, object_id, "", None)
            if response.status_code == 302:
                if adding:  # the entry the replay added: its first history row
                    added = model.history.filter(history_id__gt=newest or 0, history_type="+")
                    record = added.order_by("-history_id").first()
                    pk = record and getattr(record, model._meta.pk.attname)
                else:
                    pk = pending.object_id
                entry = model._default_manager.filter(pk=pk).first() if pk else None
                if entry is not None:
                    return Outcome(True, [], entry)
            raise _Rollback
    except _Rollback:
        pass
    except PermissionDenied:
        return Outcome(False, ["The editor may no longer change this entry."])
    errors = []
    context = getattr(response, "context_data", None) or {}
    for error_list in context.get("errors") or []:
        errors += [str(error) for error in error_list]
    if not errors:
        errors = ["The entry it changes no longer exists."]
    return Outcome(False, errors)


@contextmanager
def approving(pending, reviewer):
    _approval.pending, _approval.reviewer = pending, reviewer
    try:
        yield
    finally:
        _approval.pending = _approval.reviewer = None


@dataclass
class Difference:
    entry: str
    field: str
    live: str
    proposed: str


def _newest_history_ids():
    newest = {}
    for app_label, model_name in TRACKED_MODELS:
        model = apps.get_model(app_label, model_name)
        newest[model] = (
            model.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        )
    return newest


def _filled_fields(record):
    """A new entry's fields that say something: (label, value) of each non-empty one."""
    for field in record.instance_type._meta.concrete_fields:
        if field.primary_key or field.name in ("outdated_translations", "reviewed_languages"):
            continue
        value = getattr(record, field.attname, None)
        if value not in ("", None, [], {}):
            yield str(field.verbose_name), value


def _differences(since):
    rows = []
    for model, newest in since.items():
        for record in model.history.filter(history_id__gt=newest).order_by("history_id"):
            try:
                name = f"{model._meta.verbose_name}: {record.instance}"
            except Exception:  # noqa: BLE001 (a name that needs a deleted entry)
                name = str(model._meta.verbose_name)
            if record.history_type == "+":
                rows += [
                    Difference(name, label, "(new)", shorten(value))
                    for label, value in _filled_fields(record)
                ] or [Difference(name, "(whole entry)", "(none)", "added")]
            elif record.history_type == "-":
                rows.append(Difference(name, "(whole entry)", "present", "removed"))
            else:
                rows += [
                    Difference(name, change.label, shorten(change.old), shorten(change.new))
                    for change in changes(record, record.prev_record)
                ]
    return rows


@contextmanager
def trial(pending, request):
    """The change applied inside a transaction that is always rolled back.

    Yields (outcome, differences against the live entry); inside the block, the database reads
    as if the change were approved, so a page rendered there is the page a visitor would see.
    """
    with invalidation_suspended():
        try:
            with transaction.atomic():
                since = _newest_history_ids()
                outcome = replay(pending, request)
                differences = _differences(since) if outcome.saved else []
                yield outcome, differences
                raise _Rollback
        except _Rollback:
            pass
