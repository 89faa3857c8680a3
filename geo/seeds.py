"""Load and validate the committed seed data in ``seeds/*.yaml``.

Every fact in the seeds carries the ids of the sources it comes from. :func:`load_seeds`
reads the five seed files, checks each record against a small declarative schema, checks
the references between files, and either returns a frozen :class:`Seeds` or raises one
:class:`~geo.errors.SeedError` that lists every problem found.

Examples
--------
>>> seeds = load_seeds()
>>> seeds.border("BLR-POL").pair
'POL-BLR'
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import SeedError
from geo.validate import Context as _Context
from geo.validate import Field as _F
from geo.validate import Text, read_yaml
from geo.validate import boolean as _bool
from geo.validate import choice as _choice
from geo.validate import date_value as _date
from geo.validate import integer as _int
from geo.validate import list_of as _list
from geo.validate import loose_date as _loose_date
from geo.validate import nested as _nested
from geo.validate import number as _number
from geo.validate import optional as _optional
from geo.validate import pattern as _pattern
from geo.validate import record as _record
from geo.validate import show as _show
from geo.validate import string as _string
from geo.validate import text as _text
from geo.validate import typed as _typed
from geo.validate import url as _url

__all__ = [
    "COUNTRY_ROLES",
    "EVENT_KINDS",
    "OTTAWA_STATUSES",
    "Barrier",
    "BorderFacts",
    "Budget",
    "Country",
    "Event",
    "Note",
    "OfficialLength",
    "Place",
    "Program",
    "Progress",
    "Seeds",
    "Segment",
    "Source",
    "Text",
    "default_seeds_dir",
    "load_seeds",
    "parse_records",
]

SEED_FILES = ("sources", "countries", "borders", "programs", "places")
COUNTRY_ROLES = ("withdrawing", "adversary", "context")
OTTAWA_STATUSES = ("withdrawn", "party", "never_joined", "suspension_notified", "unknown")
EVENT_KINDS = (
    "signed",
    "joined",
    "in_force",
    "announced",
    "government_decision",
    "parliament_vote",
    "head_of_state",
    "suspension_notified",
    "withdrawal_deposited",
    "withdrawal_effective",
)
REGIONS = ("Kaliningrad Oblast", "mainland")
LENGTH_KINDS = ("national", "cia")
# "begun": work started, and the cited sources confirm no completion
BARRIER_STATUSES = ("complete", "under_construction", "begun", "planned")
BARRIER_KINDS = ("wall", "fence", "razor_wire", "electronic")
PLACE_KINDS = ("capital", "city", "town")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Source:
    """One cited publication.

    ``date`` is ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when only that much is known, or
    ``""`` when the publication date is unknown. ``publisher`` is the English form used in
    bibliographies; ``publisher_names`` holds it in every language given (at least ``en``),
    for credits in the map's language.
    """

    id: str
    publisher: str
    title: str
    date: str
    url: str
    publisher_names: Text


def _build_source(values: dict[str, Any]) -> Source:
    names = values.pop("publisher") or ""  # None when it failed validation (reported)
    if isinstance(names, str):
        names = {"en": names}
    return Source(publisher=names.get("en", ""), publisher_names=names, **values)


@dataclass(frozen=True)
class Event:
    """A dated step in a country's relation to the Ottawa Convention."""

    iso3: str
    kind: str
    date: datetime.date
    source: tuple[str, ...]
    note: Text | None = None
    votes: dict[str, int] | None = None


@dataclass(frozen=True)
class Country:
    """A country shown on the maps; ``capital`` is a place id."""

    iso3: str
    names: Text
    role: str
    focus: bool
    capital: str | None
    ottawa_status: str
    events: tuple[Event, ...]
    status_source: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficialLength:
    """A published border length: a national (agency) figure or the CIA World Factbook's."""

    km: float
    kind: str
    source: tuple[str, ...]
    note: Text | None = None


@dataclass(frozen=True)
class Barrier:
    """A physical barrier (wall, fence, razor wire, electronic) along a border."""

    name: Text
    length_km: float | None
    status: str
    year: int | None
    kind: str
    note: Text | None
    source: tuple[str, ...]


@dataclass(frozen=True)
class BorderFacts:
    """Sourced facts about one land border; ``pair`` is ``"A-B"``, withdrawing state first."""

    pair: str
    a: str
    b: str
    region: str | None
    official: tuple[OfficialLength, ...]
    barriers: tuple[Barrier, ...]


