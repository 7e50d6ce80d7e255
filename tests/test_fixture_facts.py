"""Checks on every seed text, run in CI every time.

1. A text that states a number of days, weeks or months (a deadline, a period) also says when
   that was true: it names a year ("before 12 June 2026", "in June 2025", "compiled in
   November 2026"), or a person has checked its object against the rules on a date. English
   numbers in words or digits; in the other languages numbers in digits, with each language's
   words for day, week and month.
2. Every translation keeps exactly the numbers of its English source: in the content fixtures
   and in the interface strings (.po). A wrong digit in a deadline or a phone number is the
   mistake a reader cannot see.

No database: these read the files a new machine loads.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))
LOCALE = ROOT / "locale"
LANGUAGES = ["en", "nl", "ar", "fa", "ti", "tr", "uk", "so"]

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety"
)
# "6 working days", "six-week", "4 weeks", "28 days": a number, at most one word, the unit.
UNITS = {
    "en": r"(?:day|week|month)s?",
    "nl": r"(?:werk)?dag(?:en)?|weken|week|maand(?:en)?",
    # Arabic endings carry vowel marks (tanwin: يومًا), which \w does not match.
    "ar": r"(?:يوم|أسبوع|شهر)[\w\u064b-\u0652]*|أيام|أسابيع|أشهر|شهور",
    "fa": r"روز\w*|هفته\w*|ماه\w*",
    "ti": r"መዓልቲ|መዓልታት|ሰሙን|ሰሙናት|ወርሒ|ኣዋርሕ",
    "tr": r"gün\w*|hafta\w*|ay(?:d[ıa]|a|ı|lık|lar\w*)?",
    "uk": r"дн\w*|день|тижн\w*|тиждень|місяц\w*|місяць",
    "so": r"maalin\w*|maalmo\w*|toddobaad\w*|bil|bilo\w*",
}
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def deadline_pattern(language):
    # Digits may follow a letter (Arabic و4 "and 4"), never another digit or a decimal point.
    number = r"(?<![\d.,])\d+"
    if language == "en":
        number = rf"(?:{number}|\b(?:{NUMBER_WORDS}))"
    return re.compile(
        rf"{number}(?:[\s\-]+[^\W\d]+)?[\s\-]+(?:{UNITS[language]})(?!\w)", re.IGNORECASE
    )


PATTERNS = {language: deadline_pattern(language) for language in LANGUAGES}


def ascii_digits(text):
    """Arabic-Indic, Persian and other decimal digits as 0-9, so "۱۲" and "12" are the same."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def deadlines(text, language):
    return [m.group(0) for m in PATTERNS[language].finditer(ascii_digits(text))]


def is_dated(text):
    return bool(YEAR.search(ascii_digits(text)))


def numbers(text):
    return set(re.findall(r"\d+", ascii_digits(text)))


def language_of(field):
    prefix, _, code = field.rpartition("_")
    return code if prefix and code in LANGUAGES else None


def fixture_texts():
    """(where, language, text, object's fields) for every string in every fixture."""
    for path in FIXTURES:
        for index, obj in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            fields = obj["fields"]
            label = f"{path.name}[{index}] {obj['model']} {fields.get('slug', '')}"
            for name, value in fields.items():
                if isinstance(value, str) and value:
                    yield f"{label} {name}", language_of(name) or "en", value, fields


