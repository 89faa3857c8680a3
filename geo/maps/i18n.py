"""The one place a map picks its language: UI strings from gettext catalogs, and locale-aware
numbers, dates and money (Babel).

The strings live in ``geo/maps/locales/<lang>/LC_MESSAGES/shieldmap.po`` (edited by people,
compiled to the ``.mo`` files read here by ``make catalogs``); each message id is a key such
as ``"overview_title"``. Facts never live in the catalogs: titles and labels take their
numbers and names from the layers and seeds through ``{placeholders}``.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, cached_property
from importlib.resources import files

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import read_mo
from babel.numbers import format_compact_currency, format_decimal

from geo.copycheck import polish_spaces
from geo.errors import MapError

# The languages maps are made in, each with the Babel locale that formats its numbers and
# dates. Adding a language is one entry here and one catalog,
# geo/maps/locales/<lang>/LC_MESSAGES/shieldmap.po (see the README: "Adding a language").
LOCALES: dict[str, str] = {
    "en": "en_GB",
    "pl": "pl_PL",
    "lt": "lt_LT",
    "lv": "lv_LV",
    "et": "et_EE",
    "de": "de_DE",
}
LANGS: tuple[str, ...] = tuple(LOCALES)
DOMAIN = "shieldmap"
# How a seed text shown in English on a map in another language is marked, so readers and
# editors see it is not a translation (``shieldmap check --lang LANG`` lists them).
UNTRANSLATED = "[EN] {text}"


@cache
def catalog(lang: str) -> dict[str, str]:
    """The UI strings of ``lang``, key → text, from its compiled catalog (``shieldmap.mo``).

    Raises
    ------
    MapError
        If the language has no compiled catalog (run ``make catalogs``).
    """
    path = files("geo.maps").joinpath("locales", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        msg = (
            f"expected a compiled catalog for language {lang!r} at {path}, found none;"
            " run `make catalogs` (pybabel compile) after adding its .po file"
        )
        raise MapError(msg) from None
    compiled = read_mo(io.BytesIO(data))
    return {str(m.id): str(m.string) for m in compiled if m.id and isinstance(m.id, str)}


def has_text(lang: str, key: str) -> bool:
    """Whether the catalog of ``lang`` holds a non-empty string ``key``."""
    return bool(catalog(lang).get(key))


def untranslated_strings(lang: str) -> list[str]:
    """The UI strings (keys) the catalog of ``lang`` lacks; the maps show them in English."""
    return [key for key in catalog("en") if not has_text(lang, key)]


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
        return Locale.parse(LOCALES[self.lang])

    def __call__(self, key: str, **values: object) -> str:
        # a string not yet translated is the English one (``check --lang`` lists them)
        text = catalog(self.lang).get(key) or catalog("en")[key]
        return self.typeset(text.format(**values) if values else text)

    def typeset(self, text: str) -> str:
        """``text`` with the language's typesetting rules applied: Polish non-breaking spaces,
        and one full stop where a sentence ends on "r." ("… 2026 r.", not "… 2026 r..")."""
        if self.lang != "pl":
            return text
        return re.sub(r"(?<![\w.])(r\.)\.(?!\.)", r"\1", polish_spaces(text))

    def text(self, value: dict[str, str] | None) -> str:
        """The seed text in this language; the English one, marked [EN], when it lacks one."""
        if not value:
            return ""
        if value.get(self.lang):
            return self.typeset(value[self.lang])
        return UNTRANSLATED.format(text=value.get("en", ""))

    def name(self, value: dict[str, str], iso3: str | None = None) -> str:
        """A name in this language: the seed's, else CLDR's for a country, else the name in
        its own language (``local``), else English. Names are never marked."""
        if value.get(self.lang):
            return self.typeset(value[self.lang])
        if iso3 is not None:
            return self.territory(iso3, value.get("local") or value.get("en", ""))
        return value.get("local") or value.get("en", "")

    def language_name(self, lang: str) -> str:
        """The name of ``lang`` in this language, from CLDR ("Litauisch" in German)."""
        from babel import Locale

        name = Locale.parse(lang).get_display_name(self.locale) or lang
        return name[:1].upper() + name[1:]

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
