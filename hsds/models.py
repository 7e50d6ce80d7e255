"""The HSDS ids of our entries: UUIDs that stay the same across edits and fixture reloads.

HSDS wants a UUID for every object. Our rows are found by natural keys (slugs) and numbered by
the database, and neither number survives a reload into another database. So each entry gets
a UUID the first time it is saved: `uuid5` of a fixed namespace and its natural key
("organization:ind"). A fresh database loading the same fixtures mints the same ids; and as the
id is then *stored* (here, beside the row rather than in it, so the content apps' tables and
migrations stay as they are), a later edit of the slug or the office's name keeps it.

Should the natural key's UUID already be taken (an organization renamed from `x` to `y`, and a
new one given the slug `x`), the newcomer gets a random UUID instead of the other's id.
Rows written without signals (the benchmark generator's `bulk_create`) get theirs when the API
or the export first meets them (`with_ids`), minted the same way.
"""

import uuid

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from organizations.models import Location, OpeningHours, Organization, Topic
from procedures.models import Role, Stage, Step

# Fixed for ever: changing it would change every id.
NAMESPACE = uuid.UUID("5d0c6b5e-8a43-4b8e-9d7b-2f4f1e6a7c11")


def mint(name):
    return uuid.uuid5(NAMESPACE, name)


def _natural_key(kind, instance):
    if kind == "location":
        return f"{instance.organization.slug}/{instance.name}"
    if kind == "service":
        step = instance.step.slug if instance.step_id else ""
        return f"{instance.organization.slug}/{instance.stage.slug}/{step}"
    if kind == "step":
        return f"{instance.stage.slug}/{instance.slug}"
    return instance.slug


# What each of our models becomes in HSDS, by the kind its ids are stored under.
KINDS = {
    "organization": Organization,
    "location": Location,
    "service": Role,
    "stage": Stage,
    "step": Step,
    "topic": Topic,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}


class IdentifierQuerySet(models.QuerySet):
    def minted(self, kind, instances):
        """Stored ids for `instances` (all of one kind) that have none yet: one query to see
        which natural-key UUIDs are taken, one insert."""
        wanted = {
            instance.pk: mint(f"{kind}:{_natural_key(kind, instance)}") for instance in instances
        }
        if not wanted:
            return {}
        taken = set(self.filter(uuid__in=wanted.values()).values_list("uuid", flat=True))
        rows = [
            self.model(kind=kind, object_id=pk, uuid=uuid.uuid4() if value in taken else value)
            for pk, value in wanted.items()
        ]
        # A concurrent request may mint the same rows: theirs stand, and are read back.
        self.bulk_create(rows, ignore_conflicts=True)
        return dict(self.filter(kind=kind, object_id__in=wanted).values_list("object_id", "uuid"))

    def of(self, kind, ref="pk"):
        """The stored id of the `kind` entry that `ref` names in each row, as a subquery."""
        return Subquery(self.filter(kind=kind, object_id=OuterRef(ref)).values("uuid")[:1])

    def object_ids(self, kind, value):
        return self.filter(kind=kind, uuid=value).values("object_id")


class Identifier(models.Model):
    kind = models.CharField(max_length=20, choices=[(kind, kind) for kind in KINDS])
    object_id = models.PositiveBigIntegerField()
    uuid = models.UUIDField(unique=True)
    # When what the API shows of this entry last changed, for `modified_after`: its own save,
    # or a save of anything nested in it (an office or the hours of its organization, the
    # name of its stage ...), see `mark_changed`.
    modified_at = models.DateTimeField(default=timezone.now)

    objects = IdentifierQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_hsds_id_per_entry")
        ]
        indexes = [models.Index(fields=["kind", "modified_at"], name="hsds_modified_after")]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.uuid}"


def with_ids(queryset):
    """The queryset with each row's HSDS id as `hsds_id` and when it last changed as
    `hsds_modified`, in the same query."""
    kind = KIND_OF[queryset.model]
    modified = Identifier.objects.filter(kind=kind, object_id=OuterRef("pk"))
    return queryset.annotate(
        hsds_id=Identifier.objects.of(kind),
        hsds_modified=Subquery(modified.values("modified_at")[:1]),
    )


def modified_since(queryset, moment):
    """The rows changed at or after `moment`; rows with no id yet (written without signals)
    count as changed."""
    kind = KIND_OF[queryset.model]
    ids = Identifier.objects.filter(kind=kind, object_id=OuterRef("pk"))
    return queryset.filter(Exists(ids.filter(modified_at__gte=moment)) | ~Exists(ids))


def fill_ids(instances):
    """Give the rows fetched by `with_ids` that have no stored id yet (written without
    signals) their id, minted and stored now. No query when they all have one."""
    missing = [instance for instance in instances if instance.hsds_id is None]
    if missing:
        minted = Identifier.objects.minted(KIND_OF[type(missing[0])], missing)
        for instance in missing:
            instance.hsds_id = minted[instance.pk]
    return instances


def assign_id(sender, instance, raw=False, **kwargs):
    """post_save: a new entry gets its id (a saved one keeps the one it has)."""
    kind = KIND_OF[sender]
    if not Identifier.objects.filter(kind=kind, object_id=instance.pk).exists():
        Identifier.objects.minted(kind, [instance])


def forget_id(sender, instance, **kwargs):
    Identifier.objects.filter(kind=KIND_OF[sender], object_id=instance.pk).delete()


def _of_organization(organization_id):
    """The organization's own id, its offices' and its services' (each nests the others)."""
    return (
        Q(kind="organization", object_id=organization_id)
        | Q(
            kind="location",
            object_id__in=Location.objects.filter(organization_id=organization_id).values("pk"),
        )
        | Q(
            kind="service",
            object_id__in=Role.objects.filter(organization_id=organization_id).values("pk"),
        )
    )


def mark_changed(sender, instance, **kwargs):
    """post_save, post_delete: what the API shows changed for the entry and everything that
    nests it, now. One UPDATE."""
    if sender is Organization:
        changed = _of_organization(instance.pk)
    elif sender in (Location, OpeningHours, Role):
        changed = _of_organization(instance.organization_id)
    elif sender is Stage:
        changed = Q(kind="stage", object_id=instance.pk) | Q(
            kind="service", object_id__in=Role.objects.filter(stage=instance).values("pk")
        )
    elif sender is Step:
        changed = Q(kind="step", object_id=instance.pk) | Q(
            kind="service", object_id__in=Role.objects.filter(step=instance).values("pk")
        )
    elif sender is Topic:
        organizations = Organization.topics.through.objects.filter(topic=instance)
        changed = (
            Q(kind="topic", object_id=instance.pk)
            | Q(kind="organization", object_id__in=organizations.values("organization_id"))
            | Q(
                kind="service",
                object_id__in=Role.objects.filter(
                    organization__in=organizations.values("organization_id")
                ).values("pk"),
            )
        )
    else:
        return
    Identifier.objects.filter(changed).update(modified_at=timezone.now())


def mark_organization_changed(sender, instance, action, **kwargs):
    """m2m_changed of an organization's topics or places."""
    if action.startswith("post_") and isinstance(instance, Organization):
        Identifier.objects.filter(_of_organization(instance.pk)).update(modified_at=timezone.now())
