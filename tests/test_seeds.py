"""Tests for geo.seeds: the shipped seeds, each class of bad seed, and a fuzz test."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import SeedError
from geo.seeds import (
    SEED_FILES,
    Seeds,
    default_seeds_dir,
    load_seeds,
    parse_records,
)

FOCUS = {"POL", "LTU", "LVA", "EST"}


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    return load_seeds()


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped seeds."""
    target = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), target)
    return target


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(SeedError) as info:
        load_seeds(folder)
    return info.value.problems


# --------------------------------------------------------------------------- shipped seeds


def test_shipped_seeds_validate(seeds: Seeds) -> None:
    assert set(seeds.countries) == FOCUS | {"FIN", "UKR", "RUS", "BLR"}
    assert {c.iso3 for c in seeds.countries.values() if c.focus} == FOCUS
    assert set(seeds.programs) == {"eastern_shield", "baltic_defence_line"}
    assert len(seeds.borders) == 9


def test_load_accepts_str_path() -> None:
    assert load_seeds(str(default_seeds_dir())).sources


def test_every_cited_source_exists(seeds: Seeds) -> None:
    assert seeds.cited_ids() <= set(seeds.sources)


def test_every_source_is_cited(seeds: Seeds) -> None:
    assert set(seeds.sources) - seeds.cited_ids() == set()


def test_every_fact_is_sourced(seeds: Seeds) -> None:
    for country in seeds.countries.values():
        assert all(event.source for event in country.events)
    for facts in seeds.borders:
        assert all(o.source for o in facts.official)
        assert all(b.source for b in facts.barriers)


def test_source_dates(seeds: Seeds) -> None:
    assert seeds.sources["dzu_2025_1514"].date == "2025-09-05"
    assert seeds.sources["babel_poland_sejm_vote_2025"].date == "2025-06"
    assert seeds.sources["polandcopl_outside_ottawa"].date == ""


def test_data_as_of_is_the_newest_dated_fact(seeds: Seeds) -> None:
    event_dates = [e.date for c in seeds.countries.values() for e in c.events]
    assert seeds.data_as_of == max(event_dates) == datetime.date(2026, 2, 20)


def test_data_as_of_follows_a_newer_source(seed_dir: Path) -> None:
    _edit(seed_dir, "sources.yaml", "date: 2025-09-05", "date: 2026-03-02")
    assert load_seeds(seed_dir).data_as_of == datetime.date(2026, 3, 2)


def test_data_as_of_reads_a_month_only_source_from_its_first_day(seed_dir: Path) -> None:
    _edit(seed_dir, "sources.yaml", "date: 2025-09-05", "date: 2026-04")
    assert load_seeds(seed_dir).data_as_of == datetime.date(2026, 4, 1)


def test_data_as_of_follows_programme_notes(seed_dir: Path) -> None:
    shield = load_seeds(seed_dir).programs["eastern_shield"]
    assert shield.notes and shield.notes[0].date is not None
    first = f"date: {shield.notes[0].date.isoformat()}"
    _edit(seed_dir, "programs.yaml", first, "date: 2026-05-05")
    assert load_seeds(seed_dir).data_as_of == datetime.date(2026, 5, 5)


def test_urls_are_unique(seeds: Seeds) -> None:
    urls = [s.url for s in seeds.sources.values()]
    assert len(urls) == len(set(urls))


def test_border_lookup_either_order(seeds: Seeds) -> None:
    facts = seeds.border("BLR-POL")
    assert facts is not None and facts.pair == "POL-BLR"
    assert seeds.border("POL-BLR") is facts
    assert seeds.border("POL-DEU") is None
    kaliningrad = seeds.border("POL-RUS")
    assert kaliningrad is not None and kaliningrad.region == "Kaliningrad Oblast"


def test_withdrawal_dates(seeds: Seeds) -> None:
    def effective(iso3: str) -> datetime.date:
        events = seeds.countries[iso3].events
        return next(e.date for e in events if e.kind == "withdrawal_effective")

    assert effective("POL") == datetime.date(2026, 2, 20)
    for iso3 in ("LTU", "LVA", "EST"):
        assert effective(iso3) == datetime.date(2025, 12, 27)
    assert effective("FIN") == datetime.date(2026, 1, 10)
    ukraine = seeds.countries["UKR"]
    assert ukraine.ottawa_status == "suspension_notified"
    assert not [e for e in ukraine.events if e.kind.startswith("withdrawal")]


def test_program_borders_exist(seeds: Seeds) -> None:
    for program in seeds.programs.values():
        for pair in program.borders:
            assert seeds.border(pair) is not None
    shield = seeds.programs["eastern_shield"]
    assert shield.claimed_length_km == 700
    assert shield.budget is not None and shield.budget.currency == "PLN"


def test_capitals_exist(seeds: Seeds) -> None:
    place_ids = {p.id for p in seeds.places}
    for country in seeds.countries.values():
        assert country.capital is None or country.capital in place_ids


# --------------------------------------------------------------------------- bad seeds


