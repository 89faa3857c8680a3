"""The static page's text above and below the map: the headline block (rule, kicker, title,
subtitle) and the credits (story note, measurement, boundary data and licence, sources)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.patches import Rectangle

from geo.maps.static_canvas import FOOT, Page

if TYPE_CHECKING:
    from geo.maps.scene import Scene
    from geo.style import Theme

# The page's own type and rules, in CSS px, as the web page's stylesheet sets them.
PAD = 16.0
KICKER, TITLE, SUBTITLE = 12.0, 24.0, 15.0
TOP_RULE, FOOT_RULE = 4.0, 1.0
RULE_COLOUR, SUBTITLE_COLOUR, KICKER_COLOUR = "#d6d6d6", "#333333", "#b34700"


def headline(page: Page, scene: Scene, style: Theme) -> float:
    """Rule, kicker, title and subtitle from the top; returns the y (CSS px) under them."""
    page.figure.add_artist(
        Rectangle(
            (0, page.height - TOP_RULE),
            page.width,
            TOP_RULE,
            transform=page.px,
            facecolor=style.ink,
            linewidth=0,
            gid="rule",
        )
    )
    y = page.height - TOP_RULE - 12.0
    inner = page.width - 2 * PAD
    parts = (
        ("kicker", scene.kicker.upper(), KICKER, True, KICKER_COLOUR, 2.0),
        ("title", scene.title, TITLE, True, style.ink, 4.0),
        ("subtitle", scene.subtitle, SUBTITLE, False, SUBTITLE_COLOUR, 0.0),
    )
    for gid, text, size, bold, colour, after in parts:
        if not text:
            continue
        lines = page.wrap(text, size, inner, bold)
        artist = page.text(
            PAD,
            y,
            "\n".join(lines),
            size,
            color=colour,
            fontweight="bold" if bold else "normal",
            va="top",
            ha="left",
            linespacing=1.2,
            gid=gid,
        )
        y -= page.height_of(artist) + after
    return y - 8.0


def credits(page: Page, scene: Scene, style: Theme) -> float:
    """The foot of the page from the bottom up; returns the y (CSS px) above it."""
    credits = scene.credits
    link = credits.boundary_link.text
    line2 = " · ".join(
        part for part in (credits.boundaries, link, credits.map, scene.data_as_of_text) if part
    )
    publishers: list[str] = []
    for source in credits.sources:
        entry = f"{source.publisher} ({source.date})" if source.date else source.publisher
        if entry not in publishers:
            publishers.append(entry)
    inner = page.width - 2 * PAD
    # a story's note and its source line and byline come first, as on the web page
    story_line = " · ".join(part for part in (scene.source_note, scene.byline) if part)
    lines = [
        wrapped
        for block in (scene.note, story_line, credits.measured, line2)
        if block
        for wrapped in page.wrap(block, FOOT, inner)
    ]
    lines.extend(_sources(page, credits.sources_heading, publishers, inner))
    artist = page.text(
        PAD,
        8.0,
        "\n".join(lines),
        FOOT,
        color=style.muted,
        va="bottom",
        ha="left",
        linespacing=1.4,
        gid="credits",
    )
    if credits.boundary_link.url:
        artist.set_url(credits.boundary_link.url)
    top = 8.0 + page.height_of(artist) + 6.0
    page.figure.add_artist(
        Rectangle(
            (0, top),
            page.width,
            FOOT_RULE,
            transform=page.px,
            facecolor=RULE_COLOUR,
            linewidth=0,
            gid="credits-rule",
        )
    )
    return top + FOOT_RULE


def _sources(page: Page, heading: str, publishers: list[str], width: float) -> list[str]:
    """The sources' publishers, on at most a few lines (more on taller pages): a small card
    names as many as fit and counts the rest, which the web map lists in full."""
    if not publishers:
        return []
    room = max(2, int(page.height // 220))
    for shown in range(len(publishers), 0, -1):
        rest = len(publishers) - shown
        text = f"{heading}: {'; '.join(publishers[:shown])}" + (f"; +{rest}" if rest else "")
        lines = page.wrap(text, FOOT, width)
        if len(lines) <= room:
            return lines
    return page.wrap(f"{heading}: {publishers[0]}; +{len(publishers) - 1}", FOOT, width)