@dataclass(frozen=True)
class Budget:
    """Money announced for a programme or one country's part of it."""

    amount: float
    currency: str
    period: Text | None
    note: Text | None
    source: tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    """One country's part of a multi-country programme."""

    iso3: str
    borders: tuple[str, ...]
    budget: Budget | None
    description: Text
    source: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """How far a programme had got on ``as_of``."""

    as_of: datetime.date
    text: Text
    km_done: float | None
    source: tuple[str, ...]
    km_with_obstacles: float | None = None


@dataclass(frozen=True)
class Note:
    """A further sourced statement about a programme, dated when the date is known."""

    date: datetime.date | None
    text: Text
    source: tuple[str, ...]


@dataclass(frozen=True)
class Program:
    """A fortification programme (Eastern Shield, Baltic Defence Line)."""

    id: str
    name: Text
    countries: tuple[str, ...]
    borders: tuple[str, ...]
    announced: datetime.date | None
    budget: Budget | None
    claimed_length_km: float | None
    length_source: tuple[str, ...]
    target_year: int | None
    components: tuple[Text, ...]
    progress: Progress | None
    summary: Text
    segments: tuple[Segment, ...]
    source: tuple[str, ...]
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Place:
    """A labelled point; ``source`` names why the place is on the map, not its coordinates."""

    id: str
    names: Text
    iso3: str
    kind: str
    lon: float
    lat: float
    note: Text | None
    source: tuple[str, ...]
    width_km: float | None = None


@dataclass(frozen=True)
class Seeds:
    """Everything in ``seeds/``, validated."""

    sources: dict[str, Source]
    countries: dict[str, Country]
    borders: tuple[BorderFacts, ...]
    programs: dict[str, Program]
    places: tuple[Place, ...]

    def border(self, pair: str) -> BorderFacts | None:
        """The facts for ``pair`` in either order (``"BLR-POL"`` finds ``"POL-BLR"``)."""
        a, _, b = pair.partition("-")
        for facts in self.borders:
            if facts.pair in (pair, f"{b}-{a}"):
                return facts
        return None

    @property
    def data_as_of(self) -> datetime.date:
        """The newest dated fact in the seeds: the "data as of" date every map and layer shows.

        The latest of every event, programme date (announcement, progress, note) and
        source publication date. A source dated only to a month or a year counts from
        its first day, so an imprecise date never moves the stamp past what is known.
        """
        dates: list[datetime.date] = []
        for country in self.countries.values():
            dates.extend(event.date for event in country.events)
        for program in self.programs.values():
            if program.announced is not None:
                dates.append(program.announced)
            if program.progress is not None:
                dates.append(program.progress.as_of)
            dates.extend(note.date for note in program.notes if note.date is not None)
        for source in self.sources.values():
            if source.date:
                year, month, day = [*source.date.split("-"), "01", "01"][:3]
                dates.append(datetime.date(int(year), int(month), int(day)))
        if not dates:
            raise SeedError(["the seeds hold no dated event or source: no 'data as of' date"])
        return max(dates)

    def cited_ids(self) -> set[str]:
        """Every source id cited anywhere in the seeds."""
        ids: set[str] = set()
        for country in self.countries.values():
            ids.update(country.status_source)
            for event in country.events:
                ids.update(event.source)
        for facts in self.borders:
            for official in facts.official:
                ids.update(official.source)
            for barrier in facts.barriers:
                ids.update(barrier.source)
        for program in self.programs.values():
            ids.update(program.source)
            ids.update(program.length_source)
            if program.budget is not None:
                ids.update(program.budget.source)
            if program.progress is not None:
                ids.update(program.progress.source)
            for segment in program.segments:
                ids.update(segment.source)
                if segment.budget is not None:
                    ids.update(segment.budget.source)
            for note in program.notes:
                ids.update(note.source)
        for place in self.places:
            ids.update(place.source)
        return ids


def default_seeds_dir() -> Path:
    """The ``seeds/`` folder of this checkout."""
    return Path(__file__).parents[1] / "seeds"


_slug = _pattern(r"[a-z][a-z0-9_]*", "a snake_case id such as 'dw_2024_05_27'")
_currency = _pattern(r"[A-Z]{3}", "an ISO 4217 currency code such as 'EUR'")


def _iso3(ctx: _Context, path: str, value: object) -> str | None:
    import pycountry

    if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value):
        try:
            found = pycountry.countries.get(alpha_3=value)
        except (KeyError, LookupError):
            found = None
        if found is not None:
            return value
        ctx.add(path, f"unknown ISO 3166-1 alpha-3 code {value!r}")
        return None
    ctx.add(path, f"expected an ISO-3 country code such as 'POL', got {_typed(value)}")
    return None