def test_malformed_yaml_has_line_number(seed_dir: Path) -> None:
    (seed_dir / "places.yaml").write_text("places:\n  - id: a\n    names: [unclosed\n")
    problems = _problems(seed_dir)
    assert any(p.startswith("places.yaml: line ") and "malformed YAML" in p for p in problems)


def test_missing_file(seed_dir: Path) -> None:
    (seed_dir / "borders.yaml").unlink()
    assert any(p.startswith("borders.yaml: file not found") for p in _problems(seed_dir))


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="does not exist"):
        load_seeds(tmp_path / "nowhere")


def test_top_level_not_a_mapping(seed_dir: Path) -> None:
    (seed_dir / "sources.yaml").write_text("- just\n- a list\n")
    problems = _problems(seed_dir)
    assert any("sources.yaml: expected a mapping with the key 'sources'" in p for p in problems)


def test_unknown_key_did_you_mean(seed_dir: Path) -> None:
    _edit(
        seed_dir, "countries.yaml", "        source: [monitor_2023_lithuania]", "        sorce: [x]"
    )
    problems = _problems(seed_dir)
    assert any("unknown key 'sorce' (did you mean 'source'?)" in p for p in problems)
    assert any("missing required key 'source'" in p for p in problems)


def test_unknown_top_level_key(seed_dir: Path) -> None:
    _edit(seed_dir, "places.yaml", "places:\n", "place:\n")
    problems = _problems(seed_dir)
    assert any("unknown top-level key 'place' (did you mean 'places'?)" in p for p in problems)


def test_missing_required_field(seed_dir: Path) -> None:
    _edit(seed_dir, "sources.yaml", "    publisher: Kyiv Post\n", "")
    problems = _problems(seed_dir)
    assert any(
        p.startswith("sources.yaml: sources[") and "missing required key 'publisher'" in p
        for p in problems
    )


def test_bool_is_not_an_int(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "{for: 107, against: 0", "{for: true, against: 0")
    problems = _problems(seed_dir)
    assert any(".votes.for: expected an integer, got True (bool)" in p for p in problems)


def test_wrong_type(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "    focus: true\n", "    focus: yes please\n")
    assert any(".focus: expected true or false, got 'yes please'" in p for p in _problems(seed_dir))


def test_impossible_date_quoted(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "date: 2003-05-12", "date: '2025-02-30'")
    problems = _problems(seed_dir)
    assert any(
        p.startswith("countries.yaml: countries[1].events[1].date: ")
        and "expected a date YYYY-MM-DD, got '2025-02-30'" in p
        for p in problems
    )


def test_impossible_date_unquoted_gives_line(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "date: 2003-05-12", "date: 2025-02-30")
    problems = _problems(seed_dir)
    assert any(p.startswith("countries.yaml: line ") and "got '2025-02-30'" in p for p in problems)


def test_month_only_event_date_rejected(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "date: 2003-05-12", "date: 2003-05")
    assert any("expected a date YYYY-MM-DD, got '2003-05'" in p for p in _problems(seed_dir))


def test_bad_source_date(seed_dir: Path) -> None:
    _edit(seed_dir, "sources.yaml", "date: 2024-01-19", "date: 2024-13")
    assert any("expected a date YYYY-MM-DD, YYYY-MM or YYYY" in p for p in _problems(seed_dir))


def test_unknown_iso3(seed_dir: Path) -> None:
    _edit(seed_dir, "places.yaml", "iso3: FIN", "iso3: XYZ")
    assert any("unknown ISO 3166-1 alpha-3 code 'XYZ'" in p for p in _problems(seed_dir))


def test_unknown_source_id(seed_dir: Path) -> None:
    _edit(seed_dir, "borders.yaml", "[indexmundi_sweden_finland]", "[indexmundi_swedn_finland]")
    problems = _problems(seed_dir)
    assert any(
        p.startswith("borders.yaml: borders[8].official[1].source[0]: ")
        and "unknown source id 'indexmundi_swedn_finland'" in p
        and "did you mean 'indexmundi_sweden_finland'" in p
        for p in problems
    )


def test_duplicate_source_id(seed_dir: Path) -> None:
    _edit(
        seed_dir,
        "sources.yaml",
        "id: moscowtimes_bdl_2024_01_19",
        "id: kyivindependent_bdl_2024_01_19",
    )
    problems = _problems(seed_dir)
    assert any("duplicate source id 'kyivindependent_bdl_2024_01_19'" in p for p in problems)


def test_duplicate_country(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "iso3: BLR", "iso3: RUS")
    assert any("duplicate country 'RUS'" in p for p in _problems(seed_dir))


def test_duplicate_place(seed_dir: Path) -> None:
    _edit(seed_dir, "places.yaml", "id: imatra", "id: narva")
    assert any("places.yaml: places[15]: duplicate id 'narva'" in p for p in _problems(seed_dir))


def test_duplicate_pair_in_either_order(seed_dir: Path) -> None:
    text = (seed_dir / "borders.yaml").read_text()
    text += "  - {pair: BLR-POL, a: BLR, b: POL, official: [], barriers: []}\n"
    (seed_dir / "borders.yaml").write_text(text)
    assert any("duplicate pair (in either order) 'BLR-POL'" in p for p in _problems(seed_dir))


