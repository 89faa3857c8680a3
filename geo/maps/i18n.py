"""Every UI string in English and Polish, and locale-aware numbers, dates and money (Babel).

Facts never live here: titles and labels take their numbers and names from the layers and
seeds through ``{placeholders}``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_compact_currency, format_decimal

from geo.copycheck import polish_spaces
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
            "Border lengths in titles and labels are official figures, with their sources in"
            " the popups. Lengths marked as measured come from the {scale} map data and are"
            " usually shorter, because the map smooths out the border's bends."
        ),
        "data_as_of": "Data as of {date}.",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
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
        "scale_millions": "1:{n}m",
        "measured": "Measured on the {scale} map data",
        "measured_note": "{source}",
        "measured_short": "{km} on the {scale} map data",
        "official": "Official length",
        "official_short": "{km} (official)",
        "gap_width": "Published width",
        "cia": "CIA World Factbook",
        "difference": "{value}% from the official figure",
        "source": "Source",
        "sources_inline": "Sources",
        "budget": "Budget",
        "claimed_length": "Announced length",
        "target_year": "Target year",
        "progress": "Progress",
        "progress_as_of": "{km} (as of {date})",
        "announced": "Announced",
        "components": "Components",
        "this_segment": "This border",
        "barriers": "Fences and walls",
        "barrier_line": "{name}: {km}, {status}",
        "barrier_line_nokm": "{name}: {status}",
        "barrier_year": "{status} ({year})",
        "barrier_status_complete": "complete",
        "barrier_status_under_construction": "under construction",
        "barrier_status_begun": "begun, completion not confirmed",
        "barrier_status_planned": "planned",
        "ottawa_status": "Ottawa Convention",
        "joined": "Joined",
        "in_force": "In force",
        "withdrawal_effective": "Withdrawal effective",
        "votes_for": "{n} for",
        "votes_against": "{n} against",
        "votes_abstain": "{n} abstaining",
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
        "legend_city": "City, town or village",
        "legend_withdrawing": "Withdrawing state",
        "status_withdrawn": "Withdrew",
        "status_withdrawn_on": "Withdrew; in effect from {date}",
        "status_party": "State Party",
        "status_party_since": "State Party since {date}",
        "status_never_joined": "Never joined",
        "status_suspension_notified": "Notified a “suspension”, which is contested",
        "status_suspension_notified_on": (
            "Notified the UN of a “suspension” on {date}; the step is contested and the country"
            " remains listed as a State Party"
        ),
        "status_unknown": "Status not recorded",
        "short_withdrawn": "out since {date}",
        "short_party": "State Party",
        "short_never_joined": "never joined",
        "short_suspension_notified": "“suspension” notified, contested",
        "short_unknown": "status not recorded",
        "timeline": "Withdrawal steps, {start} – {end}",
        "timeline_suspension": "Withdrawal and suspension steps, {start} – {end}",
        "event_signed": "Signed",
        "event_joined": "Joined",
        "event_ratified": "Ratified",
        "event_acceded": "Acceded",
        "event_in_force": "In force",
        "event_announced": "Announced",
        "event_government_decision": "Government decision",
        "event_parliament_vote": "Parliament vote",
        "event_head_of_state": "Presidential decision",
        "event_suspension_notified": "“Suspension” notified to the UN Secretary-General",
        "event_withdrawal_deposited": "Withdrawal notified to the UN Secretary-General",
        "event_withdrawal_effective": "Withdrawal takes effect",
        # presets
        "overview_title": "Europe's fortified frontier",
        "overview_subtitle": (
            "{states} share {km} of border with Russia and Belarus (sum of national figures,"
            " land and water). All four are fortifying that frontier and, like {others}, have"
            " left the treaty banning anti-personnel mines."
        ),
        "eastern-shield_title": "{program}: Poland fortifies its eastern border",
        "eastern-shield_subtitle": (
            "{budget} for materials, in a programme the Defence Ministry says will cover"
            " {length} of border by {year}. By {as_of}, {done} had been prepared, with"
            " obstacles in place on {in_place}."
        ),
        "baltic-defence-line_title": "{program}",
        "baltic-defence-line_subtitle": (
            "{states} are building anti-mobility defences along {km} of border with Russia"
            " and Belarus (sum of national figures, land and water)."
        ),
        "suwalki-gap_title": "The Suwałki Gap",
        "suwalki-gap_subtitle": (
            "Only {gap} separate Russia's Kaliningrad Oblast from Belarus. The land link"
            " between Poland and the Baltic states is the {border} Polish–Lithuanian border."
        ),
        "treaty_title": "Leaving the anti-personnel mine ban",
        "treaty_subtitle": (
            "{states} have left the Ottawa Convention banning anti-personnel mines; the"
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
            "Długości granic w tytułach i etykietach to dane oficjalne; ich źródła podano"
            " w okienkach. Długości oznaczone jako zmierzone pochodzą z danych mapy w skali"
            " {scale} i są zwykle mniejsze, bo mapa wygładza zakręty granicy."
        ),
        "data_as_of": "Stan danych na {date}",
        "zoom_in": "Przybliż",
        "zoom_out": "Oddal",
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
        "scale_millions": "1:{n} mln",
        "measured": "Zmierzono na danych mapy w skali {scale}",
        "measured_note": "{source}",
        "measured_short": "{km} według pomiaru na danych mapy w skali {scale}",
        "official": "Długość oficjalna",
        "official_short": "{km} (długość oficjalna)",
        "gap_width": "Szerokość według źródeł",
        "cia": "CIA World Factbook",
        "difference": "{value}% względem danych oficjalnych",
        "source": "Źródło",
        "sources_inline": "Źródła",
        "budget": "Budżet",
        "claimed_length": "Zapowiedziana długość",
        "target_year": "Termin",
        "progress": "Postęp",
        "progress_as_of": "{km} (stan na {date})",
        "announced": "Ogłoszono",
        "components": "Elementy",
        "this_segment": "Ta granica",
        "barriers": "Ogrodzenia i zapory",
        "barrier_line": "{name}: {km}, {status}",
        "barrier_line_nokm": "{name}: {status}",
        "barrier_year": "{status} ({year} r.)",
        "barrier_status_complete": "ukończono",
        "barrier_status_under_construction": "w budowie",
        "barrier_status_begun": "rozpoczęto budowę, ukończenie niepotwierdzone",
        "barrier_status_planned": "w planach",
        "ottawa_status": "Konwencja ottawska",
        "joined": "Związanie się konwencją",
        "in_force": "Wejście w życie",
        "withdrawal_effective": "Wypowiedzenie skuteczne",
        "votes_for": "{n} za",
        "votes_against": "{n} przeciw",
        "votes_abstain": "{n} wstrzymujących się",
        "region_kaliningrad": "obwód królewiecki",
        "region_mainland": "część główna",
        "border_name": "{a} – {b}",
        "border_name_region": "{a} – {b} ({region})",
        "layer_countries": "Państwa",
        "layer_borders_rus": "Granice z Rosją",
        "layer_borders_blr": "Granice z Białorusią",
        "layer_barriers": "Ogrodzenia i zapory",
        "layer_suwalki": "Przesmyk suwalski",
        "layer_places": "Miejscowości",
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
        "legend_city": "Miasto lub wieś",
        "legend_withdrawing": "Państwo występujące",
        "status_withdrawn": "Wystąpiła z konwencji",
        "status_withdrawn_on": "Wystąpiła z konwencji (ze skutkiem od {date})",
        "status_party": "Strona konwencji",
        "status_party_since": "Strona konwencji od {date}",
        "status_never_joined": "Nigdy nie przystąpiła",
        "status_suspension_notified": "Notyfikowała „zawieszenie” – krok sporny",
        "status_suspension_notified_on": (
            "Notyfikowała ONZ „zawieszenie” konwencji ({date}) – krok sporny; nadal figuruje"
            " jako strona konwencji"
        ),
        "status_unknown": "Brak danych o statusie",
        "short_withdrawn": "poza konwencją od {date}",
        "short_party": "strona konwencji",
        "short_never_joined": "nigdy nie przystąpiła",
        "short_suspension_notified": "notyfikowała „zawieszenie”, krok sporny",
        "short_unknown": "brak danych",
        "timeline": "Etapy wystąpienia z konwencji, {start} – {end}",
        "timeline_suspension": "Etapy wystąpienia z konwencji i jej zawieszenia, {start} – {end}",
        "event_signed": "Podpisanie",
        "event_joined": "Związanie się konwencją",
        "event_ratified": "Ratyfikacja",
        "event_acceded": "Przystąpienie",
        "event_in_force": "Wejście w życie",
        "event_announced": "Zapowiedź",
        "event_government_decision": "Decyzja rządu",
        "event_parliament_vote": "Głosowanie w parlamencie",
        "event_head_of_state": "Decyzja prezydenta",
        "event_suspension_notified": "Notyfikacja „zawieszenia” Sekretarzowi Generalnemu ONZ",
        "event_withdrawal_deposited": "Notyfikacja wypowiedzenia Sekretarzowi Generalnemu ONZ",
        "event_withdrawal_effective": "Wystąpienie staje się skuteczne",
        "overview_title": "Umocniona granica Europy",
        "overview_subtitle": (
            "{states} graniczą z Rosją i Białorusią na długości {km} (suma danych krajowych,"
            " z odcinkami lądowymi i wodnymi). Wszystkie cztery umacniają tę granicę i podobnie"
            " jak {others} wystąpiły z traktatu zakazującego min przeciwpiechotnych."
        ),
        "eastern-shield_title": "{program}: Polska umacnia wschodnią granicę",
        "eastern-shield_subtitle": (
            "{budget} na materiały do programu, który według MON ma do {year} r. objąć"
            " {length} granicy. Do {as_of} przygotowano {done}, a przeszkody ustawiono na"
            " {in_place}."
        ),
        "baltic-defence-line_title": "{program}",
        "baltic-defence-line_subtitle": (
            "{states} budują umocnienia utrudniające ruch przeciwnika wzdłuż {km} granicy"
            " z Rosją i Białorusią (suma danych krajowych, z odcinkami lądowymi i wodnymi)."
        ),
        "suwalki-gap_title": "Przesmyk suwalski",
        "suwalki-gap_subtitle": (
            "Obwód królewiecki od Białorusi dzieli tylko {gap}. Lądowym łącznikiem Polski z"
            " państwami bałtyckimi jest granica polsko-litewska o długości {border}."
        ),
        "treaty_title": "Poza zakazem min przeciwpiechotnych",
        "treaty_subtitle": (
            "{states} wystąpiły z konwencji ottawskiej o zakazie min przeciwpiechotnych;"
            " wypowiedzenia stały się skuteczne między {first} a {last}."
        ),
        "alt_intro": "Mapa {area}. {subtitle}",
        "alt_area": "północno-wschodniej Europy",
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
        return self.typeset(text.format(**values) if values else text)

    def typeset(self, text: str) -> str:
        """``text`` with the language's typesetting rules applied: Polish non-breaking spaces,
        and one full stop where a sentence ends on "r." ("… 2026 r.", not "… 2026 r..")."""
        if self.lang != "pl":
            return text
        return re.sub(r"(?<![\w.])(r\.)\.(?!\.)", r"\1", polish_spaces(text))

    def text(self, value: dict[str, str] | None) -> str:
        """The seed text in this language, or English when the seeds lack it."""
        if not value:
            return ""
        return self.typeset(value.get(self.lang) or value.get("en", ""))

    def _grouping(self, value: float) -> str:
        # Polish groups thousands only from five digits on (1344 km, 12 500 km), as CLDR's
        # minimum grouping says; Babel's explicit patterns would group 1 344
        return "0" if self.lang == "pl" and abs(value) < 10_000 else "#,##0"

    def number(self, value: float, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals, rounded half up as newsrooms do (283.85 → 283.9)."""
        pattern = self._grouping(value) + ("." + "0" * digits if digits else "")
        exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return format_decimal(exact, format=pattern, locale=self.locale)

    def auto(self, value: float) -> str:
        """A figure as published: no decimals when it is whole, else up to two."""
        if float(value).is_integer():
            return self.number(value, 0)
        pattern = self._grouping(value) + ".##"
        return format_decimal(value, format=pattern, locale=self.locale)

    def about(self, value: float, step: int = 10) -> str:
        """ "about N km": a sum of published figures, rounded to ``step`` km for a headline."""
        return self("approx_km", value=self.number(round(value / step) * step, 0))

    def scale(self, scale: str, short: bool = True) -> str:
        """A map scale such as "1:10,000,000" in this language, short ("1:10m", "1:10 mln")
        or in full ("1:10 000 000" in Polish)."""
        head, _, denominator = scale.partition(":")
        digits = denominator.replace(",", "").replace(" ", "").replace("\u00a0", "")
        if head != "1" or not digits.isdigit():
            return scale
        number = int(digits)
        if short and number % 1_000_000 == 0:
            return self("scale_millions", n=number // 1_000_000)
        return f"1:{format_decimal(number, locale=self.locale)}"

    def km(self, value: float, digits: int = 1) -> str:
        return self("km", value=self.number(value, digits))

    def km_auto(self, value: float) -> str:
        return self("km", value=self.auto(value))

    def date(self, value: datetime.date | str, style: str = "long") -> str:
        """A day as printed. Polish always spells the month out in the genitive, with "r."
        ("27 grudnia 2025 r."): abbreviated months read as computer output there."""
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        if self.lang == "pl":
            return self.typeset(format_date(value, format="long", locale=self.locale) + " r.")
        return format_date(value, format=style, locale=self.locale)

    def month(self, value: datetime.date, short: bool = False) -> str:
        """A month and year ("March 2025", "marzec 2025"); ``short`` for axis ticks."""
        return format_date(value, format="LLL y" if short else "LLLL y", locale=self.locale)

    def money(self, amount: float, currency: str) -> str:
        text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=2)
        if self.lang == "en" and text[:3].isalpha() and text[:3].isupper() and text[3:4] != " ":
            text = f"{text[:3]} {text[3:]}"
        if self.lang == "pl":
            text = text.replace("€", "euro")  # one convention with the seeds' "mln euro"
        return text

    def join(self, items: list[str]) -> str:
        return self.typeset(format_list(items, locale=self.locale)) if items else ""

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
