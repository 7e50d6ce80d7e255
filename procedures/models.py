from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import CheckedAgainstRules, SlugQuerySet, TranslatedContent
from common.urls import cached_reverse
from glossary.models import Term
from organizations.models import Organization, is_web_address


class Stage(CheckedAgainstRules, TranslatedContent):
    translated_fields = ("title", "summary", "body")

    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One sentence, shown in the journey.")
    body = models.TextField(blank=True, help_text="Plain text; a blank line starts a paragraph.")
    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("procedures:stage", self.slug)

    def natural_key(self):
        return (self.slug,)

    def organizations_in(self, organizations):
        """Those of `organizations` that play a part at this stage.

        `pk IN (subquery)` rather than a join (no duplicate rows to remove with DISTINCT) or a
        correlated EXISTS: SQLite runs the subquery once, from the index on the stage, and
        reads only the organizations it names; with EXISTS it read all 10,000 and asked for each
        (list and count 2 to 3 times slower). PostgreSQL plans both as the same semi-join.
        """
        return organizations.filter(pk__in=self.roles.values("organization_id"))


class StepManager(models.Manager):
    def get_by_natural_key(self, stage_slug, slug):
        return self.get(stage__slug=stage_slug, slug=slug)


class Step(CheckedAgainstRules, TranslatedContent):
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


class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(organization__is_published=True)

    def get_by_natural_key(self, organization_slug, stage_slug, step_slug=None):
        """A role is one organization at one step (or at the stage as a whole): fixtures name
        it so, and loading them again updates the same row."""
        return self.get(
            organization__slug=organization_slug,
            stage__slug=stage_slug,
            **({"step__slug": step_slug} if step_slug else {"step__isnull": True}),
        )


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

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["stage__position", "step__position", "position"]
        indexes = [
            # The first roles at each step (procedures/selectors.py) come straight off this
            # index, a few rows each, however many organizations there are.
            models.Index(fields=["stage", "step", "position", "id"], name="role_first_at_step"),
            # "Does this organization play a part at this stage?" (the directory's stage
            # filter), one look-up per organization; without it SQLite reads the whole stage.
            models.Index(fields=["organization", "stage"], name="role_organization_stage"),
            # The organizations at a stage (Stage.organizations_in) from the index alone, without
            # reading each role's texts.
            models.Index(fields=["stage", "organization"], name="role_stage_organization"),
        ]
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

    def natural_key(self):
        return (self.organization.slug, self.stage.slug, self.step.slug if self.step else None)

    natural_key.dependencies = ["organizations.organization", "procedures.step"]

    def clean(self):
        if self.step_id and self.stage_id and self.step.stage_id != self.stage_id:
            raise ValidationError({"step": "This step belongs to another stage."})


class RuleChangeQuerySet(SlugQuerySet):
    def in_force(self, on=None):
        """The changes in force on that day (today by default); a change recorded ahead of its
        date warns no one until then."""
        return self.filter(in_force_on__lte=on or timezone.localdate())


class RuleChange(TranslatedContent):
    """A change in the rules (a law, a regulation, a court ruling) and the texts it concerns.

    Each stage, step or glossary text it concerns that a person last checked before the change
    came into force, or never checked, shows visitors a warning until an editor checks it again.
    """

    translated_fields = ("title", "summary")

    slug = models.SlugField(unique=True)
    in_force_on = models.DateField(
        "in force from", help_text="The day the new rules apply (not the day they were adopted)."
    )
    title = models.CharField(
        max_length=200, help_text='What changed, in a few words, e.g. "The EU Pact applies".'
    )
    summary = models.TextField(blank=True, help_text="What changed, in two or three sentences.")
    source_url = models.URLField(
        "source", max_length=500, help_text="The official page or law that says what changed."
    )
    concerns_everything = models.BooleanField(
        "concerns every text",
        default=False,
        help_text="Every stage, step and glossary text may be out of date after this change.",
    )
    stages = models.ManyToManyField(Stage, blank=True, related_name="rule_changes")
    steps = models.ManyToManyField(Step, blank=True, related_name="rule_changes")
    terms = models.ManyToManyField(
        Term, blank=True, related_name="rule_changes", verbose_name="glossary terms"
    )

    objects = RuleChangeQuerySet.as_manager()

    class Meta:
        ordering = ["in_force_on", "pk"]
        verbose_name = "change in the rules"
        verbose_name_plural = "changes in the rules"

    def __str__(self):
        return f"{self.in_force_on.day} {self.in_force_on:%B %Y}: {self.title}"

    def natural_key(self):
        return (self.slug,)

    @property
    def source_link(self):
        """The source as a link only when it is a web address, whatever reached the database."""
        url = self.source_url.strip()
        return url if is_web_address(url) else ""
