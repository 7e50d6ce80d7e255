from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, SlugQuerySet, TranslatedContent

# The journey names the first organizations at each step; the directory lists them all. So a
# page stays the same size however many organizations editors add.
ROLES_SHOWN_PER_STEP = 6


class StageQuerySet(SlugQuerySet):
    def with_journey(self, roles_per_step=ROLES_SHOWN_PER_STEP):
        """Stages with their steps and the first published roles at each step, in four queries.

        Each role also carries `at_same_step`: how many published roles its step has in all.
        The organizations come in a query of their own, so the window runs over narrow rows.
        """
        step = [F("stage_id"), F("step_id")]
        roles = (
            Role.objects.filter(organization__is_published=True)
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
        return self.prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("position")),
            Prefetch("roles", queryset=roles, to_attr="published_roles"),
        )


class Stage(TranslatedContent):
    translated_fields = ("title", "summary", "body")

    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One sentence, shown in the journey.")
    body = models.TextField(blank=True, help_text="Plain text; a blank line starts a paragraph.")
    organizations = models.ManyToManyField(
        Organization, through="Role", related_name="stages", blank=True
    )

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procedures:stage", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def journey_steps(self):
        """The stage's steps, each with its roles, from the prefetch of `with_journey()`.

        Roles with no step belong to the stage as a whole; they come back separately.
        """
        by_step = {}
        general = []
        for role in self.published_roles:
            if role.step_id is None:
                general.append(role)
            else:
                by_step.setdefault(role.step_id, []).append(role)
        steps = list(self.steps.all())
        for step in steps:
            step.published_roles = by_step.get(step.pk, [])
            step.more_roles = more_roles(step.published_roles)
        self.more_roles = more_roles(general)
        return steps, general


def more_roles(shown):
    """How many roles at the same step the journey leaves to the directory."""
    return shown[0].at_same_step - len(shown) if shown else 0


class StepManager(models.Manager):
    def get_by_natural_key(self, stage_slug, slug):
        return self.get(stage__slug=stage_slug, slug=slug)


class Step(TranslatedContent):
    translated_fields = ("title", "summary", "body")

    class Connector(models.TextChoices):
        THEN = "", _("then (a new step)")
        AND = "and", _("and (at the same time as the step before)")
        OR = "or", _("or (instead of the steps before)")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField()
    connector = models.CharField(
        max_length=3,
        choices=Connector.choices,
        blank=True,
        help_text="How this step follows the one before it.",
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True, help_text="Plain text; a blank line starts a paragraph.")

    objects = StepManager()

    class Meta:
        ordering = ["stage__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "slug"], name="unique_step_slug_per_stage")
        ]

    def __str__(self):
        return f"{self.stage.title}: {self.title}"

    def get_absolute_url(self):
        return f"{self.stage.get_absolute_url()}#{self.slug}"

    def natural_key(self):
        return (self.stage.slug, self.slug)

    natural_key.dependencies = ["procedures.stage"]


class Role(TranslatedContent):
    """What an organization does at a stage, and at which step if it is one."""

    translated_fields = ("title", "description")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="roles")
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(
        max_length=300, help_text='One plain sentence, e.g. "Decides on your asylum application."'
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stage__position", "step__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "step", "organization"],
                condition=Q(step__isnull=False),
                name="unique_role_per_step",
            ),
            models.UniqueConstraint(
                fields=["stage", "organization"],
                condition=Q(step__isnull=True),
                name="unique_role_per_stage",
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.title}"

    def clean(self):
        if self.step_id and self.stage_id and self.step.stage_id != self.stage_id:
            raise ValidationError({"step": "This step belongs to another stage."})
