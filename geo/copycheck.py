"""Print-standard checks for the English and Polish copy: seeds, UI strings and built maps.

Each check returns readable problems (an excerpt and what is wrong), so a test or
``shieldmap check`` can list them all. :func:`polish_spaces` applies the Polish spacing
rules the checks enforce, for text composed at run time.

Examples
--------
>>> len(polish_problems("Ok. 700 km granicy w 2025 r."))
4
>>> polish_problems(polish_spaces("Ok. 700 km granicy w 2025 r."))
[]
"""

from __future__ import annotations

import re

__all__ = ["NBSP", "english_problems", "polish_problems", "polish_spaces"]

NBSP = "\u00a0"

# after these, a line must not break (Polish typesetting rules)
_ONE_LETTER = "aiouwzAIOUWZ"
_ABBREVIATIONS = ("ok.", "Ok.", "gen.", "art.", "poz.", "kal.", "nr", "ppłk", "płk", "ul.")
# units and words a number must stay with
_UNITS = (
    "km",
    "m",
    "m²",
    "mln",
    "mld",
    "tys.",
    "zł",
    "euro",
    "EUR",
    "USD",
    "dolarów",
    "r.",
    "proc.",
    "%",
    "bunkrów",
    "kamer",
    "przejść",
)
_NOMINATIVE_MONTHS = (
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
    # CLDR's abbreviations read as computer output after a day number
    "sty",
    "lut",
    "mar",
    "kwi",
    "cze",
    "lip",
    "sie",
    "wrz",
    "paź",
    "lis",
    "gru",
)
# English words that have no business in Polish copy (lower case: proper names such as
# "The Moscow Times" or "Human Rights Watch" keep their capitals and pass)
_ENGLISH_WORDS = (
    "the",
    "of",
    "with",
    "from",
    "via",
    "mirror",
    "reprint",
    "years",
    "year",
    "five",
    "about",
    "complete",
    "pending",
    "agency",
    "border",
    "fence",
    "wall",
    "between",
    "not",
    "official",
    "measured",
)

_START = r"(?:(?<=^)|(?<=[\s(„\"'\u2013]))"
_ONE_LETTER_RE = re.compile(_START + rf"([{_ONE_LETTER}]) ")
_ABBREV_RE = re.compile(_START + "(" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + ") ")
_UNIT_RE = re.compile(
    r"(\d) (" + "|".join(re.escape(u) for u in _UNITS) + r")(?=$|[\s,.;:)\u00a0!?])"
)
# "1,6 mld zł": the multiplier stays with its currency or unit too
_MULTIPLIER_RE = re.compile(
    r"(?<=\d[\u00a0])(mln|mld|tys\.) (zł|euro|EUR|USD|dolarów|km|min)(?=$|[\s,.;:)])"
)
_DASH_RE = re.compile(r" \u2013 ")
_MONTH_RE = re.compile(
    r"(?<!\d)(\d{1,2})[ \u00a0](" + "|".join(_NOMINATIVE_MONTHS) + r")(?![\wąćęłńóśźż])"
)
_ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(_ENGLISH_WORDS) + r")(?![\w-])")
# two marks in a row: "..", ",,", ";;", "::", ",." and the like, or a space before a mark;
# an ellipsis and an abbreviation's full stop before a comma ("r., ") are fine
_DOUBLED_RE = re.compile(r"(?<!\.)\.\.(?!\.)|,,|;;|::|[,;:]\.|(?<=\w) [,;:.](?!\w)")


def _excerpt(text: str, start: int, end: int, width: int = 12) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    head = "…" if left > 0 else ""
    tail = "…" if right < len(text) else ""
    return f'"{head}{text[left:right]}{tail}"'


def _doubled(text: str) -> list[str]:
    return [
        f"doubled punctuation {m.group(0).strip()!r} in {_excerpt(text, m.start(), m.end())}"
        for m in _DOUBLED_RE.finditer(text)
    ]


def polish_problems(text: str) -> list[str]:
    """Problems of Polish copy: spacing, months, quotes, punctuation, stray English."""
    problems = _doubled(text)
    for m in _ABBREV_RE.finditer(text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(f'missing non-breaking space after "{m.group(1)}" in {where}')
    for m in _ONE_LETTER_RE.finditer(text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(
            f'missing non-breaking space after the one-letter word "{m.group(1)}" in {where}'
        )
    for m in _UNIT_RE.finditer(text):
        number = re.search(r"[\d,.\u00a0]*\d$", text[: m.start() + 1])
        shown = number.group(0) if number else m.group(1)
        where = _excerpt(text, m.start(), m.end())
        problems.append(f'missing non-breaking space between "{shown}" and its unit in {where}')
    for m in _MULTIPLIER_RE.finditer(text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(f'missing non-breaking space after "{m.group(1)}" in {where}')
    for m in _DASH_RE.finditer(text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(f"missing non-breaking space before a dash in {where}")
    for m in _MONTH_RE.finditer(text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(f'month "{m.group(2)}" after a day number must be genitive in {where}')
    for mark in ('"', "\u201c"):
        index = text.find(mark)
        if index >= 0:
            where = _excerpt(text, index, index + 1)
            problems.append(f"Polish quotes are „…”, found {mark!r} in {where}")
    for m in re.finditer(r"(?<!\w)EUR(?!\w)|€", text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(f'write the currency as "euro" in Polish copy, found {where}')
    for m in _ENGLISH_RE.finditer(text):
        where = _excerpt(text, m.start(), m.end())
        problems.append(f'English word "{m.group(1)}" in Polish copy {where}')
    return problems


def english_problems(text: str) -> list[str]:
    """Problems of English copy: doubled punctuation."""
    return _doubled(text)


def polish_spaces(text: str) -> str:
    """``text`` with the non-breaking spaces Polish typesetting requires.

    After one-letter words and abbreviations such as "ok.", between a number and its unit,
    and before a spaced dash, so that no line ends with "w" or starts with "km".
    """
    previous = None
    while previous != text:  # "w z" and similar chains need a second pass
        previous = text
        text = _ONE_LETTER_RE.sub(lambda m: m.group(1) + NBSP, text)
        text = _ABBREV_RE.sub(lambda m: m.group(1) + NBSP, text)
        text = _UNIT_RE.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
        text = _MULTIPLIER_RE.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
        text = _DASH_RE.sub(NBSP + "\u2013 ", text)
    return text
