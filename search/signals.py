"""Keep the search documents in step with the content, on every save and delete.

The admin, the ORM and `loaddata` all send these signals. What changed is collected and
indexed once when the transaction commits: an admin save (the entry, its inlines and its
many-to-many links) is indexed once, right after it is saved, and so is a whole `loaddata`;
a change that is rolled back is never indexed. Outside a transaction that is at once.
Bulk inserts send no signals: the data generator indexes what it made itself.
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from glossary.models import Term
from organizations.models import Location, Municipality, Organization, Topic
from procedures.models import Role, Stage, Step

from . import index
from .models import SearchWords

WATCHED = (Organization, Location, Role, Topic, Municipality, Stage, Step, Term, SearchWords)
TARGETS = {"organization": Organization, "topic": Topic, "term": Term, "municipality": Municipality}


class Pending(threading.local):
    """(model, primary key) of the entries whose documents must be written again."""

    def __init__(self):
        self.entries = None


pending = Pending()


def _mark(*entries):
    if pending.entries is None:
        pending.entries = set()
    pending.entries.update(entry for entry in entries if entry[1] is not None)
    # Asked for each time, not once: a transaction that was rolled back never ran the one
    # asked for before. After the first, flush() finds nothing left to do.
    transaction.on_commit(flush)


def flush():
    """Write the documents of everything marked, each kind in one go."""
    entries, pending.entries = pending.entries or set(), None
    keys = {model: set() for model in (Organization, Topic, Municipality, Stage, Step, Term)}
    for model, pk in entries:
        keys[model].add(pk)
    organizations = keys[Organization]
    through = Organization.topics.through.objects.filter(topic__in=keys[Topic])
    organizations |= set(through.values_list("organization_id", flat=True))
    through = Organization.municipalities.through.objects.filter(
        municipality__in=keys[Municipality]
    )
    organizations |= set(through.values_list("organization_id", flat=True))
    steps = keys[Step] | set(
        Step.objects.filter(stage__in=keys[Stage]).values_list("pk", flat=True)
    )
    if keys[Term]:
        index.index_terms(keys[Term])
    if keys[Stage]:
        index.index_stages(keys[Stage])
    if steps:
        index.index_steps(steps)
    if keys[Municipality]:
        index.index_municipalities(keys[Municipality])
    if organizations:
        index.index_organizations(organizations)


def _entries(instance):
    """What a saved or deleted row changes: itself, or the entry it belongs to."""
    if isinstance(instance, Location | Role):
        return [(Organization, instance.organization_id)]
    if isinstance(instance, SearchWords):
        return [(model, getattr(instance, f"{name}_id")) for name, model in TARGETS.items()]
    return [(type(instance), instance.pk)]


def on_change(sender, instance, **kwargs):
    _mark(*_entries(instance))


def on_m2m_change(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Organization):
        _mark((Organization, instance.pk))
    else:  # from the other side: topic.organizations.add(...)
        _mark(*((Organization, pk) for pk in pk_set or ()))
        if action == "post_clear":
            _mark((type(instance), instance.pk))


def connect():
    for model in WATCHED:
        uid = model.__name__
        post_save.connect(on_change, sender=model, dispatch_uid=f"search-save-{uid}")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"search-delete-{uid}")
    for through in (Organization.topics.through, Organization.municipalities.through):
        m2m_changed.connect(on_m2m_change, sender=through, dispatch_uid=f"search-m2m-{through}")
