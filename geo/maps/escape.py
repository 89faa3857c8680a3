"""Escaping for every context a text from seeds or layers can reach: HTML, JS strings, JS
template literals, and link targets. Nothing from the data is ever trusted as markup."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

from geo.inputs import safe_url

__all__ = ["html", "js_json", "js_string", "js_template", "link", "safe_url"]

_JS_REPLACEMENTS = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
    # not needed inside a JSON string, but then no data can ever open a template literal
    ("`", "\\u0060"),
    ("${", "\\u0024{"),
)


_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def html(text: object) -> Markup:
    """``text`` escaped for HTML element content and quoted attribute values.

    A brace that would open Jinja syntax becomes ``&#123;``: branca compiles some rendered
    elements (the map's container, the layer control) as templates again.
    """
    escaped = escape("" if text is None else str(text))
    return Markup(_JINJA_OPEN.sub("&#123;", str(escaped)))


def js_json(value: Any) -> str:
    """``value`` as a JS literal that is safe inside a ``<script>`` element.

    JSON with sorted keys (so output is deterministic) and with ``<``, ``>``, ``&``, U+2028 and
    U+2029 (and backticks and ``${``) written as ``\\u`` escapes, so no ``</script>`` or
    ``<!--`` can appear and the text is also safe if pasted into a template literal.

    Examples
    --------
    >>> js_json("</script>")
    '"\\\\u003c/script\\\\u003e"'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in _JS_REPLACEMENTS:
        text = text.replace(raw, escaped)
    # branca compiles each element's rendered script as a Jinja template again, so a "{{",
    # "{%" or "{#" in data would be run as template code. JSON never opens those outside a
    # string, so escaping the brace keeps the value and closes the hole.
    return _JINJA_OPEN.sub(r"\\u007b", text)


def js_string(text: object) -> str:
    """``text`` as a double-quoted JS string literal, safe inside ``<script>``."""
    return js_json("" if text is None else str(text))


def js_template(text: object) -> str:
    """``text`` escaped for the inside of a JS template literal (between backticks)."""
    body = js_string(text)[1:-1]
    return body.replace("`", "\\u0060").replace("${", "\\u0024{")


def link(url: object, text: object, css_class: str = "") -> Markup:
    """An ``<a>`` to ``url`` showing ``text``; plain escaped text when the URL is not http(s)."""
    target = safe_url(url)
    label = html(text)
    if target is None:
        return label
    klass = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    return Markup('<a href="{}"{} target="_blank" rel="noopener noreferrer">{}</a>').format(
        target, klass, label
    )
