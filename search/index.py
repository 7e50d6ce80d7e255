"""Writes the search documents: one per organization, stage, step, Dutch word and place.

Called on every save and delete (search/signals.py), after bulk inserts (the data generator)
and by `manage.py rebuild_search_index`. Each function takes many entries at once and costs
the same few queries however many it gets.
"""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch

from glossary.models import Term
from organizations.models import Municipality, Organization
from procedures.models import Role, Stage, Step

from . import backends
from .models import Document, Word
from .text import name_keys, words

LANGUAGES = [code for code, _name in settings.LANGUAGES]
BATCH = 1000


def _value(obj, field, language):
    return getattr(obj, f"{field}_{language}", "") or ""


def _norm(*parts):
    return " ".join(" ".join(words(part)) for part in parts if part)


def _phrases_by_language(search_words):
    by_language = {code: [] for code in LANGUAGES}
    for entry in search_words:
        by_language.setdefault(entry.language, []).extend(entry.phrases())
    return by_language


def _first_line(text, limit=200):
    line = (text or "").strip().split("\n\n")[0].replace("\n", " ")
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + "…"


class Synonyms:
    """What a glossary entry says people call a Dutch word, for the texts that use the word.

    An explanation starts with the word's name in that language ("Asylum seekers' centre
    (asielzoekerscentrum): ...", "مركز طالبي اللجوء ..."): an entry whose text says "azc" is then
    found by "asylum seekers' centre" and by "مركز طالبي اللجوء" too, and by the search words
    editors gave the term.
    """

    def __init__(self):
        self.terms = []
        for term in Term.objects.prefetch_related("search_words"):
            forms = {" ".join(words(form)) for form in term.forms} - {""}
            extra = {code: [] for code in LANGUAGES}
            for code in LANGUAGES:
                heading = _value(term, "explanation", code).split(":", 1)
                if len(heading) == 2 and len(heading[0]) <= 80:
                    extra[code].append(heading[0])
            for code, phrases in _phrases_by_language(term.search_words.all()).items():
                extra[code].extend(phrases)
            self.terms.append((forms, extra))

    def for_text(self, text):
        """Per language, the names of the Dutch words that `text` (normalised) contains."""
        padded = f" {text} "
        found = {code: [] for code in LANGUAGES}
        for forms, extra in self.terms:
            if any(f" {form} " in padded for form in forms):
                for code, phrases in extra.items():
                    found[code].extend(phrases)
        return found


class Builder:
    """Collects documents and their words, then writes them in a few bulk queries."""

    def __init__(self, synonyms=None):
        self.documents = []
        self.words = {}
        self.synonyms = synonyms

    def add(self, kind, target, slug, labels, names, texts, keys=(), parent_slug="", expand=True):
        names_text = _norm(*names)
        key_set = set()
        for key in keys:
            key_set |= name_keys(key)
        texts = {code: _norm(*parts) for code, parts in texts.items()}
        if expand and self.synonyms is not None:
            everything = " ".join([names_text, *texts.values()])
            for code, phrases in self.synonyms.for_text(everything).items():
                if phrases:
                    texts[code] = f"{texts[code]} {_norm(*phrases)}"
        document = Document(
            kind=kind,
            slug=slug,
            parent_slug=parent_slug,
            labels=labels,
            keys=f" {' '.join(sorted(key_set))} " if key_set else "",
            names=names_text,
            **{kind: target},
            **{f"text_{code}": text for code, text in texts.items()},
        )
        self.documents.append(document)
        # A name squashed into one word is offered as itself: "did you mean HackYourFuture?"
        for name in keys:
            for key in name_keys(name):
                self.words[key] = name[:200]
        for text in (names_text, *texts.values()):
            for word in text.split():
                if 4 <= len(word) <= 100:
                    self.words.setdefault(word, word)

    def save(self, kind, targets):
        """Replace the documents of `targets` (primary keys of `kind`) with the new ones."""
        with transaction.atomic():
            Document.objects.filter(**{f"{kind}__in": targets}).delete()
            created = Document.objects.bulk_create(self.documents, batch_size=BATCH)
            backends.current().after_write([document.pk for document in created])
            Word.objects.bulk_create(
                [Word(word=word, label=label) for word, label in self.words.items()],
                batch_size=BATCH,
                ignore_conflicts=True,
            )


def index_organizations(pks=None):
    """Unpublished organizations get no document, so search never shows them."""
    chosen = Organization.objects.order_by("pk")
    if pks is not None:
        chosen = chosen.filter(pk__in=list(pks))
    chosen = list(chosen.values_list("pk", flat=True))
    organizations = Organization.objects.prefetch_related(
        "topics__search_words",
        "municipalities__search_words",
        "locations",
        "search_words",
        Prefetch("roles", queryset=Role.objects.all()),
    )
    synonyms = Synonyms()
    for start in range(0, len(chosen), BATCH):
        batch = chosen[start : start + BATCH]
        builder = Builder(synonyms)
        for organization in organizations.filter(pk__in=batch):
            if organization.is_published:
                _add_organization(builder, organization)
        builder.save("organization", batch)