def test_pair_must_match_sides(seed_dir: Path) -> None:
    _edit(seed_dir, "borders.yaml", "pair: POL-LTU", "pair: LTU-POL")
    assert any("expected POL-LTU (from a and b)" in p for p in _problems(seed_dir))


def test_text_missing_pl(seed_dir: Path) -> None:
    _edit(
        seed_dir,
        "places.yaml",
        "{en: Warsaw, pl: Warszawa, local: Warszawa,",
        "{en: Warsaw, local: Warszawa,",
    )
    assert any("places[0].names: missing the 'pl' text" in p for p in _problems(seed_dir))


def test_text_missing_en(seed_dir: Path) -> None:
    _edit(seed_dir, "borders.yaml", "{en: Belarus border wall, pl:", "{pl:")
    assert any("barriers[0].name: missing the 'en' text" in p for p in _problems(seed_dir))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("lon: 21.012", "lon: 191.0", "lon: expected a longitude from -180 to 180, got 191.0"),
        ("lat: 52.230", "lat: -95", "lat: expected a latitude from -90 to 90, got -95"),
    ],
)
def test_coordinates_out_of_range(seed_dir: Path, old: str, new: str, message: str) -> None:
    _edit(seed_dir, "places.yaml", old, new)
    assert any(message in p for p in _problems(seed_dir))


def test_non_http_url(seed_dir: Path) -> None:
    _edit(seed_dir, "sources.yaml", "url: https://www.kyivpost.com/post/52114", "url: ftp://x/y")
    assert any("expected an http(s) URL, got 'ftp://x/y'" in p for p in _problems(seed_dir))


def test_unknown_choice_suggests(seed_dir: Path) -> None:
    _edit(seed_dir, "borders.yaml", "kind: razor_wire", "kind: razorwire")
    assert any("(did you mean 'razor_wire'?)" in p for p in _problems(seed_dir))


def test_unknown_capital_and_border(seed_dir: Path) -> None:
    _edit(seed_dir, "countries.yaml", "capital: minsk", "capital: minks")
    _edit(seed_dir, "programs.yaml", "borders: [EST-RUS]", "borders: [EST-BLR]")
    problems = _problems(seed_dir)
    assert any("unknown place id 'minks'" in p for p in problems)
    assert any("border 'EST-BLR' is not in borders.yaml" in p for p in problems)


def test_several_problems_reported_at_once(seed_dir: Path) -> None:
    _edit(seed_dir, "sources.yaml", "url: https://www.kyivpost.com/post/52114", "url: nope")
    _edit(seed_dir, "places.yaml", "iso3: FIN", "iso3: QQQ")
    _edit(seed_dir, "borders.yaml", "km: 1340", "km: '1340'")
    (seed_dir / "programs.yaml").unlink()
    problems = _problems(seed_dir)
    files = {p.split(":", 1)[0] for p in problems}
    assert {"sources.yaml", "places.yaml", "borders.yaml", "programs.yaml"} <= files
    with pytest.raises(SeedError, match=r"^\d+ problems in seeds: "):
        load_seeds(seed_dir)


def test_seed_error_is_value_error(seed_dir: Path) -> None:
    (seed_dir / "places.yaml").write_text("")
    with pytest.raises(ValueError, match=r"places\.yaml: expected a mapping"):
        load_seeds(seed_dir)


def test_parse_records_single_file() -> None:
    data = yaml.safe_load((default_seeds_dir() / "places.yaml").read_text(encoding="utf-8"))
    places = parse_records("places", data)
    assert places[0].id == "warsaw"
    with pytest.raises(SeedError, match="unknown seed kind"):
        parse_records("rivers", data)


# --------------------------------------------------------------------------- fuzz

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_yamlish = st.recursive(
    _scalars | st.dates(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "id",
        "iso3",
        "names",
        "source",
        "events",
        "date",
        "kind",
        "official",
        "barriers",
        "segments",
        "budget",
        "progress",
        "lon",
        "lat",
        "votes",
        "en",
        "pl",
        "local",
        "pair",
    ]
)
_schemaish = st.recursive(
    _scalars | st.dates(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_keys, children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(SEED_FILES), body=_yamlish | _schemaish, wrap=st.booleans())
def test_parser_raises_only_seed_error(kind: str, body: object, wrap: bool) -> None:
    data = {kind: body if isinstance(body, list) else [body]} if wrap else body
    try:
        parse_records(kind, data)
    except SeedError as exc:
        assert exc.problems


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(kind=st.sampled_from(SEED_FILES), text=st.text(max_size=80))
def test_loader_raises_only_seed_error_on_random_text(tmp_path: Path, kind: str, text: str) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    for name in SEED_FILES:
        (folder / f"{name}.yaml").write_text(f"{name}: []\n", encoding="utf-8")
    (folder / f"{kind}.yaml").write_text(text, encoding="utf-8")
    try:
        load_seeds(folder)
    except SeedError as exc:
        assert exc.problems
