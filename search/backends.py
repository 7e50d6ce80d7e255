"""The database half of search: PostgreSQL full text and trigrams, or SQLite FTS5.

Both get the same normalised words (search/text.py) and answer the same three questions:
which documents match, how well (a score, best first) and which indexed words are near a typo.

- PostgreSQL: `Document.vector` is a weighted tsvector (keys A, names B, texts C), in the
  `simple` configuration and, for English, Dutch, Turkish and Arabic, also in a stemming
  configuration that unaccents first (search_english ...; migration 0002). A GIN index on it
  and, with pg_trgm, a GiST index on `Word.word` for the words nearest a typo (0005). Ranked
  with SearchRank (ts_rank), over a bounded set of candidates: ts_rank reads each document's
  whole vector (4 kB, out of line), and a broad word matches nearly every document, so
  ranking every match would cost more with every entry. `Document.heading` (keys and names
  only, small) and an index on the keys pick the candidates a visitor most likely means
  (migration 0004).
- SQLite: the FTS5 table `search_fts` (keys, names, a column per language), kept in step with
  search_document by triggers, ranked with bm25() and column weights; typos through the FTS5
  trigram table `search_word_fts` over `search_word`.
An exact name or acronym (the whole query squashed into one word, found between the spaces of
`keys`) adds a score no text match can reach, so it always comes first.
"""

from functools import reduce

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramDistance,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, TextField, Value, When

from .models import Document, Word

EXACT = 100.0
TEXT_CONFIGS = {
    "en": "search_english",
    "nl": "search_dutch",
    "tr": "search_turkish",
    "ar": "search_arabic",
}
LANGUAGE_COLUMNS = ["en", "nl", "ar", "fa", "ti", "tr", "uk", "so"]
CANDIDATES_PER_WORD = 40  # also in NEAR_SQL
SIMILAR = 0.3  # pg_trgm's similarity_threshold: a word shares this part of its trigrams


# `keys` as an array, as search/migrations/0004 indexes it: an exact name, found exactly.
KEY_LIST = Func(
    Func(F("keys"), function="btrim"),
    Value(" "),
    function="string_to_array",
    output_field=ArrayField(TextField()),
)


def current():
    return PostgreSQL if connection.vendor == "postgresql" else SQLite


