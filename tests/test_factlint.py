"""Fact lint: every number a reader sees on a built map traces back to the data, every fact
is sourced, and the copy in both languages is up to print standard.

The maps are rendered for real (both languages, every preset) from the embedded boundaries and
the shipped seeds; the numbers are read from what a reader sees: the page's text, the tooltips,
popups and labels of every layer, and the timeline's titles.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from babel import Locale
from markupsafe import escape

from geo.boundaries import load_countries
from geo.copycheck import NBSP, english_problems, polish_problems, polish_spaces
from geo.layers import Layers, build_layers
from geo.maps import render_map
from geo.maps.i18n import LANGS, LOCALES, Tr, catalog
from geo.maps.presets import ALL
from geo.seeds import Seeds, load_seeds


@pytest.fixture(scope="module")
def inputs() -> tuple[Layers, Seeds]:
    countries, source = load_countries()
    seeds = load_seeds()
    return build_layers(countries, source, seeds), seeds


@pytest.fixture(scope="module")
def pages(inputs: tuple[Layers, Seeds]) -> dict[tuple[str, str], str]:
    layers, seeds = inputs
    return {(p, lang): render_map(layers, seeds, p, lang) for p in ALL for lang in LANGS}


# --------------------------------------------------------------------------- reading a page


class _Visible(HTMLParser):
    """The text a reader can see or hear: text nodes (not scripts or styles), plus the
    title and aria-label attributes that browsers show as tooltips or read out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data)


