"""The journey as plain data: each stage, its steps, and the first organizations at each.

Views hand these values to templates, which read them by name; tests check them without
rendering a page.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    prefetch_related_objects,
)

from glossary.models import Term
from organizations.models import Organization

from .models import Role, RuleChange, Stage, Step

# The journey names the first organizations at each step; the directory lists them all. So a
# page stays the same size however many organizations editors add.
ROLES_SHOWN_PER_STEP = 6
# "More organizations" counts this far and then says "+100+": counting every role at a step
# would cost more with every organization added, for a number nobody needs exactly here.
MORE_COUNTED_UP_TO = 100


@dataclass(frozen=True)
class Helpers:
    """The organizations named at a step (or for a whole stage), and how many more there are."""

    roles: list[Role]
    more: int
    # True when there are more than `more` others (counting stopped at MORE_COUNTED_UP_TO).
    more_is_lower_bound: bool = False

    def __bool__(self):
        return bool(self.roles)


@dataclass(frozen=True)
class StepInJourney:
    step: Step
    helpers: Helpers


@dataclass(frozen=True)
class StageInJourney:
    stage: Stage
    # Roles with no step belong to the stage as a whole.
    helpers: Helpers
    steps: list[StepInJourney]


class FirstRoles(Subquery):
    """The rows of a sliced subquery of roles as one JSON list of [position, id] (any order)."""

    output_field = JSONField()
    template = (
        "(SELECT jsonb_agg(jsonb_build_array(shown.position, shown.pk)) FROM (%(subquery)s) shown)"
    )

    def as_sqlite(self, compiler, connection, **extra_context):
        template = (
            "(SELECT json_group_array(json_array(shown.position, shown.pk)) "
            "FROM (%(subquery)s) shown)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


class CappedCount(Subquery):
    """How many rows a sliced queryset has: COUNT(*) over it, which stops at its LIMIT."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


def with_first_roles(queryset, roles, roles_per_step):
    """Annotate stages or steps with `first_roles`, [position, id] of their first published
    roles, and `roles_counted`, how many they have up to MORE_COUNTED_UP_TO + the shown ones.

    Each is a small subquery that walks the index on (stage, step, position, id) and stops after
    a few rows, so its cost does not grow with the number of organizations: no window over every
    role, no sort of them all by name. The first roles as one list, not a subquery for each: the
    SQL for those took longer to compile than the database took to run it (a fifth of the stage
    page). `roles` filters Role on OuterRef.
    """
    first = roles.order_by("position", "pk").values("position", "pk")[:roles_per_step]
    counted = roles.order_by().values("pk")[: roles_per_step + MORE_COUNTED_UP_TO + 1]
    return queryset.annotate(first_roles=FirstRoles(first), roles_counted=CappedCount(counted))


def stages_with_first_roles(queryset, roles_per_step=ROLES_SHOWN_PER_STEP):
    """Stages with their first roles that have no step (for the stage as a whole)."""
    roles = Role.objects.published().filter(stage=OuterRef("pk"), step__isnull=True)
    return with_first_roles(queryset, roles, roles_per_step)


def journey(stages=None, roles_per_step=ROLES_SHOWN_PER_STEP):
    """Every stage (or those given) with its steps and who helps at each, in journey order.

    Three queries whatever the number of organizations: the stages (none when they are given
    as made by `stages_with_first_roles`), their steps, and the roles shown with their
    organizations.
    """
    if stages is None:
        stages = stages_with_first_roles(Stage.objects.all(), roles_per_step)
    stages = list(stages)
    if not all(hasattr(stage, "first_roles") for stage in stages):
        # Plain stages: one query for the same stages with their first roles.
        annotated = Stage.objects.filter(pk__in=[stage.pk for stage in stages])
        stages = list(stages_with_first_roles(annotated, roles_per_step))
    step_roles = Role.objects.published().filter(stage=OuterRef("stage_id"), step=OuterRef("pk"))
    steps = with_first_roles(Step.objects.order_by("position"), step_roles, roles_per_step)
    prefetch_related_objects(stages, Prefetch("steps", queryset=steps))
    groups = list(stages) + [step for stage in stages for step in stage.steps.all()]
    wanted = {pk for group in groups for pk in _first_ids(group, roles_per_step)}
    # A role shows as its organization's name and status and its own title: the long texts
    # (an organization's description, in eight languages) stay in the database.
    unshown = [f"organization__{column}" for column in Organization.text_columns()]
    roles = {
        role.pk: role
        for role in Role.objects.filter(pk__in=wanted)
        .select_related("organization")
        .defer(*unshown, *(column for column in Role.text_columns() if "description" in column))
        .order_by()
    }
    return [
        StageInJourney(
            stage=stage,
            helpers=_helpers(stage, roles, roles_per_step),
            steps=[
                StepInJourney(step=step, helpers=_helpers(step, roles, roles_per_step))
                for step in stage.steps.all()
            ],
        )
        for stage in stages
    ]


