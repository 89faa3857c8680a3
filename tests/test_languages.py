"""Maps in Lithuanian, Latvian, Estonian and German: UI strings per language, country names from
CLDR, place names and prose from the seeds, English shown marked [EN] where a translation is
missing, and `shieldmap check --lang` listing what is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import cli
from geo.errors import SeedError
from geo.maps.i18n import LANGS, Tr, catalog, untranslated_strings
from geo.seeds import default_seeds_dir, load_seeds
from geo.translations import Translator, missing, seed_texts

NEW = ("lt", "lv", "et", "de")


def test_the_four_languages_are_offered() -> None:
    assert set(NEW) <= set(LANGS)


@pytest.mark.parametrize("lang", NEW)
def test_every_ui_string_is_translated(lang: str) -> None:
    assert untranslated_strings(lang) == []
    assert catalog(lang)["legend"] != catalog("en")["legend"]


@pytest.mark.parametrize(
    ("lang", "km", "date", "belarus", "polish"),
    [
        ("lt", "1\u00a0234,6 km", "2026 m. vasario 20 d.", "Baltarusija", "Lenkų"),
        ("lv", "1\u00a0234,6 km", "2026. gada 20. februāris", "Baltkrievija", "Poļu"),
        ("et", "1\u00a0234,6 km", "20. veebruar 2026", "Valgevene", "Poola"),
        ("de", "1.234,6 km", "20. Februar 2026", "Belarus", "Polnisch"),
    ],
)
def test_numbers_dates_and_names_follow_the_language(
    lang: str, km: str, date: str, belarus: str, polish: str
) -> None:
    tr = Tr(lang)
    assert tr.km(1234.56) == km
    assert tr.date("2026-02-20") == date
    assert tr.name({"en": "Belarus", "pl": "Białoruś"}, "BLR") == belarus  # CLDR
    assert tr.language_name("pl") == polish


def test_a_missing_translation_shows_english_marked() -> None:
    tr = Tr("lv")
    assert tr.text({"en": "A note", "pl": "Notatka"}) == "[EN] A note"
    assert tr.text({"en": "A note", "pl": "Notatka", "lv": "Piezīme"}) == "Piezīme"
    assert tr.name({"en": "Dąbrówka", "pl": "Dąbrówka", "local": "Dąbrówka"}) == "Dąbrówka"


def test_translator_finds_seed_texts_by_their_english() -> None:
    seeds = load_seeds()
    translate = Translator(seeds)
    warsaw = next(p for p in seeds.places if p.id == "warsaw")
    assert translate(warsaw.names["en"], "de", name=True) == warsaw.names["de"] == "Warschau"
    assert translate("Something the seeds never say", "lt").startswith("[EN] ")
    assert translate("Something", "en") == "Something"


def test_every_place_name_is_in_every_language() -> None:
    seeds = load_seeds()
    for place in seeds.places:
        for lang in NEW:
            assert place.names.get(lang), (place.id, lang)


def test_missing_lists_seed_texts_but_not_country_names() -> None:
    seeds = load_seeds()
    lines = missing(seeds, "lv")
    assert lines and all(line.endswith("no 'lv' text") for line in lines)
    assert not any(".names" in line and line.startswith("countries.yaml") for line in lines)
    total = sum(1 for _ in seed_texts(seeds))
    assert len(missing(seeds, "pl")) == 0 < total


def test_check_lang_lists_what_is_missing() -> None:
    result = CliRunner().invoke(cli, ["check", "--lang", "lv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    untranslated = [line for line in lines if line.startswith("untranslated: ")]
    assert untranslated
    assert re.search(r"lv: \d+ of \d+ UI strings and \d+ of \d+ seed texts translated", lines[-1])
    assert "marked [EN]" in lines[-1]
    assert len(untranslated) == len(missing(load_seeds(), "lv")) + len(untranslated_strings("lv"))


def test_check_lang_refuses_an_unknown_language() -> None:
    result = CliRunner().invoke(cli, ["check", "--lang", "fr"])
    assert result.exit_code == 2
    assert "'fr' is not one of" in result.stderr


def test_seeds_refuse_an_unknown_language_key(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), folder)
    path = folder / "places.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("pl: Warszawa,", "pl: Warszawa, dee: Warschau,", 1), "utf-8")
    with pytest.raises(SeedError) as info:
        load_seeds(folder)
    (problem,) = info.value.problems
    assert "unknown language 'dee' (did you mean 'de'?)" in problem
