"""The UI strings as gettext catalogs: complete in every language, compiled as committed, and
every key reachable from the code (a key nothing uses fails here)."""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from geo.errors import MapError
from geo.maps import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "geo" / "maps" / "locales"


def _po(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALES / lang / "LC_MESSAGES" / "shieldmap.po").open("rb") as f:
        return read_po(f, locale=i18n.LOCALES[lang])


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    english = i18n.catalog("en")
    assert len(english) > 50
    for lang in i18n.LANGS:
        strings = i18n.catalog(lang)
        assert strings.keys() == english.keys(), lang
        for key, text in strings.items():
            assert text.strip(), (lang, key)
            assert _fields(text) == _fields(english[key]), (lang, key)


def test_compiled_catalogs_are_the_po_files_compiled() -> None:
    """The .mo files shipped in the package are exactly what `make catalogs` makes from the
    .po files (so an edited .po cannot ship with a stale .mo)."""
    for lang in i18n.LANGS:
        out = io.BytesIO()
        write_mo(out, _po(lang))
        shipped = (LOCALES / lang / "LC_MESSAGES" / "shieldmap.mo").read_bytes()
        assert out.getvalue() == shipped, f"{lang}: run `make catalogs`"


def test_the_template_lists_every_key() -> None:
    with (LOCALES / "shieldmap.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert template == set(i18n.catalog("en"))


def _is_tr(func: ast.expr) -> bool:
    """``tr(...)``, ``x.tr(...)`` or, inside the Tr class itself, ``self(...)``."""
    if isinstance(func, ast.Name):
        return func.id in ("tr", "self")
    return isinstance(func, ast.Attribute) and func.attr == "tr"


def _used_in_code() -> tuple[set[str], list[re.Pattern[str]]]:
    """The keys the code asks a translator for: literal first arguments of ``tr(...)`` calls,
    and f-string ones as patterns (``tr(f"layer_{key}")`` → ``layer_.+``)."""
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in (ROOT / "geo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _is_tr(node.func) and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literals.add(first.value)
            elif isinstance(first, ast.IfExp):
                for branch in (first.body, first.orelse):
                    if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                        literals.add(branch.value)
            elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant):
                patterns.append(re.compile(re.escape(str(first.left.value)) + ".+"))
            elif isinstance(first, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else ".+"
                    for v in first.values
                ]
                patterns.append(re.compile("".join(parts)))
    return literals, patterns


def test_no_key_is_unused() -> None:
    literals, patterns = _used_in_code()
    unused = [
        key
        for key in i18n.catalog("en")
        if key not in literals and not any(p.fullmatch(key) for p in patterns)
    ]
    assert unused == []


def test_the_unused_key_check_can_fail() -> None:
    literals, patterns = _used_in_code()
    key = "nothing_asks_for_this"
    assert key not in literals and not any(p.fullmatch(key) for p in patterns)


def test_a_language_without_a_compiled_catalog_fails_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(i18n.LOCALES, "xx", "en_GB")
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(MapError, match=r"compiled catalog for language 'xx'.*make catalogs"):
            i18n.catalog("xx")
    finally:
        i18n.catalog.cache_clear()
