"""One search, as the search page and the directory use it.

    search = Search("imigration")
    search.documents()                 # matching documents, best first
    search.documents(Document.objects.guide(), bounded=False)   # of one kind, every match
    search.organizations(queryset)     # those of `queryset` that match, best first
    search.suggestions()               # "did you mean", when nothing matched

Building a Search costs at most one query (the typo candidates); each list costs one more,
and on PostgreSQL the first list one more again (the words as each language stems them), and
a bounded list one more (its candidates, see search/backends.py).
"""

from functools import cached_property

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from . import backends
from .models import Document
from .text import query_words, squashed

MAX_LENGTH = 200
TYPO_LENGTH = 5  # words this long or longer may have a wrong letter
TWO_TYPOS_LENGTH = 7  # and two from this long: "alert" is not "leert", but "vluchtelingwerk" is
MAX_TYPO_WORDS = 8
PREFIX_LENGTH = 4  # shorter words match whole words only ("ter" is not every "terugkeer")


def typo_distance(typed, word):
    """Letters wrong, missing, extra or swapped: against the word, or against its start."""
    whole = OSA.distance(typed, word)
    if len(word) <= len(typed) + 1:
        return whole
    start = min(
        OSA.distance(typed, word[:length]) for length in range(len(typed) - 1, len(typed) + 2)
    )
    # A typo in the start of a longer word counts one more: "imigrat" is near "immigratie".
    return min(whole, start + 1)


def count_is_partial(count):
    """Whether `count` matches may be only the part of more that a search ranked (a word in
    nearly every entry, on PostgreSQL): the page then says "at least"."""
    ranked = backends.current().ranked
    return ranked is not None and count >= ranked


class Search:
    def __init__(self, text):
        self.text = (text or "").replace("\x00", "")[:MAX_LENGTH].strip()
        self.words = query_words(self.text)
        key = squashed(self.text)
        self.key = key if 2 <= len(key) <= 100 else ""
        self.corrections = {}
        self._candidates = None
        long_words = [word for word in self.words if len(word) >= TYPO_LENGTH]
        if long_words:
            self._candidates = backends.current().near(long_words[:MAX_TYPO_WORDS])
            known = {word for word, _label in self._candidates}
            for typed in long_words[:MAX_TYPO_WORDS]:
                if typed in known:
                    continue
                near = sorted(
                    (typo_distance(typed, word), word)
                    for word, _label in self._candidates
                    if typo_distance(typed, word) <= (1 if len(typed) < TWO_TYPOS_LENGTH else 2)
                )
                if near:
                    self.corrections[typed] = [word for _distance, word in near[:3]]

    @property
    def terms(self):
        """(word, match as a prefix) for everything the index is asked for."""
        terms = [(word, len(word) >= PREFIX_LENGTH) for word in self.words]
        if self.key and (self.key, True) not in terms and len(self.words) > 1:
            terms.append((self.key, False))
        for corrected in self.corrections.values():
            terms += [(word, False) for word in corrected]
        return terms

    def __bool__(self):
        return bool(self.words)

    @cached_property
    def database_query(self):
        """The words as the database's search asks for them (one query on PostgreSQL)."""
        return backends.current().query(self)

    @property
    def marked_words(self):
        """The words to mark in what is shown: as typed, and as corrected."""
        marked = {word for word in self.words if len(word) >= PREFIX_LENGTH or len(self.words) == 1}
        for corrected in self.corrections.values():
            marked.update(corrected)
        return marked

    def match(self, queryset, path="", every_word=False, bounded=True):
        if not self:
            return queryset.none()
        found = backends.current().match(queryset, self, path, every_word, bounded)
        return found.order_by("-search_score", "pk")

    def documents(self, queryset=None, bounded=True):
        """Matching documents, best first; on PostgreSQL the best of a bounded number (see
        search/backends.py), so a word in nearly every entry costs what a rare one does.
        `bounded=False` ranks every match: for a set that does not grow with the directory
        (the guide's stages, steps, terms and places), that saves the query for the bound."""
        if queryset is None:
            queryset = Document.objects.all()
        return self.match(queryset.defer("vector", "heading"), bounded=bounded)

    def organizations(self, queryset, bounded=True):
        """Those of an Organization queryset that match, best first (the directory's q).

        A filter narrows: on PostgreSQL, whose stemming matches more single words than FTS5
        does, an organization must match every word typed ("Forward Incubator"). Apply it
        after the other filters: the matches ranked are bounded, and must be the filtered ones.
        An export asks for every match (`bounded=False`), at the price of ranking them all.
        """
        return self.match(queryset, "search_document__", every_word=True, bounded=bounded)

    def suggestions(self, limit=5):
        """The names and words closest to what was typed, for a search that found nothing."""
        words = [word for word in self.words if len(word) >= PREFIX_LENGTH]
        if self.key and self.key not in words and len(self.key) >= PREFIX_LENGTH:
            words.append(self.key)
        if not words:
            return []
        candidates = backends.current().near(words[:MAX_TYPO_WORDS])
        scored = {}
        for word, label in candidates:
            score = max(ratio(typed, word) for typed in words)
            if score >= 50 and label not in scored:
                scored[label] = score
        return [label for label, _score in sorted(scored.items(), key=lambda item: -item[1])][
            :limit
        ]