_km = _number(0.0, 100_000.0, "a length in km")
_amount = _number(0.0, 1e13, "an amount")
_year = _int(1900, 2100)
_count = _int(0, 10_000)


def _source_ref(ctx: _Context, path: str, value: object) -> str | None:
    ident = _slug(ctx, path, value)
    if ident is not None:
        ctx.refs.append((path, ident))
    return ident


_refs = _list(_source_ref, non_empty=True)
_refs_or_none = _list(_source_ref)


_pair = _pattern(r"[A-Z]{3}-[A-Z]{3}", "a border pair such as 'POL-BLR'")


# --------------------------------------------------------------------------- schemas


def _publisher(ctx: _Context, path: str, value: object) -> str | Text | None:
    """A publisher's name: one string, or a mapping of language to name (``en`` and ``pl``)."""
    if isinstance(value, dict):
        return _text()(ctx, path, value)
    return _string(ctx, path, value)


_SOURCE = {
    "id": _F(_slug),
    "publisher": _F(_publisher),
    "title": _F(_string),
    "date": _F(_loose_date, required=False, default=""),
    "url": _F(_url),
}

_VOTES = {
    "for": _F(_count, required=False),
    "against": _F(_count, required=False),
    "abstain": _F(_count, required=False),
}


def _votes(ctx: _Context, path: str, value: object) -> dict[str, int] | None:
    values = _record(ctx, path, value, _VOTES)
    if values is None:
        return None
    return {key: count for key, count in values.items() if count is not None}


_EVENT = {
    "kind": _F(_choice(*EVENT_KINDS)),
    "date": _F(_date),
    "source": _F(_refs),
    "note": _F(_optional(_text()), required=False),
    "votes": _F(_optional(_votes), required=False),
}

_COUNTRY = {
    "iso3": _F(_iso3),
    "names": _F(_text("local")),
    "role": _F(_choice(*COUNTRY_ROLES)),
    "focus": _F(_bool),
    "capital": _F(_optional(_slug), required=False),
    "ottawa_status": _F(_choice(*OTTAWA_STATUSES)),
    "status_source": _F(_refs_or_none, required=False, default=()),
    "events": _F(_list(lambda c, p, v: _record(c, p, v, _EVENT)), required=False, default=()),
}

_OFFICIAL = {
    "km": _F(_km),
    "kind": _F(_choice(*LENGTH_KINDS)),
    "note": _F(_optional(_text()), required=False),
    "source": _F(_refs),
}

_BARRIER = {
    "name": _F(_text()),
    "length_km": _F(_optional(_km), required=False),
    "status": _F(_choice(*BARRIER_STATUSES)),
    "year": _F(_optional(_year), required=False),
    "kind": _F(_choice(*BARRIER_KINDS)),
    "note": _F(_optional(_text()), required=False),
    "source": _F(_refs),
}

_BORDER = {
    "pair": _F(_pair),
    "a": _F(_iso3),
    "b": _F(_iso3),
    "region": _F(_optional(_choice(*REGIONS)), required=False),
    "official": _F(_list(_nested(_OFFICIAL, OfficialLength)), required=False, default=()),
    "barriers": _F(_list(_nested(_BARRIER, Barrier)), required=False, default=()),
}

_BUDGET = {
    "amount": _F(_amount),
    "currency": _F(_currency),
    "period": _F(_optional(_text()), required=False),
    "note": _F(_optional(_text()), required=False),
    "source": _F(_refs),
}

_PROGRESS = {
    "as_of": _F(_date),
    "text": _F(_text()),
    "km_done": _F(_optional(_km), required=False),
    "km_with_obstacles": _F(_optional(_km), required=False),
    "source": _F(_refs),
}

_SEGMENT = {
    "iso3": _F(_iso3),
    "borders": _F(_list(_pair)),
    "budget": _F(_optional(_nested(_BUDGET, Budget)), required=False),
    "description": _F(_text()),
    "source": _F(_refs),
}

_NOTE = {
    "date": _F(_optional(_date), required=False),
    "text": _F(_text()),
    "source": _F(_refs),
}

_PROGRAM = {
    "id": _F(_slug),
    "name": _F(_text("local")),
    "countries": _F(_list(_iso3, non_empty=True)),
    "borders": _F(_list(_pair, non_empty=True)),
    "announced": _F(_optional(_date), required=False),
    "budget": _F(_optional(_nested(_BUDGET, Budget)), required=False),
    "claimed_length_km": _F(_optional(_km), required=False),
    "length_source": _F(_refs_or_none, required=False, default=()),
    "target_year": _F(_optional(_year), required=False),
    "components": _F(_list(_text()), required=False, default=()),
    "progress": _F(_optional(_nested(_PROGRESS, Progress)), required=False),
    "summary": _F(_text()),
    "segments": _F(_list(_nested(_SEGMENT, Segment)), required=False, default=()),
    "notes": _F(_list(_nested(_NOTE, Note)), required=False, default=()),
    "source": _F(_refs),
}