class PostgreSQL:
    # Matches ranked per kind of candidate (exact name, word in a name, word anywhere): more
    # than anyone pages through, and the same cost at 100 or 10,000 organizations.
    ranked = 300

    @staticmethod
    def heading():
        return SearchVector("keys", config="simple", weight="A") + SearchVector(
            "names", config="simple", weight="B"
        )

    @classmethod
    def vector(cls):
        parts = [cls.heading()]
        for code in LANGUAGE_COLUMNS:
            parts.append(SearchVector(f"text_{code}", config="simple", weight="C"))
            if code in TEXT_CONFIGS:
                parts.append(SearchVector(f"text_{code}", config=TEXT_CONFIGS[code], weight="C"))
        return reduce(lambda a, b: a + b, parts)

    @classmethod
    def after_write(cls, pks):
        if pks:
            Document.objects.filter(pk__in=pks).update(vector=cls.vector(), heading=cls.heading())

    @staticmethod
    def query(search):
        """One tsquery of each lexeme that one of the configurations makes of the words.

        The configurations mostly agree ("lawyer" is "lawyer" in four of them); asked as five
        copies, the planner took them for five chances to match, guessed that half of all
        documents would, and read every one. So the database stems the words first (one
        query per search; see Search.database_query) and each lexeme is asked once.
        """
        # Only letters and digits reach this expression (search/text.py), so nothing the
        # visitor typed can be read as tsquery syntax.
        expression = " | ".join(
            f"'{word}':*" if prefix else f"'{word}'" for word, prefix in search.terms
        )
        configs = ["simple", *TEXT_CONFIGS.values()]
        select = ", ".join(["to_tsquery(%s::regconfig, %s)::text"] * len(configs))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {select}", [v for c in configs for v in (c, expression)])
            stemmed = cursor.fetchone()
        parts = {}
        for text in filter(None, stemmed):
            # Each lexeme on its own; what a configuration made of more than one, as it is.
            whole = "&" in text or "<" in text
            for part in [f"({text})"] if whole else text.split(" | "):
                parts.setdefault(part)
        return SearchQuery(" | ".join(parts) or expression, config="simple", search_type="raw")

    @staticmethod
    def all_words(search):
        """Every word of a query of several words: a document with all of them ranks higher."""
        words = [word for word, _prefix in search.terms[: len(search.words)]]
        if len(words) < 2:
            return None
        expression = " & ".join(f"'{word}':*" if len(word) > 3 else f"'{word}'" for word in words)
        return SearchQuery(expression, config="simple", search_type="raw")

    @classmethod
    def match(cls, queryset, search, path="", every_word=False, bounded=True):
        query = search.database_query
        every = cls.all_words(search)
        if every_word and every is not None:
            queryset = queryset.filter(**{f"{path}vector": every})
        score = SearchRank(
            F(f"{path}vector"), query, weights=[0.05, 0.2, 0.5, 1.0], normalization=Value(1)
        )
        if every is not None:
            # bm25 on SQLite rewards the rarer words by itself; ts_rank needs this nudge.
            score = score + Case(
                When(**{f"{path}vector": every}, then=Value(0.5)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        if search.key:
            score = score + Case(
                When(**{f"{path}keys__contains": f" {search.key} "}, then=Value(EXACT)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        if bounded:
            # Asked once, by themselves: as a subquery they were found again by the count and
            # again by the page, each time by the planner's worst guess at how to stop early.
            candidates = list(cls.candidates(queryset, search, query, path))
            queryset = queryset.filter(pk__in=candidates)
        else:
            queryset = queryset.filter(**{f"{path}vector": query})
        return queryset.annotate(search_score=score)

    @classmethod
    def candidates(cls, queryset, search, query, path):
        """The matches worth ranking: those named exactly, then the first `ranked` with a word
        in their names and the first `ranked` with it anywhere, each found through its own index
        (a name or key found is in `vector` too, so those parts need not read it).

        Unordered on purpose: each part stops after `ranked` rows, where an order would have to
        read every match first.
        """
        parts = [
            queryset.filter(**{f"{path}heading": query}),
            queryset.filter(**{f"{path}vector": query}),
        ]
        if search.key:
            named = Document.objects.alias(key_list=KEY_LIST).filter(
                key_list__contains=[search.key]
            )
            parts.insert(0, queryset.filter(**{f"{path}pk__in": named.values("pk")}))
        first, *rest = (
            part.order_by().values_list("pk", flat=True)[: cls.ranked] for part in parts
        )
        return first.union(*rest)

    @staticmethod
    def near(words):
        """The indexed words nearest each of `words` that share a third of their trigrams with
        it, as pg_trgm's `%` would (one query: per word, a nearest-first walk of the GiST index
        of migration 0005 that stops after CANDIDATES_PER_WORD, however many words there are).
        """
        first, *rest = (
            Word.objects.annotate(distance=TrigramDistance("word", word))
            .order_by("distance")
            .values_list("word", "label", "distance")[:CANDIDATES_PER_WORD]
            for word in words
        )
        rows = first.union(*rest, all=True) if rest else first
        return [(word, label) for word, label, distance in rows if distance < 1 - SIMILAR]


NEAR_SQL = (
    "SELECT * FROM (SELECT w.word, w.label FROM search_word_fts "
    "JOIN search_word w ON w.id = search_word_fts.rowid "
    "WHERE search_word_fts MATCH %s ORDER BY rank LIMIT 40)"
)


class SQLite:
    ranked = None  # every match: see match()
    # bm25() weights: keys, names, then one column per language.
    WEIGHTS = ", ".join(["20.0", "8.0"] + ["1.0"] * len(LANGUAGE_COLUMNS))

    @staticmethod
    def after_write(pks):
        """Triggers keep search_fts in step with search_document (migration 0002)."""

    @staticmethod
    def query(search):
        # Each word in double quotes: FTS5 then reads it as a string, never as syntax
        # (AND, OR, NEAR, *, :, ^ ...). Only letters and digits reach it anyway.
        return " OR ".join(f'"{word}"*' if prefix else f'"{word}"' for word, prefix in search.terms)

    @classmethod
    def match(cls, queryset, search, path="", every_word=False, bounded=True):
        # FTS5 ranks every match with bm25() from its own index, fast at any size, and matches
        # fewer single words than PostgreSQL's stemming: it needs neither a bound nor
        # every_word. Django has no FTS5 lookup: extra() joins the FTS table on its rowid and
        # reads bm25(), which SQLite only computes in the query that does the MATCH.
        document = Document._meta.db_table
        where = ["search_fts MATCH %s", f'search_fts.rowid = "{document}"."id"']
        tables = ["search_fts"]
        if path:
            model = queryset.model._meta
            tables.insert(0, document)
            where.append(f'"{document}"."{model.model_name}_id" = "{model.db_table}"."id"')
        score = f"(-bm25(search_fts, {cls.WEIGHTS}))"
        params = []
        if search.key:
            score += f' + (CASE WHEN instr("{document}"."keys", %s) > 0 THEN {EXACT} ELSE 0 END)'
            params.append(f" {search.key} ")
        return queryset.extra(  # noqa: S610 (fixed SQL; the visitor's words are parameters)
            select={"search_score": score},
            select_params=params,
            tables=tables,
            where=where,
            params=[search.database_query],
        )

    @staticmethod
    def near(words):
        """Indexed words that share trigrams with each of `words`, in one statement."""
        parts, params = [], []
        for word in words:
            grams = {word[i : i + 3] for i in range(len(word) - 2)}
            if not grams:
                continue
            parts.append(NEAR_SQL)
            params.append(" OR ".join(f'"{gram}"' for gram in sorted(grams)))
        if not parts:
            return []
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return cursor.fetchall()