def _first_ids(group, roles_per_step):
    return [pk for _position, pk in sorted(group.first_roles or [])[:roles_per_step]]


def _helpers(group, roles, roles_per_step):
    shown = [roles[pk] for pk in _first_ids(group, roles_per_step) if pk in roles]
    # Chosen by position, then the oldest entry first; shown by position, then by name.
    shown.sort(key=lambda role: (role.position, role.organization.name))
    more = group.roles_counted - len(shown)
    if more > MORE_COUNTED_UP_TO:
        return Helpers(roles=shown, more=MORE_COUNTED_UP_TO, more_is_lower_bound=True)
    return Helpers(roles=shown, more=max(more, 0))


@dataclass(frozen=True)
class RulesNote:
    """What a visitor is told about a text that states the rules: when a person last checked it,
    and the recorded changes in the rules since then that concern it (oldest first)."""

    checked_on: date | None
    changes: list[RuleChange]

    @property
    def possibly_out_of_date(self):
        return bool(self.changes)


class RuleChanges:
    """The changes in the rules in force today and the texts each concerns, loaded in one query.

    A page asks `note(text)` for each stage, step or glossary term it shows: no query per text.
    A text is possibly out of date when a change that concerns it came into force after the day
    a person last checked it, or when no one has checked it since (or ever). Checked on the day
    the change came into force counts as checked against the new rules.
    """

    KINDS = {Stage: "stages", Step: "steps", Term: "terms"}

    def __init__(self, on=None):
        self.everything = []
        self.concerning = {}  # ("steps", pk) -> [changes]
        for change in _rule_changes_with_what_they_concern(RuleChange.objects.in_force(on)):
            if change.kind == "all":
                self.everything.append(change)
            else:
                self.concerning.setdefault((change.kind, change.target), []).append(change)

    @classmethod
    def for_request(cls, request):
        """One load per request, however many texts its page shows."""
        if request is None:
            return cls()
        if not hasattr(request, "_rule_changes"):
            request._rule_changes = cls()
        return request._rule_changes

    def changes_for(self, text):
        kind = self.KINDS[type(text)]
        changes = {c.pk: c for c in self.everything + self.concerning.get((kind, text.pk), [])}
        checked = text.rules_checked_on
        return sorted(
            (c for c in changes.values() if checked is None or c.in_force_on > checked),
            key=lambda c: (c.in_force_on, c.pk),
        )

    def note(self, text):
        return RulesNote(checked_on=text.rules_checked_on, changes=self.changes_for(text))


def _rule_changes_with_what_they_concern(changes):
    """Each change once per text it concerns (`kind`, `target`), and once with kind "all" if it
    concerns every text: one UNION query over the three relations, not one query each."""
    none = Value(None, output_field=IntegerField())
    changes = changes.order_by()  # a part of a UNION may not be ordered on its own
    parts = [changes.filter(concerns_everything=True).annotate(kind=Value("all"), target=none)]
    for relation in RuleChanges.KINDS.values():
        parts.append(
            changes.annotate(kind=Value(relation), target=F(relation)).filter(target__isnull=False)
        )
    return parts[0].union(*parts[1:], all=True)


def possibly_out_of_date(on=None):
    """Every stage, step and glossary text a recorded change may have made out of date, oldest
    check first (never checked before any check), with its note: for the editors' list."""
    rule_changes = RuleChanges(on)
    texts = [
        *Stage.objects.all(),
        *Step.objects.select_related("stage"),
        *Term.objects.all(),
    ]
    flagged = [(text, rule_changes.note(text)) for text in texts]
    flagged = [(text, note) for text, note in flagged if note.possibly_out_of_date]
    order = list(RuleChanges.KINDS)
    # Oldest check first; among equals, the longest outdated, then in the journey's order.
    return sorted(
        flagged,
        key=lambda item: (
            item[1].checked_on or date.min,
            item[1].changes[0].in_force_on,
            order.index(type(item[0])),
            str(item[0]),
        ),
    )
