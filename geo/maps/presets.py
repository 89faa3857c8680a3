"""The five maps: extent, zoom, layers and embed proportions of each. Titles and subtitles are
strings in :mod:`geo.maps.i18n` filled from the data in :mod:`geo.maps.render`."""

from __future__ import annotations

from dataclasses import dataclass

from geo.errors import MapError

Extent = tuple[float, float, float, float]  # west, south, east, north (lon/lat)


@dataclass(frozen=True)
class Preset:
    """One map.

    ``extent`` is what the map fits on opening; ``max_zoom`` bounds how far readers can zoom in
    and sets how much the outlines are simplified; ``layers`` names the overlays drawn;
    ``labels`` the permanent labels; ``aspect`` the embed's width/height ratio.
    """

    id: str
    extent: Extent
    min_zoom: int
    max_zoom: int
    layers: tuple[str, ...]
    labels: tuple[str, ...]
    aspect: str
    min_height_px: int = 480
    focus_pairs: tuple[str, ...] = ()
    # Russia's label goes in this east-west band of the extent (fractions of its width); the
    # treaty map is wide on desktops, so its label sits east of the crowded Baltic coast.
    russia_label_band: tuple[float, float] = (0.72, 1.0)
    # The widest view (width / height) the page may be shown in; sets the land drawn around.
    max_aspect: float = 2.0
    place_kinds: tuple[str, ...] = ("capital", "city", "town")


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(
            id="overview",
            extent=(14.0, 49.0, 31.0, 59.8),
            min_zoom=4,
            max_zoom=7,
            layers=(
                "borders_rus",
                "borders_blr",
                "eastern_shield",
                "baltic_defence_line",
                "suwalki",
                "places",
            ),
            labels=("countries", "border_lengths", "programs", "gap"),
            aspect="4 / 5",
            min_height_px=560,
            place_kinds=("capital", "city"),
        ),
        Preset(
            id="eastern-shield",
            extent=(18.3, 50.7, 24.8, 55.1),
            min_zoom=5,
            max_zoom=10,
            layers=("borders_rus", "borders_blr", "eastern_shield", "barriers", "places"),
            labels=("countries", "border_lengths", "programs", "barriers"),
            aspect="1 / 1",
            focus_pairs=("POL-BLR", "POL-RUS"),
        ),
        Preset(
            id="baltic-defence-line",
            extent=(20.5, 53.6, 28.6, 59.8),
            min_zoom=5,
            max_zoom=9,
            layers=("borders_rus", "borders_blr", "baltic_defence_line", "barriers", "places"),
            labels=("countries", "border_lengths", "programs"),
            aspect="4 / 5",
            min_height_px=560,
            focus_pairs=("EST-RUS", "LVA-RUS", "LVA-BLR", "LTU-RUS", "LTU-BLR"),
        ),
        Preset(
            id="suwalki-gap",
            extent=(21.2, 53.6, 24.6, 55.2),
            min_zoom=6,
            max_zoom=11,
            layers=("borders_rus", "borders_blr", "suwalki", "places"),
            labels=("countries", "gap", "border_lengths"),
            aspect="4 / 3",
            focus_pairs=("POL-RUS", "POL-BLR", "LTU-RUS", "LTU-BLR"),
        ),
        Preset(
            id="treaty",
            extent=(15.0, 49.5, 30.5, 64.5),
            min_zoom=3,
            max_zoom=7,
            layers=("status",),
            labels=("status",),
            aspect="4 / 5",
            min_height_px=640,
            place_kinds=("capital",),
            russia_label_band=(0.97, 1.3),
            max_aspect=3.0,
        ),
    )
}
ALL: tuple[str, ...] = tuple(PRESETS)


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        msg = f"expected a preset among {', '.join(ALL)}, got {name!r}; pick one of those"
        raise MapError(msg) from None
