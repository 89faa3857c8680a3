"""The embedded Natural Earth 10m data: the countries, the Russian split and the measured borders.

Lengths measured on a 1:10m source run short of official figures (which follow every bend of
rivers and are often measured on 1:50k maps or along the fence), so they are compared with a
40 % margin; the checks are that each border is the right one, not a precise length.
"""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.borders import (
    Border,
    affected_borders,
    geodesic_km,
    kaliningrad_belarus_gap,
    suwalki_border,
)
from geo.boundaries import KALININGRAD, MAINLAND, NATURAL_EARTH, embedded_path, split_regions

pytestmark = pytest.mark.realdata

EXPECTED = {
    ("POL-BLR", ""),
    ("POL-RUS", KALININGRAD),
    ("LTU-BLR", ""),
    ("LTU-RUS", KALININGRAD),
    ("LVA-BLR", ""),
    ("LVA-RUS", MAINLAND),
    ("EST-RUS", MAINLAND),
}
FINLAND = ("FIN-RUS", MAINLAND)


@pytest.fixture(scope="module")
def borders_with_finland(ne_countries: gpd.GeoDataFrame) -> list[Border]:
    return affected_borders(ne_countries, include_finland=True)


def _keys(borders: list[Border]) -> list[tuple[str, str]]:
    return [(b.pair, b.region) for b in borders]


def test_embedded_source_has_the_countries(ne_countries: gpd.GeoDataFrame) -> None:
    codes = set(ne_countries["iso3"])
    assert {"POL", "LTU", "LVA", "EST", "BLR", "RUS", "FIN", "UKR"} <= codes
    assert ne_countries["iso3"].is_unique
    assert ne_countries.crs.equals("EPSG:4326")
    assert ne_countries.geometry.is_valid.all()
    names = ne_countries.set_index("iso3")["name"]
    assert names["POL"] == "Poland"
    assert names["LTU"] == "Lithuania"


def test_embedded_path_is_the_zip_in_the_package() -> None:
    path = embedded_path()
    assert path.startswith("/vsizip/")
    assert path.endswith("ne_10m_admin_0_countries_deu.zip")
    assert NATURAL_EARTH.version == "5.1.1"


def test_russia_splits_into_kaliningrad_and_mainland(ne_countries: gpd.GeoDataFrame) -> None:
    regions = split_regions(ne_countries)
    rus = regions[regions["iso3"] == "RUS"].set_index("region").geometry
    assert sorted(rus.index) == sorted([KALININGRAD, MAINLAND])
    kaliningrad, mainland = rus[KALININGRAD], rus[MAINLAND]
    # Kaliningrad lies between 19.6-22.9°E and 54.3-55.3°N; about 15,100 km² of land.
    minx, miny, maxx, maxy = kaliningrad.bounds
    assert 19.0 < minx < 20.5 and 22.0 < maxx < 23.2
    assert 54.0 < miny < 54.6 and 55.0 < maxy < 55.5
    assert kaliningrad.disjoint(mainland)
    assert kaliningrad.intersects(shapely.Point(20.51, 54.71))  # Kaliningrad city
    assert mainland.intersects(shapely.Point(37.62, 55.75))  # Moscow
    whole = ne_countries.set_index("iso3").loc["RUS", "geometry"]
    assert kaliningrad.union(mainland).symmetric_difference(whole).area < 1e-9
    # Other countries keep one row with no region.
    assert (regions["iso3"] != "RUS").sum() == len(ne_countries) - 1
    assert set(regions.loc[regions["iso3"] != "RUS", "region"]) == {""}


def test_affected_borders_are_exactly_the_expected_pairs(ne_countries: gpd.GeoDataFrame) -> None:
    keys = _keys(affected_borders(ne_countries))
    assert len(keys) == len(set(keys))
    assert set(keys) == EXPECTED


def test_finland_adds_only_its_mainland_border(borders_with_finland: list[Border]) -> None:
    keys = _keys(borders_with_finland)
    assert len(keys) == len(set(keys))
    assert set(keys) == EXPECTED | {FINLAND}


def test_measured_lengths_are_within_40_percent_of_official(
    borders_with_finland: list[Border],
) -> None:
    from geo.seeds import load_seeds
    from geo.summary import summarise

    summaries = summarise(borders_with_finland, load_seeds())
    assert len(summaries) == len(EXPECTED) + 1
    for summary in summaries:
        pair = summary.border.pair
        assert summary.length_km > 0, pair
        official = summary.headline_official
        assert official is not None, f"no official length for {pair} in the seeds"
        assert official.kind == "national", pair
        assert official.source, pair
        ratio = summary.length_km / official.km
        assert 0.6 <= ratio <= 1.4, f"{pair}: {summary.length_km:.1f} km vs {official.km} km"


def test_borders_lie_on_both_countries(
    ne_countries: gpd.GeoDataFrame, borders_with_finland: list[Border]
) -> None:
    shapes = ne_countries.set_index("iso3").geometry
    for border in borders_with_finland:
        line = border.geometry
        window = shapely.box(*line.bounds).buffer(0.01)  # Russia's whole outline is slow to buffer
        for iso3 in (border.a_iso3, border.b_iso3):
            outline = shapely.intersection(shapes[iso3].boundary, window)
            off = line.difference(outline.buffer(1e-7))
            assert off.length < 1e-9, f"{border.pair}: part of the border is off {iso3}'s outline"


def test_kaliningrad_belarus_gap(ne_countries: gpd.GeoDataFrame) -> None:
    gap = kaliningrad_belarus_gap(ne_countries)
    regions = split_regions(ne_countries)
    rus = regions[regions["iso3"] == "RUS"].set_index("region").geometry
    kaliningrad = rus[KALININGRAD]
    belarus = ne_countries.set_index("iso3").loc["BLR", "geometry"]
    assert 55.0 <= geodesic_km(gap) <= 80.0
    start, end = shapely.Point(gap.coords[0]), shapely.Point(gap.coords[-1])
    assert start.distance(kaliningrad) < 1e-6  # touches both, to within centimetres
    assert end.distance(belarus) < 1e-6
    # It crosses the Suwałki gap: through Poland or Lithuania, not through Belarus or Kaliningrad.
    assert gap.interpolate(0.5, normalized=True).distance(kaliningrad) > 0.1
    assert gap.interpolate(0.5, normalized=True).distance(belarus) > 0.1


def test_polish_lithuanian_border(ne_countries: gpd.GeoDataFrame) -> None:
    border = suwalki_border(ne_countries)
    assert border.pair == "POL-LTU"
    assert 70.0 <= border.length_km <= 110.0
    assert border.parts == 1


def test_tolerance_mode_agrees_with_exact_mode_on_clean_data(
    ne_countries: gpd.GeoDataFrame,
) -> None:
    exact = suwalki_border(ne_countries)
    snapped = suwalki_border(ne_countries, tolerance_m=200.0)
    # The snapped line follows Poland's outline on past each tripoint while it stays within
    # 200 m of Lithuania: a few hundred metres at each end where the outlines meet at a slant.
    assert exact.length_km <= snapped.length_km <= exact.length_km + 1.0
    assert exact.geometry.difference(snapped.geometry.buffer(1e-4)).length < 1e-6
