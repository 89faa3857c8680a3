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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, cached_property
from importlib.resources import files
from typing import TYPE_CHECKING

from geo.errors import MapError

if TYPE_CHECKING:
    from babel import Locale

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
    from babel.messages.mofile import read_mo

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
        from babel import Locale

        return Locale.parse(LOCALES[self.lang])

    def __call__(self, key: str, **values: object) -> str:
        # a string not yet translated is the English one (``check --lang`` lists them)
        text = catalog(self.lang).get(key) or catalog("en")[key]
        return text.format(**values) if values else text

    def text(self, value: dict[str, str] | None) -> str:
        """The seed text in this language; the English one, marked [EN], when it lacks one."""
        if not value:
            return ""
        if value.get(self.lang):
            return value[self.lang]
        return UNTRANSLATED.format(text=value.get("en", ""))

    def name(self, value: dict[str, str], iso3: str | None = None) -> str:
        """A name in this language: the seed's, else CLDR's for a country, else the name in
        its own language (``local``), else English. Names are never marked."""
        if value.get(self.lang):
            return value[self.lang]
        if iso3 is not None:
            return self.territory(iso3, value.get("local") or value.get("en", ""))
        return value.get("local") or value.get("en", "")

    def language_name(self, lang: str) -> str:
        """The name of ``lang`` in this language, from CLDR ("Litauisch" in German)."""
        from babel import Locale

        name = Locale.parse(lang).get_display_name(self.locale) or lang
        return name[:1].upper() + name[1:]

    def number(self, value: float, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals, rounded half up as newsrooms do (283.85 → 283.9)."""
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return format_decimal(exact, format=pattern, locale=self.locale)

    def auto(self, value: float) -> str:
        """A figure as published: no decimals when it is whole, else up to two."""
        if float(value).is_integer():
            return self.number(value, 0)
        from babel.numbers import format_decimal

        pattern = "#,##0.##"
        return format_decimal(value, format=pattern, locale=self.locale)

    def km(self, value: float, digits: int = 1) -> str:
        return self("km", value=self.number(value, digits))

    def km_auto(self, value: float) -> str:
        return self("km", value=self.auto(value))

    def date(self, value: datetime.date | str, style: str = "long") -> str:
        from babel.dates import format_date

        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        return format_date(value, format=style, locale=self.locale)

    def month(self, value: datetime.date) -> str:
        from babel.dates import format_date

        return format_date(value, format="LLL y", locale=self.locale)

    def money(self, amount: float, currency: str) -> str:
        from babel.numbers import format_compact_currency

        text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=2)
        if self.lang == "en" and text[:3].isalpha() and text[:3].isupper() and text[3:4] != " ":
            text = f"{text[:3]} {text[3:]}"
        return text

    def join(self, items: list[str]) -> str:
        from babel.lists import format_list

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
