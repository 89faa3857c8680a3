"""Every UI string in English and Polish, and locale-aware numbers, dates and money (Babel).

Facts never live here: titles and labels take their numbers and names from the layers and
seeds through ``{placeholders}``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_compact_currency, format_decimal

from geo.errors import MapError

LANGS: tuple[str, ...] = ("en", "pl")
_BABEL_LOCALES = {"en": "en_GB", "pl": "pl_PL"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # page furniture
        "legend": "Key",
        "layers": "Layers",
        "sources": "Sources",
        "sources_n": "Sources ({n})",
        "credits_boundaries": "Boundaries: {name} {version} ({scale}), {licence}",
        "credits_measured": (
            "Lengths measured on the WGS84 ellipsoid along the boundary data before"
            " simplification; official figures are given with their sources."
        ),
        "credits_map": "Map: shieldmap",
        "basemap_credit": "Basemap: {attribution}",
        "fullscreen": "Full screen",
        "fullscreen_exit": "Exit full screen",
        "locator": "Locator map: the area shown",
        "about": "About this map",
        "skip": "Text description of the map",
        "embed_title": "Embed: {title}",
        "embed_intro": (
            "Paste this code into your article. The map keeps its proportions at any width."
        ),
        "embed_preview": "Preview",
        "embed_code": "Embed code",
        "copy": "Copy code",
        "copied": "Copied",
        "open_map": "Open the map",
        "open_full_map": "Open the full map",
        "skip_link": "Skip the map: text description",
        "hint_wheel": "Use Ctrl + scroll to zoom the map",
        "hint_wheel_mac": "Use ⌘ + scroll to zoom the map",
        "hint_touch": "Use two fingers to move the map",
        "features_list": "Everything on the map, one by one",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "close_popup": "Close",
        "index_title": "shieldmap: maps of the Eastern Shield",
        "index_intro": (
            "Self-contained maps of the fortified borders of Poland, Lithuania, Latvia and"
            " Estonia with Russia and Belarus. Each file works offline and loads nothing from"
            " other servers."
        ),
        "index_lang": "Language",
        "language_en": "English",
        "language_pl": "Polish",
        # units and figures
        "km": "{value} km",
        "approx_km": "about {value} km",
        "measured": "Measured length",
        "measured_note": "geodesic, {source}",
        "official": "Official length",
        "cia": "CIA World Factbook",
        "difference": "{value}% from the official figure",
        "source": "Source",
        "sources_inline": "Sources",
        "budget": "Budget",
        "claimed_length": "Announced length",
        "target_year": "Target year",
        "progress": "Progress",
        "progress_as_of": "{km} by {date}",
        "announced": "Announced",
        "components": "Components",
        "this_segment": "This border",
        "border_length": "{border}: {km} measured",
        "barriers": "Fences and walls",
        "barrier_line": "{name}: {km}, {status} ({year})",
        "barrier_line_nokm": "{name}: {status} ({year})",
        "barrier_status_complete": "complete",
        "barrier_status_under_construction": "under construction",
        "barrier_status_planned": "planned",
        "ottawa_status": "Ottawa Convention",
        "joined": "Joined",
        "in_force": "In force",
        "withdrawal_effective": "Withdrawal effective",
        "votes": "{for} for, {against} against, {abstain} abstaining",
        "votes_short": "{for} for, {against} against",
        # regions, layers, legend
        "region_kaliningrad": "Kaliningrad Oblast",
        "region_mainland": "mainland",
        "border_name": "{a} – {b}",
        "border_name_region": "{a} – {b} ({region})",
        "layer_countries": "Countries",
        "layer_borders_rus": "Borders with Russia",
        "layer_borders_blr": "Borders with Belarus",
        "layer_barriers": "Fences and walls",
        "layer_suwalki": "Suwałki Gap",
        "layer_places": "Cities and towns",
        "layer_annotations": "Annotations",
        "public_domain": "public domain",
        "legend_annotation": "Annotation added by the newsroom",
        "annotation_link": "Read more",
        "layer_status": "Ottawa status",
        "legend_border_rus": "Border with Russia (incl. Kaliningrad Oblast)",
        "legend_border_blr": "Border with Belarus",
        "legend_program": "{name} (fortification programme)",
        "legend_barrier": "Fence or wall along part or all of the border",
        "legend_pl_lt": "Polish–Lithuanian border",
        "legend_gap": "Shortest line, Kaliningrad Oblast to Belarus",
        "legend_capital": "Capital",
        "legend_city": "City or town",
        "legend_withdrawing": "Withdrawing state",
        "status_withdrawn": "Withdrew",
        "status_withdrawn_on": "Withdrew; in effect {date}",
        "status_party": "Party to the Convention",
        "status_never_joined": "Never joined",
        "status_suspension_pending": "Suspension announced, not in effect",
        "status_unknown": "Status not recorded",
        "short_withdrawn": "out since {date}",
        "short_party": "party",
        "short_never_joined": "never joined",
        "short_suspension_pending": "suspension pending",
        "short_unknown": "status not recorded",
        "timeline": "Withdrawal steps, {start}–{end}",
        "event_signed": "Signed",
        "event_joined": "Joined",
        "event_in_force": "In force",
        "event_announced": "Announced",
        "event_government_decision": "Government decision",
        "event_parliament_vote": "Parliament vote",
        "event_head_of_state": "Head of state",
        "event_withdrawal_deposited": "Withdrawal deposited at the UN",
        "event_withdrawal_effective": "Withdrawal takes effect",
        # presets
        "overview_title": "Europe's fortified frontier",
        "overview_subtitle": (
            "{states} border Russia and Belarus for {km} as measured on 1:10m map data"
            " (official figures are longer). All four are fortifying that frontier, and all"
            " four have left the treaty banning anti-personnel mines."
        ),
        "eastern-shield_title": "{program}: Poland fortifies its eastern border",
        "eastern-shield_subtitle": (
            "{budget} for {length} of defences on the borders with Belarus and Russia by"
            " {year}; {done} secured by {as_of}."
        ),
        "baltic-defence-line_title": "{program}",
        "baltic-defence-line_subtitle": (
            "{states} are building anti-mobility defences along {km} of border with Russia"
            " and Belarus."
        ),
        "suwalki-gap_title": "The Suwałki Gap",
        "suwalki-gap_subtitle": (
            "Only {gap} separate Russia's Kaliningrad Oblast from Belarus. The land link"
            " between Poland and the Baltic states is the {border} Polish–Lithuanian border."
        ),
        "treaty_title": "Leaving the landmine ban",
        "treaty_subtitle": (
            "{states} have left the Ottawa Convention on anti-personnel mines; the"
            " withdrawals took effect between {first} and {last}."
        ),
        "alt_intro": "Map of {area}. {subtitle}",
        "alt_area": "north-eastern Europe",
        "alt_borders": "Borders shown, with their measured and official lengths:",
        "alt_countries": "Ottawa Convention status by country:",
        "gap_label": "{km}",
        "label_program": "{name}",
    },
    "pl": {
        "legend": "Legenda",
        "layers": "Warstwy",
        "sources": "Źródła",
        "sources_n": "Źródła ({n})",
        "credits_boundaries": "Granice: {name} {version} ({scale}), {licence}",
        "credits_measured": (
            "Długości zmierzono na elipsoidzie WGS84 wzdłuż danych granicznych przed"
            " uproszczeniem; dane oficjalne podano wraz ze źródłami."
        ),
        "credits_map": "Mapa: shieldmap",
        "basemap_credit": "Podkład: {attribution}",
        "fullscreen": "Pełny ekran",
        "fullscreen_exit": "Zamknij pełny ekran",
        "locator": "Mapa lokalizacyjna: pokazany obszar",
        "about": "O tej mapie",
        "skip": "Opis mapy w formie tekstu",
        "embed_title": "Osadzanie: {title}",
        "embed_intro": (
            "Wklej ten kod do artykułu. Mapa zachowuje proporcje przy każdej szerokości."
        ),
        "embed_preview": "Podgląd",
        "embed_code": "Kod do osadzenia",
        "copy": "Kopiuj kod",
        "copied": "Skopiowano",
        "open_map": "Otwórz mapę",
        "open_full_map": "Otwórz pełną mapę",
        "skip_link": "Pomiń mapę: opis tekstowy",
        "hint_wheel": "Przybliżaj mapę, przewijając z wciśniętym Ctrl",
        "hint_wheel_mac": "Przybliżaj mapę, przewijając z wciśniętym ⌘",
        "hint_touch": "Przesuwaj mapę dwoma palcami",
        "features_list": "Wszystkie obiekty na mapie po kolei",
        "zoom_in": "Przybliż",
        "zoom_out": "Oddal",
        "close_popup": "Zamknij",
        "index_title": "shieldmap: mapy Tarczy Wschód",
        "index_intro": (
            "Samodzielne mapy umocnionych granic Polski, Litwy, Łotwy i Estonii z Rosją i"
            " Białorusią. Każdy plik działa offline i niczego nie pobiera z innych serwerów."
        ),
        "index_lang": "Język",
        "language_en": "angielski",
        "language_pl": "polski",
        "km": "{value} km",
        "approx_km": "ok. {value} km",
        "measured": "Długość zmierzona",
        "measured_note": "geodezyjnie, {source}",
        "official": "Długość oficjalna",
        "cia": "CIA World Factbook",
        "difference": "{value}% względem danych oficjalnych",
        "source": "Źródło",
        "sources_inline": "Źródła",
        "budget": "Budżet",
        "claimed_length": "Zapowiedziana długość",
        "target_year": "Termin",
        "progress": "Postęp",
        "progress_as_of": "{km} do {date}",
        "announced": "Ogłoszono",
        "components": "Elementy",
        "this_segment": "Ta granica",
        "border_length": "{border}: zmierzono {km}",
        "barriers": "Ogrodzenia i zapory",
        "barrier_line": "{name}: {km}, {status} ({year})",
        "barrier_line_nokm": "{name}: {status} ({year})",
        "barrier_status_complete": "ukończona",
        "barrier_status_under_construction": "w budowie",
        "barrier_status_planned": "planowana",
        "ottawa_status": "Konwencja ottawska",
        "joined": "Przystąpienie",
        "in_force": "Wejście w życie",
        "withdrawal_effective": "Wypowiedzenie skuteczne",
        "votes": "{for} za, {against} przeciw, {abstain} wstrzymujących się",
        "votes_short": "{for} za, {against} przeciw",
        "region_kaliningrad": "obwód królewiecki",
        "region_mainland": "część główna",
        "border_name": "{a} – {b}",
        "border_name_region": "{a} – {b} ({region})",
        "layer_countries": "Państwa",
        "layer_borders_rus": "Granice z Rosją",
        "layer_borders_blr": "Granice z Białorusią",
        "layer_barriers": "Ogrodzenia i zapory",
        "layer_suwalki": "Przesmyk suwalski",
        "layer_places": "Miasta",
        "layer_annotations": "Adnotacje",
        "public_domain": "domena publiczna",
        "legend_annotation": "Adnotacja redakcji",
        "annotation_link": "Więcej",
        "layer_status": "Status wobec konwencji",
        "legend_border_rus": "Granica z Rosją (w tym z obwodem królewieckim)",
        "legend_border_blr": "Granica z Białorusią",
        "legend_program": "{name} (program umocnień)",
        "legend_barrier": "Ogrodzenie lub zapora na części lub całości granicy",
        "legend_pl_lt": "Granica polsko-litewska",
        "legend_gap": "Najkrótsza linia: obwód królewiecki – Białoruś",
        "legend_capital": "Stolica",
        "legend_city": "Miasto",
        "legend_withdrawing": "Państwo występujące",
        "status_withdrawn": "Wystąpiło",
        "status_withdrawn_on": "Wystąpiło; skutek od {date}",
        "status_party": "Strona konwencji",
        "status_never_joined": "Nigdy nie przystąpiło",
        "status_suspension_pending": "Zawieszenie ogłoszone, nieskuteczne",
        "status_unknown": "Brak danych o statusie",
        "short_withdrawn": "poza konwencją od {date}",
        "short_party": "strona",
        "short_never_joined": "nigdy nie przystąpiła",
        "short_suspension_pending": "zawieszenie w toku",
        "short_unknown": "brak danych",
        "timeline": "Kroki wypowiedzenia, {start}–{end}",
        "event_signed": "Podpisanie",
        "event_joined": "Przystąpienie",
        "event_in_force": "Wejście w życie",
        "event_announced": "Zapowiedź",
        "event_government_decision": "Decyzja rządu",
        "event_parliament_vote": "Głosowanie w parlamencie",
        "event_head_of_state": "Głowa państwa",
        "event_withdrawal_deposited": "Wypowiedzenie złożone w ONZ",
        "event_withdrawal_effective": "Wypowiedzenie skuteczne",
        "overview_title": "Umocniona granica Europy",
        "overview_subtitle": (
            "{states} graniczą z Rosją i Białorusią na długości {km} według pomiaru na mapie"
            " w skali 1:10 mln (oficjalne długości są większe). Wszystkie cztery umacniają tę"
            " granicę i wszystkie wystąpiły z traktatu zakazującego min przeciwpiechotnych."
        ),
        "eastern-shield_title": "{program}: Polska umacnia wschodnią granicę",
        "eastern-shield_subtitle": (
            "{budget} na {length} umocnień na granicach z Białorusią i Rosją do {year} r.;"
            " do {as_of} zabezpieczono {done}."
        ),
        "baltic-defence-line_title": "{program}",
        "baltic-defence-line_subtitle": (
            "{states} budują umocnienia utrudniające ruch przeciwnika wzdłuż {km} granicy"
            " z Rosją i Białorusią."
        ),
        "suwalki-gap_title": "Przesmyk suwalski",
        "suwalki-gap_subtitle": (
            "Obwód królewiecki od Białorusi dzieli tylko {gap}. Lądowym łącznikiem Polski z"
            " państwami bałtyckimi jest granica polsko-litewska o długości {border}."
        ),
        "treaty_title": "Wyjście z zakazu min",
        "treaty_subtitle": (
            "{states} wystąpiły z konwencji ottawskiej o zakazie min przeciwpiechotnych;"
            " wypowiedzenia weszły w życie od {first} do {last}."
        ),
        "alt_intro": "Mapa: {area}. {subtitle}",
        "alt_area": "Europa Północno-Wschodnia",
        "alt_borders": "Pokazane granice z długością zmierzoną i oficjalną:",
        "alt_countries": "Status wobec konwencji ottawskiej według państw:",
        "gap_label": "{km}",
        "label_program": "{name}",
    },
}


def has_text(lang: str, key: str) -> bool:
    """Whether the catalog of ``lang`` holds the string ``key``."""
    return key in STRINGS.get(lang, {})


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        msg = f"expected a language among {', '.join(LANGS)}, got {lang!r}; pick one of those"
        raise MapError(msg)
    return lang


@dataclass(frozen=True)
class Tr:
    """Strings and formatting for one language.

    Examples
    --------
    >>> Tr("pl").km(340.09)
    '340,1 km'
    """

    lang: str

    def __post_init__(self) -> None:
        check_lang(self.lang)

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(_BABEL_LOCALES[self.lang])

    def __call__(self, key: str, **values: object) -> str:
        text = STRINGS[self.lang][key]
        return text.format(**values) if values else text

    def text(self, value: dict[str, str] | None) -> str:
        """The seed text in this language (seeds always hold en and pl)."""
        if not value:
            return ""
        return value.get(self.lang) or value.get("en", "")

    def number(self, value: float, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals, rounded half up as newsrooms do (283.85 → 283.9)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return format_decimal(exact, format=pattern, locale=self.locale)

    def auto(self, value: float) -> str:
        """A figure as published: no decimals when it is whole, else up to two."""
        if float(value).is_integer():
            return self.number(value, 0)
        pattern = "#,##0.##"
        return format_decimal(value, format=pattern, locale=self.locale)

    def km(self, value: float, digits: int = 1) -> str:
        return self("km", value=self.number(value, digits))

    def km_auto(self, value: float) -> str:
        return self("km", value=self.auto(value))

    def date(self, value: datetime.date | str, style: str = "long") -> str:
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        return format_date(value, format=style, locale=self.locale)

    def month(self, value: datetime.date) -> str:
        return format_date(value, format="LLL y", locale=self.locale)

    def money(self, amount: float, currency: str) -> str:
        text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=2)
        if self.lang == "en" and text[:3].isalpha() and text[:3].isupper() and text[3:4] != " ":
            text = f"{text[:3]} {text[3:]}"
        return text

    def join(self, items: list[str]) -> str:
        return format_list(items, locale=self.locale) if items else ""

    def territory(self, iso3: str, fallback: str) -> str:
        """A country name in this language, from CLDR via Babel, for countries not in seeds."""
        import pycountry

        try:
            found = pycountry.countries.get(alpha_3=iso3)
        except (KeyError, LookupError):
            found = None
        if found is not None:
            name = self.locale.territories.get(found.alpha_2)
            if name:
                return str(name)
        return fallback
