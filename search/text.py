"""How text becomes search words, the same way for what is indexed and what is typed.

Case, accents and Arabic vowel marks never matter, and the letters that Arabic and Persian
write differently (ي/ی, ك/ک, ة/ه, أ/إ/آ/ا) are made one. Done in Python, not in the database,
so that PostgreSQL and SQLite see exactly the same words and the behaviour is the same on both.
"""

import re
import unicodedata

# One form for letters that Arabic and Persian keyboards type differently, and no tatweel,
# zero-width joiners or directional marks (they are invisible, so people never type them the
# same way twice).
LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ı": "i",  # Turkish dotless i: people type "i" on a phone without Turkish letters
        "ـ": None,
        "\u200c": None,
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
        "\u202a": None,
        "\u202b": None,
        "\u202c": None,
        "\u202d": None,
        "\u202e": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
        "\ufeff": None,
    }
)
WORD = re.compile(r"[^\W_]+")
ARABIC_LETTERS = re.compile(r"^[\u0600-\u06ff]+$")
# The Arabic article and the particles written onto it ("the", "and the", "with the" ...):
# "المحامي" is "محامي" for a search.
ARABIC_ARTICLE = re.compile(r"^(?:وال|بال|کال|فال|لل|ال)(?=...)")

# Words too common to find anything by, in the languages whose people type whole sentences
# ("return to my country", "ik zoek een advocaat"). Used only when the query has other words.
STOPWORD_TEXT = """
    a an the to of for in on at by and or with from my me i we you your is are am be how
    what where who can do does need want help find get go my please about
    de het een en van in op te voor met ik mijn wij jij je u uw is zijn hoe wat waar wie kan
    moet wil zoek hulp bij naar om
    bir ve ile için bu ne nasıl nerede ben benim
    і й та в у на до з як що де я мене мій моя мені шукаю потрібен потрібна потрібно
    looking nodig ik zoek een
    أريد ابحث أبحث احتاج أحتاج عن في من إلى على
    نیاز دارم میخواهم می خواهم به از در برای را و یک
    arıyorum lazım istiyorum bana
    waxaan u baahanahay raadinayaa iyo ka
"""


def normalise(text):
    """Lower case, no accents, one form per letter: the text that search compares."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.casefold().translate(LETTERS)


def words(text):
    """The search words of a text, in order (duplicates kept)."""
    return [_stem(word) for word in WORD.findall(normalise(text))]


def _stem(word):
    if ARABIC_LETTERS.match(word):
        return ARABIC_ARTICLE.sub("", word)
    return word


def squashed(text):
    """A name or acronym as one word, however it is written: "D.T.&V.", "dt en v" -> "dtenv"."""
    return "".join(words(text.replace("&", " en ")))


def name_keys(name):
    """Every one-word form of a name: with & read as "en" (Dutch), "and" or nothing."""
    keys = {squashed(name)}
    if "&" in name:
        keys.add("".join(words(name.replace("&", " and "))))
        keys.add("".join(words(name)))
    return {key for key in keys if key}


def query_words(text, limit=24):
    """The distinct words of a query, the common and one-letter ones left out when others
    remain."""
    seen = []
    for word in words(text):
        if word not in seen:
            seen.append(word)
    # Single letters and digits ("1", "s" of 's-Hertogenbosch) find everything and nothing.
    meaningful = [word for word in seen if word not in STOPWORDS and len(word) > 1]
    return (meaningful or seen)[:limit]


STOPWORDS = frozenset(normalise(STOPWORD_TEXT).split())
