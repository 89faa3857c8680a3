"""The page runtime's shipped form: ``templates/runtime.js`` minified with its local names
shortened (calmjs.parse), written to ``templates/runtime.min.js``, which the maps inline.

Run ``make runtime`` after editing ``runtime.js``; a test fails while the two disagree. The
shortening parses the whole script (about two seconds), so it is done once here rather than on
every build, and calmjs.parse is a development dependency only. It saves a fifth of the
script (about 4 KB a map), which the overview's 300 KB budget needs.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
SOURCE = TEMPLATES / "runtime.js"
SHIPPED = TEMPLATES / "runtime.min.js"


def minified(source: str) -> str:
    """``source`` (ES5) without comments and spaces, its local names shortened; globals keep
    their names (the page calls ``window.shieldmap``)."""
    from calmjs.parse import es5
    from calmjs.parse.unparsers.es5 import minify_print

    return minify_print(es5(source), obfuscate=True, obfuscate_globals=False).strip() + "\n"


def main() -> None:
    SHIPPED.write_text(minified(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {SHIPPED}")


if __name__ == "__main__":
    main()
