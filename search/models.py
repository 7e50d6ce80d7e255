"""The search index: one Document per searchable entry, the Words they contain, and the
search words editors add.

A Document holds the entry's text in every language, already normalised (search/text.py), so
one query searches all eight languages at once and never has to join the content tables.
PostgreSQL adds a weighted `tsvector` column and GIN indexes to it, SQLite an FTS5 table kept
in step by triggers (both made by search/migrations/0002); see search/backends.py.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.models import SOURCE_LANGUAGE
from glossary.models import Term
from organizations.models import Municipality, Organization, Topic
from procedures.models import Stage, Step

TARGETS = ("organization", "topic", "term", "municipality")
GUIDE_KINDS = ("stage", "step", "term", "municipality")


class SearchWordsQuerySet(models.QuerySet):
    def get_by_natural_key(self, target, slug, language):
        return self.get(**{f"{target}__slug": slug, "language": language})


class SearchWords(models.Model):
    """Words people use for an entry that its text does not contain, in one language.

    "shelter" for COA, "وکیل" for the Legal Aid Board, "Den Bosch" for 's-Hertogenbosch:
    an editor adds them in the admin, and the entry is found by them at once.
    """

    TARGETS = TARGETS

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="search_words"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="search_words"
    )
    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, null=True, blank=True, related_name="search_words"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="search_words"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    words = models.TextField(
        help_text="What people type for this, in this language: words or phrases, one per line "
        "or separated by commas. Misspellings are welcome.",
    )

    objects = SearchWordsQuerySet.as_manager()

    class Meta:
        verbose_name = "search words"
        verbose_name_plural = "search words"
        ordering = ["language"]
        constraints = [
            models.CheckConstraint(
                name="search_words_have_one_target",
                condition=(
                    Q(organization__isnull=False, topic=None, term=None, municipality=None)
                    | Q(organization=None, topic__isnull=False, term=None, municipality=None)
                    | Q(organization=None, topic=None, term__isnull=False, municipality=None)
                    | Q(organization=None, topic=None, term=None, municipality__isnull=False)
                ),
            ),
            *(
                models.UniqueConstraint(
                    fields=[target, "language"],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"one_search_words_per_{target}_and_language",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()}: {self.words[:60]}"

    @property
    def target_name(self):
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def target(self):
        return getattr(self, self.target_name)

    def natural_key(self):
        return (self.target_name, self.target.slug, self.language)

    natural_key.dependencies = [
        "organizations.organization",
        "organizations.topic",
        "organizations.municipality",
        "glossary.term",
    ]

    def phrases(self):
        return [p.strip() for line in self.words.splitlines() for p in line.split(",") if p.strip()]


class DocumentQuerySet(models.QuerySet):
    def organizations(self):
        return self.filter(kind=Document.Kind.ORGANIZATION)

    def guide(self):
        """Everything but organizations: stages, steps, Dutch words, places (in this order in
        search/migrations/0004, whose index on them the query must match)."""
        return self.filter(kind__in=GUIDE_KINDS)


class Document(models.Model):
    """One searchable entry, with its text in every language, normalised."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organizations")
        STAGE = "stage", _("Stages and steps")
        STEP = "step", _("Stages and steps")
        TERM = "term", _("Dutch words explained")
        MUNICIPALITY = "municipality", _("Places")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Exactly one of these is set, by kind. Deleting the entry deletes its document.
    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, null=True, related_name="search_document"
    )
    stage = models.OneToOneField(
        Stage, on_delete=models.CASCADE, null=True, related_name="search_document"
    )
    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, null=True, related_name="search_document"
    )
    term = models.OneToOneField(
        Term, on_delete=models.CASCADE, null=True, related_name="search_document"
    )
    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, null=True, related_name="search_document"
    )
    # For its link and its line on the results page, without a query per result.
    slug = models.CharField(max_length=100)
    parent_slug = models.CharField(max_length=100, blank=True)
    labels = models.JSONField(default=dict, help_text='{"en": [title, subtitle, summary], ...}')
    # Normalised text. `keys`: the names and acronyms squashed into one word each, between
    # spaces (" ind dtenv dtv "), for an exact match. `names`: names, aliases, search words.
    # `text_<language>`: summaries, descriptions, roles, topics, bodies, explanations.
    keys = models.TextField(blank=True)
    names = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    text_nl = models.TextField(blank=True)
    text_ar = models.TextField(blank=True)
    text_fa = models.TextField(blank=True)
    text_ti = models.TextField(blank=True)
    text_tr = models.TextField(blank=True)
    text_uk = models.TextField(blank=True)
    text_so = models.TextField(blank=True)
    # PostgreSQL only (filled by search/backends.py, GIN-indexed by a migration); on SQLite the
    # FTS5 table search_fts holds the index and this column stays empty.
    vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only, like `vector`: keys and names alone, small enough to stay in the row, to
    # find the entries whose name holds a word without reading every long vector.
    heading = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self):
        if self.kind == self.Kind.ORGANIZATION:
            return reverse("organizations:detail", args=[self.slug])
        if self.kind == self.Kind.STAGE:
            return reverse("procedures:stage", args=[self.slug])
        if self.kind == self.Kind.STEP:
            return f"{reverse('procedures:stage', args=[self.parent_slug])}#{self.slug}"
        if self.kind == self.Kind.TERM:
            return f"{reverse('glossary:index')}#{self.slug}"
        return f"{reverse('organizations:list')}?municipality={self.slug}"

    def label(self, index):
        language = get_language()
        for code in (language, SOURCE_LANGUAGE):
            values = self.labels.get(code)
            if values and values[index]:
                return values[index]
        return ""

    @property
    def title(self):
        return self.label(0)

    @property
    def subtitle(self):
        return self.label(1)

    @property
    def summary(self):
        return self.label(2)

    @property
    def group(self):
        return "stage" if self.kind == self.Kind.STEP else self.kind


class Word(models.Model):
    """Every word of the index once, to correct a typo against (search/backends.py)."""

    word = models.CharField(max_length=100, unique=True)
    # The word as an entry writes it, to offer as "did you mean".
    label = models.CharField(max_length=200)

    def __str__(self):
        return self.word