_PLACE = {
    "id": _F(_slug),
    "names": _F(_text("local")),
    "iso3": _F(_iso3),
    "kind": _F(_choice(*PLACE_KINDS)),
    "lon": _F(_number(-180.0, 180.0, "a longitude")),
    "lat": _F(_number(-90.0, 90.0, "a latitude")),
    "note": _F(_optional(_text()), required=False),
    "width_km": _F(_optional(_km), required=False),
    "source": _F(_refs_or_none),
}


# --------------------------------------------------------------------------- files


def _top(ctx: _Context, data: object, key: str) -> list[Any]:
    """The list under the file's single top-level ``key``."""
    if not isinstance(data, dict):
        ctx.add("", f"expected a mapping with the key {key!r} at the top, got {_typed(data)}")
        return []
    for other in data:
        if other != key:
            close = difflib.get_close_matches(str(other), [key], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            ctx.add("", f"unknown top-level key {_show(other)}{hint}; allowed: {key}")
    if key not in data:
        ctx.add("", f"missing the top-level key {key!r}")
        return []
    items = data[key]
    if not isinstance(items, list):
        ctx.add(key, f"expected a list, got {_typed(items)}")
        return []
    return items


def _unique(ctx: _Context, kind: str, label: str, ids: list[tuple[int, Any, str]]) -> None:
    """Report records whose key (index, key, shown) repeats an earlier one."""
    seen: dict[Any, int] = {}
    for index, key, shown in ids:
        if key is None:
            continue
        if key in seen:
            first = f"{kind}[{seen[key]}]"
            ctx.add(f"{kind}[{index}]", f"duplicate {label} {shown!r} (first at {first})")
        else:
            seen[key] = index


def _build_country(values: dict[str, Any]) -> Country:
    iso3 = values["iso3"]
    events = tuple(
        Event(iso3=iso3, **event) for event in values.pop("events") or () if event is not None
    )
    return Country(events=events, **values)


def _build_border(ctx: _Context, path: str, values: dict[str, Any]) -> BorderFacts:
    facts = BorderFacts(**values)
    if facts.pair and facts.a and facts.b and facts.pair != f"{facts.a}-{facts.b}":
        ctx.add(f"{path}.pair", f"expected {facts.a}-{facts.b} (from a and b), got {facts.pair!r}")
    return facts


def _parse(kind: str, data: object, ctx: _Context) -> tuple[Any, ...]:
    items = _top(ctx, data, kind)
    records: list[Any] = []
    keyed: list[tuple[int, Any]] = []
    for index, item in enumerate(items):
        path = f"{kind}[{index}]"
        if kind == "sources":
            values = _record(ctx, path, item, _SOURCE)
            record: Any = None if values is None else _build_source(values)
            ident = None if record is None else record.id
        elif kind == "countries":
            values = _record(ctx, path, item, _COUNTRY)
            record = None if values is None else _build_country(values)
            ident = None if record is None else record.iso3
        elif kind == "borders":
            values = _record(ctx, path, item, _BORDER)
            record = None if values is None else _build_border(ctx, path, values)
            ident = None if record is None else record.pair
        elif kind == "programs":
            values = _record(ctx, path, item, _PROGRAM)
            record = None if values is None else Program(**values)
            ident = None if record is None else record.id
        else:
            values = _record(ctx, path, item, _PLACE)
            record = None if values is None else Place(**values)
            ident = None if record is None else record.id
        if record is not None:
            records.append(record)
            keyed.append((index, ident))
    label = {"sources": "source id", "countries": "country", "borders": "pair"}.get(kind, "id")
    if kind == "borders":
        # POL-BLR and BLR-POL name the same border
        canon = [(i, "-".join(sorted(k.split("-"))) if k else None, k) for i, k in keyed]
        _unique(ctx, kind, "pair (in either order)", canon)
    else:
        _unique(ctx, kind, label, [(i, k, str(k)) for i, k in keyed])
    return tuple(records)


def parse_records(kind: str, data: object, filename: str | None = None) -> tuple[Any, ...]:
    """Validate the parsed YAML of one seed file and return its records.

    Parameters
    ----------
    kind : str
        One of ``sources``, ``countries``, ``borders``, ``programs``, ``places``.
    data : object
        What :func:`yaml.safe_load` returned for the file.
    filename : str, optional
        Name used in messages [default: ``f"{kind}.yaml"``].

    Raises
    ------
    SeedError
        Listing every problem in the file. References to other files are not checked here.
    """
    if kind not in SEED_FILES:
        msg = f"unknown seed kind {kind!r}; expected one of {', '.join(SEED_FILES)}"
        raise SeedError([msg])
    ctx = _Context(filename or f"{kind}.yaml")
    records = _parse(kind, data, ctx)
    if ctx.problems:
        raise SeedError(ctx.problems)
    return records


def _cross_check(
    parsed: dict[str, tuple[Any, ...]], contexts: dict[str, _Context], readable: set[str]
) -> None:
    """Check references between files; each problem goes to the file holding the reference.

    A reference into a file that could not be read is not checked, so one broken file does
    not bury the report under follow-on problems.
    """
    if "sources" in readable:
        source_ids = {s.id for s in parsed["sources"]}
        for ctx in contexts.values():
            for path, ident in ctx.refs:
                if ident not in source_ids:
                    close = difflib.get_close_matches(ident, sorted(source_ids), n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    ctx.add(path, f"unknown source id {ident!r}{hint}; add it to sources.yaml")
    if "places" in readable:
        place_ids = {p.id for p in parsed["places"]}
        for index, country in enumerate(parsed["countries"]):
            if country.capital is not None and country.capital not in place_ids:
                contexts["countries"].add(
                    f"countries[{index}].capital",
                    f"unknown place id {country.capital!r}; add it to places.yaml",
                )
    if "countries" in readable:
        country_ids = {c.iso3 for c in parsed["countries"]}
        for index, border in enumerate(parsed["borders"]):
            for side in ("a", "b"):
                code = getattr(border, side)
                if code is not None and code not in country_ids:
                    contexts["borders"].add(
                        f"borders[{index}].{side}", f"country {code!r} is not in countries.yaml"
                    )
        for index, program in enumerate(parsed["programs"]):
            for code in program.countries or ():
                if code not in country_ids:
                    contexts["programs"].add(
                        f"programs[{index}].countries", f"country {code!r} is not in countries.yaml"
                    )
    if "borders" in readable:
        pairs = {b.pair for b in parsed["borders"]}
        for index, program in enumerate(parsed["programs"]):
            path = f"programs[{index}]"
            wanted = [(f"{path}.borders", p) for p in program.borders or ()]
            for s_index, segment in enumerate(program.segments or ()):
                where = f"{path}.segments[{s_index}].borders"
                wanted += [(where, p) for p in segment.borders or ()]
            for where, pair in wanted:
                if pair not in pairs:
                    contexts["programs"].add(where, f"border {pair!r} is not in borders.yaml")


def load_seeds(directory: Path | str | None = None) -> Seeds:
    """Read and validate the seed files in ``directory``.

    Parameters
    ----------
    directory : Path or str, optional
        Folder holding ``sources.yaml``, ``countries.yaml``, ``borders.yaml``,
        ``programs.yaml`` and ``places.yaml`` [default: :func:`default_seeds_dir`].

    Returns
    -------
    Seeds

    Raises
    ------
    SeedError
        With every problem found in every file, each naming the file and the key path.

    Examples
    --------
    >>> sorted(load_seeds().countries)[:3]
    ['BLR', 'EST', 'FIN']
    """
    folder = Path(directory) if directory is not None else default_seeds_dir()
    if not folder.is_dir():
        raise SeedError([f"seed folder {folder} does not exist or is not a folder"])
    problems: list[str] = []
    parsed: dict[str, tuple[Any, ...]] = {}
    contexts: dict[str, _Context] = {}
    readable: set[str] = set()
    for kind in SEED_FILES:
        data, read_problems = read_yaml(folder / f"{kind}.yaml")
        contexts[kind] = ctx = _Context(f"{kind}.yaml")
        problems.extend(read_problems)
        parsed[kind] = () if read_problems else _parse(kind, data, ctx)
        if not read_problems:
            readable.add(kind)
    _cross_check(parsed, contexts, readable)
    for ctx in contexts.values():
        problems.extend(ctx.problems)
    if problems:
        raise SeedError(problems)
    seeds = Seeds(
        sources={s.id: s for s in parsed["sources"]},
        countries={c.iso3: c for c in parsed["countries"]},
        borders=parsed["borders"],
        programs={p.id: p for p in parsed["programs"]},
        places=parsed["places"],
    )
    seeds.data_as_of  # noqa: B018 - fails here, as a seed problem, when nothing is dated
    return seeds
