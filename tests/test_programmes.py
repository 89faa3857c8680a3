"""One row per fact and a source for every fact: programme figures stand once, in the
``programmes`` and ``programme_segments`` tables, and every source the seeds cite reaches some
layer. Real data."""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd
import pytest

from geo import export
from geo.boundaries import load_countries
from geo.datadict import FIELDS
from geo.layers import PROGRAMME_LINES, Layers, build_layers, cited_ids
from geo.seeds import Seeds, load_seeds

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    return load_seeds()


@pytest.fixture(scope="module")
def layers(ne_countries: gpd.GeoDataFrame, seeds: Seeds) -> Layers:
    _, source = load_countries()
    return build_layers(ne_countries.copy(), source, seeds)


@pytest.fixture(scope="module")
def published(layers: Layers) -> dict[str, pd.DataFrame]:
    return export.prepare(layers.frames)


def _seed_budgets(seeds: Seeds) -> Counter[str]:
    totals: Counter[str] = Counter()
    for program in seeds.programs.values():
        budgets = [program.budget] + [s.budget for s in program.segments]
        for budget in budgets:
            if budget is not None:
                totals[budget.currency] += budget.amount
    return totals


def test_programme_budget_sums_equal_the_seeds(
    published: dict[str, pd.DataFrame], seeds: Seeds
) -> None:
    both = pd.concat([published["programmes"], published["programme_segments"]])
    sums = both.groupby("budget_currency")["budget_amount"].sum()
    found = Counter({str(k): float(v) for k, v in sums.items() if k})
    assert found == _seed_budgets(seeds)
    assert found["PLN"] == 10_000_000_000  # the Eastern Shield, once (summing rows gave 20 bn)
    assert found["EUR"] == 60_000_000 + 303_000_000 + 1_100_000_000


def test_a_programme_has_either_a_programme_wide_or_per_country_budgets(seeds: Seeds) -> None:
    # the tables promise that no budget is counted in both
    for program in seeds.programs.values():
        segment_budgets = [s for s in program.segments if s.budget is not None]
        assert program.budget is None or not segment_budgets, program.id


def test_one_row_per_programme_and_per_segment(
    published: dict[str, pd.DataFrame], seeds: Seeds
) -> None:
    programmes = published["programmes"]
    assert sorted(programmes["program_id"]) == sorted(seeds.programs)
    segments = published["programme_segments"]
    assert segments["segment_id"].is_unique
    assert len(segments) == sum(len(p.segments) for p in seeds.programs.values())
    shield = programmes.set_index("program_id").loc["eastern_shield"]
    progress = seeds.programs["eastern_shield"].progress
    assert progress is not None
    assert shield["progress_km"] == progress.km_done
    assert shield["claimed_length_km"] == seeds.programs["eastern_shield"].claimed_length_km


def test_line_layers_carry_no_programme_wide_figure(published: dict[str, pd.DataFrame]) -> None:
    money_or_progress = ("budget", "progress", "claimed", "target", "components", "announced")
    for name in PROGRAMME_LINES:
        frame = published[name]
        assert not [c for c in frame.columns if c.startswith(money_or_progress)], name
        # what is left is either a key or true of the one stretch: nothing numeric repeats
        assert frame["follows_border"].is_unique
        assert set(frame["program_id"]) == {name}
        numeric = frame.select_dtypes("number").drop(columns=[], errors="ignore")
        for column in numeric.columns:
            assert numeric[column].is_unique, f"{name}.{column} repeats a value"


def test_line_layers_join_their_tables(published: dict[str, pd.DataFrame]) -> None:
    segments = set(published["programme_segments"]["segment_id"])
    programmes = set(published["programmes"]["program_id"])
    for name in PROGRAMME_LINES:
        frame = published[name]
        assert set(frame["program_id"]) <= programmes
        keys = set(frame["segment_id"]) - {""}
        assert keys <= segments
    bdl = published["baltic_defence_line"]
    assert (bdl["segment_id"] != "").all()  # every stretch belongs to a national part
    assert (bdl["segment_id"].str.split(":").str[1] == bdl["country_iso3"]).all()


# --------------------------------------------------------------------------- sources


def _cited_and_listed(frames: dict[str, pd.DataFrame]) -> tuple[set[str], set[str]]:
    cited = set().union(*(cited_ids(f) for n, f in frames.items() if n != "sources"))
    listed = set(frames["sources"]["id"]) - set(frames["countries"]["boundary_source"])
    return cited, listed


def test_every_source_the_seeds_cite_reaches_a_layer(
    ne_countries: gpd.GeoDataFrame, seeds: Seeds
) -> None:
    _, source = load_countries()
    # Finland's border (and the source of its length) is in the layers with --finland only
    frames = build_layers(ne_countries.copy(), source, seeds, include_finland=True).frames
    cited, listed = _cited_and_listed(frames)
    assert seeds.cited_ids() - cited == set()
    assert cited == listed


def test_sources_lists_exactly_what_the_layers_cite(published: dict[str, pd.DataFrame]) -> None:
    cited, listed = _cited_and_listed(published)
    assert cited == listed  # no entry listed for nothing, none cited but missing
    assert published["sources"]["id"].is_unique


def test_every_source_column_is_documented_as_one(published: dict[str, pd.DataFrame]) -> None:
    for name, frame in published.items():
        for column in frame.columns:
            if column.endswith("_source") and column != "boundary_source":
                assert FIELDS[name][column].unit == "source ids, comma-separated", column


def test_facts_keep_their_source(published: dict[str, pd.DataFrame], seeds: Seeds) -> None:
    programmes = published["programmes"].set_index("program_id")
    progress = seeds.programs["eastern_shield"].progress
    assert progress is not None
    assert set(programmes.at["eastern_shield", "progress_source"].split(",")) == set(
        progress.source
    )
    countries = published["countries"].set_index("iso3")
    russia = seeds.countries["RUS"]
    assert russia.ottawa_status == "never_joined"
    assert set(countries.at["RUS", "ottawa_status_source"].split(",")) == set(russia.status_source)
    # a stated status always comes with a source; only "unknown" and unseeded ones have none
    for iso3, row in countries.iterrows():
        if row["ottawa_status"] not in ("", "unknown"):
            assert row["ottawa_status_source"], iso3
    borders = published["borders"]
    for _, row in borders.iterrows():
        if row["barrier_status"]:
            assert row["barrier_source"], row["pair"]
        if not pd.isna(row["official_km"]):
            assert row["official_source"], row["pair"]
