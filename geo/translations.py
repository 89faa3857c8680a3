"""Which seed texts lack a translation, and how a text shown in English instead is marked.

Every seed text holds English and Polish; Lithuanian, Latvian, Estonian and German are added
as they are written. A map in a language the text lacks shows the English text with a visible
mark, and ``shieldmap check --lang LANG`` lists every text still to translate.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from geo.seeds import Seeds

# Seed files by the Seeds field that holds their records.
_FILES = {
    "sources": "sources.yaml",
    "countries": "countries.yaml",
    "borders": "borders.yaml",
    "programs": "programs.yaml",
    "places": "places.yaml",
}


def is_text(value: object) -> bool:
    """A seed text: a mapping of language code to string that holds English."""
    return isinstance(value, dict) and isinstance(value.get("en"), str)


def seed_texts(seeds: Seeds) -> Iterator[tuple[str, dict[str, str]]]:
    """Every text of the seeds with where it is (``places.yaml: riga.note``)."""
    for field, filename in _FILES.items():
        records = getattr(seeds, field)
        items = records.values() if isinstance(records, dict) else records
        for record in items:
            yield from _walk(f"{filename}: {_ident(record)}", record)


def missing(seeds: Seeds, lang: str) -> list[str]:
    """Where a seed text has no ``lang`` version, one line each, in file order.

    Country names are not listed: a map takes them from CLDR (through Babel) when the seeds
    lack them. Nor are publishers' names: a publisher keeps its own name where no other is
    given ("Reuters"), unmarked.
    """
    return [
        f"{where}: no {lang!r} text"
        for where, text in seed_texts(seeds)
        if lang not in text and not _own_name(where)
    ]


def _own_name(where: str) -> bool:
    country = where.startswith(f"{_FILES['countries']}: ") and where.endswith(".names")
    return country or where.endswith(".publisher_names")


def _ident(record: Any) -> str:
    for name in ("id", "pair", "iso3"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return "?"


def _walk(path: str, value: Any) -> Iterator[tuple[str, dict[str, str]]]:
    if is_text(value):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _walk(f"{path}.{field.name}", getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _walk(f"{path}[{index}]", item)


class Translator:
    """A layer's English text in another language, found through the seed text it came from.

    Layers carry English and Polish columns only; every other language is looked up in the
    seeds by the English text. A text the seeds do not translate comes back marked [EN].
    """

    def __init__(self, seeds: Seeds) -> None:
        self._by_english: dict[str, dict[str, str]] = {}
        for _where, text in seed_texts(seeds):
            self._by_english.setdefault(" ".join(text["en"].split()), text)

    def __call__(self, english: str, lang: str, name: bool = False) -> str:
        """``english`` in ``lang``; a name falls back to its local form, unmarked."""
        if not english or lang == "en":
            return english
        text = self._by_english.get(" ".join(english.split()), {})
        if text.get(lang):
            return text[lang]
        if name:
            return text.get("local") or english
        from geo.maps.i18n import UNTRANSLATED

        return UNTRANSLATED.format(text=english)