def visible_text(page: str) -> list[str]:
    """Every piece of text a reader meets on ``page``, including each layer's tooltips,
    popups and labels (which the page's script draws from JSON)."""
    parser = _Visible()
    parser.feed(page)
    texts = list(parser.parts)
    for data in re.findall(r'shieldmap\.fill\(\w+, "\w+", (\{.*?\})\);\n', page, re.S):
        layer = json.loads(data)
        fragments = [f["properties"].get(k) for f in layer["f"] for k in ("t", "p")]
        fragments += [label["h"] for label in layer.get("l", [])]
        for fragment in filter(None, fragments):
            inner = _Visible()
            inner.feed(fragment)
            texts.extend(inner.parts)
    return texts


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers(text: str, lang: str) -> list[float]:
    """The numbers in ``text`` as printed in ``lang`` (its CLDR group and decimal symbols):
    grouping removed, decimal point fixed; a numeric date (01.08.2024) read as its parts."""
    symbols = Locale.parse(LOCALES[lang]).number_symbols["latn"]
    group, decimal = symbols["group"], symbols["decimal"]
    text = re.sub(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", r"\1 \2 \3", text)
    spaces = "\u00a0\u202f " if group.isspace() else ""
    text = re.sub(f"(?<=\\d)[{re.escape(group)}{spaces}](?=\\d{{3}}(?!\\d))", "", text)  # 12 500
    text = re.sub(f"(?<=\\d){re.escape(decimal)}(?=\\d)", ".", text)  # 340,1
    return [float(n) for n in _NUMBER.findall(text)]


# --------------------------------------------------------------------------- the allowed numbers


def _walk(value: Any) -> Iterator[Any]:
    """Every leaf value in a record tree of dataclasses, mappings and sequences."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def _forms(value: float) -> set[float]:
    """A figure as it may be printed: as is, and rounded to one decimal or to whole units."""
    return {round(value, 2), round(value, 1), float(round(value))}


def _money_forms(amount: float) -> set[float]:
    """A budget in compact form: PLN 10bn → 10, EUR 303m → 303, EUR 1.1bn → 1.1."""
    forms: set[float] = set()
    for unit in (1e9, 1e6, 1e3):
        forms |= _forms(amount / unit)
    return forms


def _date_parts(day: datetime.date) -> set[float]:
    return {float(day.day), float(day.month), float(day.year)}


def headline_total(seeds: Seeds, pairs: list[str]) -> float:
    """The documented derivation for totals in titles: the sum of each border's first
    national figure, rounded to 10 km (README, "The headline rule")."""
    total = 0.0
    for pair in pairs:
        facts = seeds.border(pair)
        assert facts is not None, pair
        total += next(o.km for o in facts.official if o.kind == "national")
    return float(round(total / 10) * 10)


def allowed_numbers(layers: Layers, seeds: Seeds) -> set[float]:
    """Seed values (fields and the numbers in seed prose), measured values of the layers, and
    the documented derivations of them."""
    allowed: set[float] = set()
    for value in _walk(seeds):
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            allowed |= _forms(float(value)) | _money_forms(float(value))
        elif isinstance(value, datetime.date):
            allowed |= _date_parts(value)
        elif isinstance(value, str):
            # prose and titles are sourced text: the numbers they print are the source's
            allowed |= {n for lang in LANGS for n in numbers(value, lang)}
            if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
                allowed |= {float(p) for p in value.split("-")}
    for name in ("borders", "eastern_shield", "baltic_defence_line", "suwalki_gap"):
        for km in layers.frames[name]["length_km"]:
            allowed |= _forms(float(km))
    source = layers.boundary_source
    for text in (source.name, source.version, source.scale, source.attribution):
        allowed |= set(numbers(text, "en"))
    allowed |= {1.0, 10.0}  # the scale in short form, "1:10m" / "1:10 mln"
    allowed.add(seeds.data_as_of.year)
    focus = {c.iso3 for c in seeds.countries.values() if c.focus}
    overview = [b.pair for b in seeds.borders if b.a in focus and b.b in ("RUS", "BLR")]
    allowed.add(headline_total(seeds, overview))
    allowed.add(headline_total(seeds, list(seeds.programs["baltic_defence_line"].borders)))
    return allowed


# --------------------------------------------------------------------------- numbers on the maps


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("preset", ALL)
def test_every_number_on_the_map_traces_to_the_data(
    inputs: tuple[Layers, Seeds], pages: dict[tuple[str, str], str], preset: str, lang: str
) -> None:
    layers, seeds = inputs
    page = pages[(preset, lang)]
    # the page's furniture: the count in its "Sources (n)" heading
    allowed = allowed_numbers(layers, seeds) | {float(page.count('<li id="src-'))}
    stray = []
    for text in visible_text(page):
        for number in numbers(text, lang):
            if not any(math.isclose(number, a, abs_tol=1e-9) for a in allowed):
                stray.append(f"{number:g} in {text.strip()[:90]!r}")
    assert not stray, "numbers with no seed value, measurement or derivation behind them:\n" + (
        "\n".join(sorted(set(stray)))
    )


def test_the_lint_catches_an_invented_number(
    inputs: tuple[Layers, Seeds], pages: dict[tuple[str, str], str]
) -> None:
    layers, seeds = inputs
    allowed = allowed_numbers(layers, seeds)
    page = pages[("overview", "en")].replace("fortified frontier</h1>", "1,234 km frontier</h1>")
    assert page != pages[("overview", "en")]
    found = [n for t in visible_text(page) for n in numbers(t, "en")]
    assert 1234.0 in found and 1234.0 not in allowed


def test_headlines_use_official_figures(
    inputs: tuple[Layers, Seeds], pages: dict[tuple[str, str], str]
) -> None:
    """Titles, subtitles and on-map length labels carry official figures, never 1:10m ones."""
    layers, seeds = inputs
    measured = {round(float(km), 1) for km in layers.frames["borders"]["length_km"]}
    measured |= {float(round(float(km))) for km in layers.frames["borders"]["length_km"]}
    measured |= {round(float(km), 1) for km in layers.frames["suwalki_gap"]["length_km"]}
    for (preset, lang), page in pages.items():
        head = re.search(r'<header class="sm-head">(.*?)</header>', page, re.S)
        assert head is not None
        labels = [
            label["h"]
            for data in re.findall(r'shieldmap\.fill\(\w+, "\w+", (\{.*?\})\);\n', page, re.S)
            for label in json.loads(data).get("l", [])
            if "sm-len" in label["c"]
        ]
        for text in [head.group(1), *labels]:
            clash = set(numbers(re.sub(r"<[^>]+>", " ", text), lang)) & measured
            assert not clash, (preset, lang, text, clash)
    overview = pages[("overview", "en")]
    focus = {c.iso3 for c in seeds.countries.values() if c.focus}
    pairs = [b.pair for b in seeds.borders if b.a in focus and b.b in ("RUS", "BLR")]
    assert f"about {headline_total(seeds, pairs):,.0f} km" in overview
    suwalki = pages[("suwalki-gap", "en")]
    assert "the 104 km Polish–Lithuanian border" in suwalki
    assert "Only about 65 km separate" in suwalki


def test_every_map_says_how_recent_its_data_is(
    inputs: tuple[Layers, Seeds], pages: dict[tuple[str, str], str]
) -> None:
    _, seeds = inputs
    day = seeds.data_as_of
    for (preset, lang), page in pages.items():
        tr = Tr(lang)
        expected = str(escape(tr("data_as_of", date=tr.date(day))))
        assert expected in page, (preset, lang, expected)
    assert f"Data as of {day.day} {day:%B} {day.year}" in pages[("overview", "en")]
    assert f"Stan danych na {day.day}" in pages[("overview", "pl")]


def test_rendered_copy_has_no_doubled_punctuation(pages: dict[tuple[str, str], str]) -> None:
    """Sentences built from templates and data end with one full stop ("2026 r.", not
    "2026 r..", and no full stop added after a note that has one)."""
    for (preset, lang), page in pages.items():
        problems = [p for t in visible_text(page) for p in english_problems(t)]
        assert not problems, (preset, lang, problems)


def test_length_note_only_on_maps_with_lengths(
    inputs: tuple[Layers, Seeds], pages: dict[tuple[str, str], str]
) -> None:
    layers, _ = inputs
    for (preset, lang), page in pages.items():
        tr = Tr(lang)
        note = tr("credits_measured", scale=tr.scale(layers.boundary_source.scale))
        assert (str(escape(note)) in page) == (preset != "treaty"), (preset, lang)
    assert "1:10m map data" in pages[("overview", "en")]
    assert "skali 1:10" in pages[("overview", "pl")]


def test_kicker_names_the_map_subject(pages: dict[tuple[str, str], str]) -> None:
    def kicker(page: str) -> str:
        found = re.search(r'<p class="sm-kicker">(.*?)</p>', page)
        assert found is not None
        return found.group(1)

    assert kicker(pages[("eastern-shield", "en")]) == "Poland"
    assert kicker(pages[("treaty", "en")]) == "Poland, Lithuania, Latvia, Estonia and Finland"
    assert kicker(pages[("baltic-defence-line", "en")]) == "Estonia, Latvia and Lithuania"
    assert kicker(pages[("suwalki-gap", "pl")]) == "Polska i Litwa"


def test_treaty_states_what_the_sources_say(pages: dict[tuple[str, str], str]) -> None:
    en = " ".join(visible_text(pages[("treaty", "en")]))
    pl = " ".join(visible_text(pages[("treaty", "pl")]))
    assert "State Party since 1 March 2004" in en  # Belarus
    assert "Notified the UN of a “suspension” on 18 July 2025" in en  # Ukraine
    for claim in ("not in effect", "pending", "Status not recorded"):
        assert not re.search(rf"\b{claim}\b", en), claim
    assert "nieskuteczne" not in pl and "w toku" not in pl
    assert f"Strona konwencji od 1 marca 2004{NBSP}r." in pl
    assert ".." not in en.replace("...", "")


# --------------------------------------------------------------------------- sources


def _fact_rows(seeds: Seeds) -> Iterator[tuple[str, tuple[str, ...]]]:
    for country in seeds.countries.values():
        for event in country.events:
            yield f"{country.iso3} {event.kind} {event.date}", event.source
        if country.ottawa_status != "unknown" and not country.events:
            yield f"{country.iso3} status", country.status_source
    for facts in seeds.borders:
        for official in facts.official:
            yield f"{facts.pair} official {official.km}", official.source
        for barrier in facts.barriers:
            yield f"{facts.pair} barrier {barrier.name['en']}", barrier.source
    for program in seeds.programs.values():
        yield f"{program.id}", program.source
        if program.claimed_length_km is not None:
            yield f"{program.id} length", program.length_source
        for budget in [program.budget] + [s.budget for s in program.segments]:
            if budget is not None:
                yield f"{program.id} budget {budget.amount}", budget.source
        if program.progress is not None:
            yield f"{program.id} progress", program.progress.source
        for segment in program.segments:
            yield f"{program.id} {segment.iso3}", segment.source
        for note in program.notes:
            yield f"{program.id} note {note.text['en'][:30]}", note.source
    for place in seeds.places:
        if place.note is not None or place.width_km is not None:
            yield f"place {place.id}", place.source


def test_every_seed_fact_carries_a_known_source(inputs: tuple[Layers, Seeds]) -> None:
    _, seeds = inputs
    rows = list(_fact_rows(seeds))
    assert len(rows) > 100
    for where, ids in rows:
        assert ids, f"{where} cites no source"
        assert set(ids) <= set(seeds.sources), where


def test_every_layer_fact_row_carries_a_source(inputs: tuple[Layers, Seeds]) -> None:
    layers, seeds = inputs
    checked = 0
    for name, frame in layers.frames.items():
        columns = [c for c in frame.columns if c in ("source_ids", "official_source")]
        if name in ("sources", "annotations") or not columns:
            continue
        for row in frame.itertuples():
            ids = {
                i.strip()
                for c in columns
                for i in str(getattr(row, c) or "").split(",")
                if i.strip() and i.strip() != "nan"
            }
            # countries outside the seeds, and places without a note (capitals, whose
            # coordinates are general knowledge), state no sourced fact
            if name == "countries":
                facts = str(row.iso3) in seeds.countries
            elif name == "places":
                facts = bool(str(row.note_en or "").strip())
            else:
                facts = True
            if facts:
                assert ids, f"{name}: a row cites no source ({row.Index})"
                checked += 1
            assert ids <= set(seeds.sources), f"{name}: unknown source in {ids}"
    assert checked > 50


def test_every_bibliography_source_is_cited(inputs: tuple[Layers, Seeds]) -> None:
    _, seeds = inputs
    assert set(seeds.sources) - seeds.cited_ids() == set()


# --------------------------------------------------------------------------- copy


def _texts(seeds: Seeds) -> Iterator[tuple[str, str, str]]:
    """(where, lang, text) for every language text in the seeds."""

    def walk(value: Any, where: str) -> Iterator[tuple[str, str, str]]:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                yield from walk(getattr(value, field.name), f"{where}.{field.name}")
        elif isinstance(value, dict) and "en" in value and "pl" in value:
            for lang, text in value.items():
                if isinstance(text, str):
                    yield where, lang, text
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{where}[{key}]")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                yield from walk(item, f"{where}[{index}]")

    yield from walk(seeds, "seeds")


def test_seed_copy_is_print_ready(inputs: tuple[Layers, Seeds]) -> None:
    _, seeds = inputs
    problems = []
    texts = list(_texts(seeds))
    assert len(texts) > 300
    for where, lang, text in texts:
        check = {"pl": polish_problems, "en": english_problems}.get(lang)
        if check is not None:
            problems += [f"{where} ({lang}): {p}" for p in check(text)]
    assert not problems, "\n".join(problems)


def test_ui_strings_are_print_ready() -> None:
    problems = []
    for key, text in catalog("en").items():
        problems += [f"en {key}: {p}" for p in english_problems(text)]
    for key, text in catalog("pl").items():
        # the spacing rules are applied when a string is filled in; the rest must hold as written
        filled = polish_spaces(re.sub(r"\{\w+\}", "1", text))
        problems += [f"pl {key}: {p}" for p in polish_problems(filled)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukończone 27 maj 2024 r.", "genitive"),
        ("Ukończone 2 lis 2022", "genitive"),
        ("ok. 700\u00a0km", 'after "ok."'),
        ("w\u00a0lipcu 2024 r.", "unit"),
        ("wieże i\u00a0drogi w lipcu", 'one-letter word "w"'),
        ("Acceded (Estonia never signed)..", "doubled"),
        ("303\u00a0mln\u00a0euro (five years)", 'English word "five"'),
        ('program "Tarcza Wschód"', "„…”"),
        ("Polska – Rosja", "dash"),
        ("koszt 152\u00a0mln\u00a0EUR", "euro"),
    ],
)
def test_copy_checks_catch_each_class_of_error(text: str, expected: str) -> None:
    problems = polish_problems(text)
    assert any(expected in p for p in problems), problems


def test_copy_checks_pass_print_ready_polish() -> None:
    text = polish_spaces(
        "Do 31 grudnia 2025 r. zabezpieczono ok. 60 km granicy, a w 2026 r. – ponad 200 km "
        "(program „Tarcza Wschód”, 10 mld zł)."
    )
    assert polish_problems(text) == []
    assert "ok.\u00a060\u00a0km" in text and "a\u00a0w\u00a02026\u00a0r." in text
