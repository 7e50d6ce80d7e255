"""The journey as plain data: each stage, its steps, and the first organizations at each.

Views hand these values to templates, which read them by name; tests check them without
rendering a page.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from .models import Role, Stage, Step

# The journey names the first organizations at each step; the directory lists them all. So a
# page stays the same size however many organizations editors add.
ROLES_SHOWN_PER_STEP = 6


@dataclass(frozen=True)
class Helpers:
    """The organizations named at a step (or for a whole stage), and how many more there are."""

    roles: list[Role]
    more: int

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


def journey(stages=None, roles_per_step=ROLES_SHOWN_PER_STEP):
    """Every stage (or those given) with its steps and who helps at each, in journey order.

    Four queries whatever the number of organizations: the stages (none when they are given
    as instances), their steps, the first published roles at each step, their organizations.
    """
    stages = list(Stage.objects.all() if stages is None else stages)
    prefetch_related_objects(stages, Prefetch("steps", queryset=Step.objects.order_by("position")))
    by_step = {}
    for role in _first_roles(stages, roles_per_step):
        by_step.setdefault((role.stage_id, role.step_id), []).append(role)
    return [
        StageInJourney(
            stage=stage,
            helpers=_helpers(by_step.get((stage.pk, None), [])),
            steps=[
                StepInJourney(step=step, helpers=_helpers(by_step.get((stage.pk, step.pk), [])))
                for step in stage.steps.all()
            ],
        )
        for stage in stages
    ]


def _first_roles(stages, roles_per_step):
    """The first published roles at each step of these stages, each with `at_same_step`: how
    many published roles its step has in all. The organizations come in a query of their own,
    so the window runs over narrow rows.
    """
    step = [F("stage_id"), F("step_id")]
    return (
        Role.objects.published()
        .filter(stage__in=[stage.pk for stage in stages])
        .prefetch_related("organization")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=step,
                order_by=[F("position").asc(), F("organization__name").asc()],
            ),
            at_same_step=Window(Count("pk"), partition_by=step),
        )
        .filter(rank__lte=roles_per_step)
        .order_by("position", "organization__name")
    )


def _helpers(roles):
    return Helpers(roles=roles, more=roles[0].at_same_step - len(roles) if roles else 0)
