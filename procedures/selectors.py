"""The journey as plain data: each stage, its steps, and the first organizations at each.

Views hand these values to templates, which read them by name; tests check them without
rendering a page.
"""

from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Prefetch, Subquery, prefetch_related_objects

from .models import Role, Stage, Step

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


class CappedCount(Subquery):
    """How many rows a sliced queryset has: COUNT(*) over it, which stops at its LIMIT."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


def with_first_roles(queryset, roles, roles_per_step):
    """Annotate stages or steps with the ids of their first published roles, and a count of
    them up to MORE_COUNTED_UP_TO + the shown ones.

    Each is a small subquery that walks the index on (stage, step, position, id) and stops after
    a few rows, so its cost does not grow with the number of organizations: no window over every
    role, no sort of them all by name. `roles` filters Role on OuterRef.
    """
    ordered = roles.order_by("position", "pk").values("pk")
    first = {f"first_role_{n}": Subquery(ordered[n : n + 1]) for n in range(roles_per_step)}
    counted = roles.order_by().values("pk")[: roles_per_step + MORE_COUNTED_UP_TO + 1]
    return queryset.annotate(**first, roles_counted=CappedCount(counted))


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
    if not all(hasattr(stage, f"first_role_{roles_per_step - 1}") for stage in stages):
        # Plain stages: one query for the same stages with their first roles.
        annotated = Stage.objects.filter(pk__in=[stage.pk for stage in stages])
        stages = list(stages_with_first_roles(annotated, roles_per_step))
    step_roles = Role.objects.published().filter(stage=OuterRef("stage_id"), step=OuterRef("pk"))
    steps = with_first_roles(Step.objects.order_by("position"), step_roles, roles_per_step)
    prefetch_related_objects(stages, Prefetch("steps", queryset=steps))
    groups = list(stages) + [step for stage in stages for step in stage.steps.all()]
    wanted = {
        getattr(group, f"first_role_{n}") for group in groups for n in range(roles_per_step)
    } - {None}
    roles = {
        role.pk: role
        for role in Role.objects.filter(pk__in=wanted).select_related("organization").order_by()
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


def _helpers(group, roles, roles_per_step):
    shown = [
        roles[pk]
        for n in range(roles_per_step)
        if (pk := getattr(group, f"first_role_{n}")) in roles
    ]
    # Chosen by position, then the oldest entry first; shown by position, then by name.
    shown.sort(key=lambda role: (role.position, role.organization.name))
    more = group.roles_counted - len(shown)
    if more > MORE_COUNTED_UP_TO:
        return Helpers(roles=shown, more=MORE_COUNTED_UP_TO, more_is_lower_bound=True)
    return Helpers(roles=shown, more=max(more, 0))