def _add_organization(builder, organization):
    search_words = _phrases_by_language(organization.search_words.all())
    topics = list(organization.topics.all())
    places = list(organization.municipalities.all())
    roles = list(organization.roles.all())
    place_words = [place.name for place in places] + [
        phrase
        for place in places
        for entry in place.search_words.all()
        for phrase in entry.phrases()
    ]
    place_words += [location.city for location in organization.locations.all()]
    texts = {}
    for code in LANGUAGES:
        texts[code] = [
            _value(organization, "summary", code),
            _value(organization, "description", code),
            _value(organization, "parent_body", code),
            *(_value(role, "title", code) for role in roles),
            *(_value(role, "description", code) for role in roles),
            *(_value(topic, "name", code) for topic in topics),
            *(
                phrase
                for topic in topics
                for entry in topic.search_words.all()
                if entry.language == code
                for phrase in entry.phrases()
            ),
            *search_words.get(code, []),
        ]
    texts["nl"].extend(place_words)
    names = [
        organization.name,
        organization.name_en,
        organization.acronym,
        organization.aliases,
        *(phrase for phrases in search_words.values() for phrase in phrases),
    ]
    keys = [organization.name, organization.name_en, organization.acronym]
    keys += [line.strip() for line in organization.aliases.splitlines() if line.strip()]
    # A name with a part in brackets ("Stichting Tolerance (Zeist)") is also known without it.
    keys += [re.sub(r"\s*\(.*?\)\s*", " ", organization.name).strip()]
    subtitle = " · ".join(part for part in (organization.acronym, organization.name_en) if part)
    labels = {
        code: [organization.name, subtitle, _value(organization, "summary", code)]
        for code in LANGUAGES
    }
    builder.add("organization", organization, organization.slug, labels, names, texts, keys=keys)


def index_stages(pks=None):
    stages = Stage.objects.all() if pks is None else Stage.objects.filter(pk__in=list(pks))
    builder = Builder(Synonyms())
    stages = list(stages)
    for stage in stages:
        labels = {
            code: [_value(stage, "title", code), "", _value(stage, "summary", code)]
            for code in LANGUAGES
        }
        texts = {
            code: [_value(stage, "summary", code), _value(stage, "body", code)]
            for code in LANGUAGES
        }
        names = [_value(stage, "title", code) for code in LANGUAGES]
        builder.add("stage", stage, stage.slug, labels, names, texts)
    builder.save("stage", [stage.pk for stage in stages])


def index_steps(pks=None):
    steps = Step.objects.select_related("stage")
    if pks is not None:
        steps = steps.filter(pk__in=list(pks))
    builder = Builder(Synonyms())
    steps = list(steps)
    for step in steps:
        labels = {
            code: [
                _value(step, "title", code),
                _value(step.stage, "title", code),
                _value(step, "summary", code) or _first_line(_value(step, "body", code)),
            ]
            for code in LANGUAGES
        }
        texts = {
            code: [_value(step, "summary", code), _value(step, "body", code)] for code in LANGUAGES
        }
        names = [_value(step, "title", code) for code in LANGUAGES]
        builder.add("step", step, step.slug, labels, names, texts, parent_slug=step.stage.slug)
    builder.save("step", [step.pk for step in steps])


def index_terms(pks=None):
    terms = Term.objects.prefetch_related("search_words")
    if pks is not None:
        terms = terms.filter(pk__in=list(pks))
    builder = Builder()
    terms = list(terms)
    for term in terms:
        search_words = _phrases_by_language(term.search_words.all())
        labels = {
            code: [term.term, "", _first_line(_value(term, "explanation", code))]
            for code in LANGUAGES
        }
        texts = {
            code: [_value(term, "explanation", code), *search_words.get(code, [])]
            for code in LANGUAGES
        }
        names = [*term.forms, *(p for phrases in search_words.values() for p in phrases)]
        builder.add("term", term, term.slug, labels, names, texts, keys=term.forms, expand=False)
    builder.save("term", [term.pk for term in terms])


def index_municipalities(pks=None):
    places = Municipality.objects.prefetch_related("search_words")
    if pks is not None:
        places = places.filter(pk__in=list(pks))
    builder = Builder()
    places = list(places)
    for place in places:
        phrases = [p for entry in place.search_words.all() for p in entry.phrases()]
        labels = {code: [place.name, place.province, ""] for code in LANGUAGES}
        builder.add(
            "municipality",
            place,
            place.slug,
            labels,
            [place.name, *phrases],
            {code: [] for code in LANGUAGES},
            keys=[place.name, *phrases],
            expand=False,
        )
    builder.save("municipality", [place.pk for place in places])


def rebuild():
    """Every document again, from the content tables."""
    with transaction.atomic():
        Document.objects.all().delete()
        Word.objects.all().delete()
        index_terms()
        index_stages()
        index_steps()
        index_municipalities()
        index_organizations()
    return Document.objects.count()