# The detector itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, found",
    [
        ("en", "You have four weeks to appeal.", ["four weeks"]),
        ("en", "In 6 working days the IND decides.", ["6 working days"]),
        ("en", "a free six-week traineeship", ["six-week"]),
        ("en", "within 0 or 28 days", ["28 days"]),
        ("en", "a permit for 5 years, on 12 June 2026", []),
        ("en", "It can be only a few days.", []),
        (
            "nl",
            "binnen 6 maanden, of 4 weken, of 6 werkdagen",
            ["6 maanden", "4 weken", "6 werkdagen"],
        ),
        ("ar", "و4 أسابيع في الحالات الأخرى، 6 أيام عمل", ["4 أسابيع", "6 أيام"]),
        ("ar", "مهلة ٢٨ يومًا", ["28 يومًا"]),
        ("fa", "دست کم ۶ روز، و 3 هفته", ["6 روز", "3 هفته"]),
        ("ti", "ኣብ ውሽጢ 6 ኣዋርሕ", ["6 ኣዋርሕ"]),
        ("tr", "Yasaya göre 6 ay içinde; 28 günlük bir süre", ["6 ay", "28 günlük"]),
        ("tr", "12 Haziran 2026'dan önce", []),
        ("uk", "протягом 6 місяців, 4 тижні, 28 днів", ["6 місяців", "4 тижні", "28 днів"]),
        ("so", "6 bilood gudahood iyo 4 toddobaad", ["6 bilood", "4 toddobaad"]),
    ],
)
def test_the_detector_finds_numbers_of_days_weeks_and_months(language, text, found):
    assert deadlines(text, language) == found


def test_a_year_dates_a_text_in_any_script():
    assert is_dated("Before 12 June 2026 it was 4 weeks.")
    assert is_dated("قبل ١٢ حزيران/يونيو ٢٠٢٦")
    assert not is_dated("Call 088 715 7000 within 4 weeks.")


def test_numbers_are_compared_whatever_the_script_of_their_digits():
    assert numbers("۱۲ جون ۲۰۲۶ و 4 هفته") == numbers("12 June 2026, 4 weeks")


# The seed texts --------------------------------------------------------------------------------


def test_every_number_of_days_weeks_or_months_in_the_seed_is_dated():
    undated = []
    for where, language, text, fields in fixture_texts():
        if fields.get("rules_checked_on"):
            continue  # a person checked this object against the rules on that day
        found = deadlines(text, language)
        if found and not is_dated(text):
            undated.append(f"{where}: {found}")
    assert not undated, "States a period without saying when it was true:\n" + "\n".join(undated)


def test_the_check_sees_every_translation_of_a_period_stated_in_digits():
    """Each language's unit words are complete enough for the seed: where the English states a
    period in digits, the detector finds one in every translation too."""
    missed = []
    for path in FIXTURES:
        for obj in json.loads(path.read_text(encoding="utf-8")):
            fields = obj["fields"]
            for name, english in fields.items():
                if not name.endswith("_en") or not isinstance(english, str):
                    continue
                if not any(re.match(r"\d", d) for d in deadlines(english, "en")):
                    continue
                for language in LANGUAGES[1:]:
                    translation = fields.get(f"{name[:-3]}_{language}")
                    if translation and not deadlines(translation, language):
                        missed.append(f"{obj['model']} {fields.get('slug')} {name} {language}")
    assert not missed, "\n".join(missed)


def test_every_translated_field_keeps_the_numbers_of_its_english_source():
    wrong = []
    for path in FIXTURES:
        for obj in json.loads(path.read_text(encoding="utf-8")):
            fields = obj["fields"]
            for name, english in fields.items():
                if not name.endswith("_en") or not isinstance(english, str):
                    continue
                for language in LANGUAGES[1:]:
                    translation = fields.get(f"{name[:-3]}_{language}")
                    if translation and numbers(translation) != numbers(english):
                        wrong.append(
                            f"{path.name} {fields.get('slug')} {name[:-3]}_{language}: "
                            f"{sorted(numbers(english))} in English, {sorted(numbers(translation))}"
                        )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_keeps_the_numbers_of_its_english_source(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        catalog = read_po(po)
    wrong = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = numbers(" ".join(ids))
        for string in strings:
            if string and numbers(string) != expected:
                wrong.append(f"{ids[0]!r}: {sorted(expected)}, but {string!r}")
    assert not wrong, "\n".join(wrong)
