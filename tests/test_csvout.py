"""Spreadsheet-safe CSV (red-team H1, M1; issue #15 part 4): every CSV the tool writes is parsed
back and checked cell by cell: no text cell starts with a formula character, numbers stay
numbers, and each file has exactly its layer's row count."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from conftest import run, write_layer
from shapely.geometry import LineString, Point

from geo import csvout
from geo.seeds import default_seeds_dir

DATA = Path(__file__).parent / "data"
FORMULA = tuple(csvout.FORMULA_START)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_safe(rows: list[list[str]]) -> None:
    for row in rows:
        for value in row:
            if value.startswith(FORMULA):
                # only a plain number may start with + or -
                float(value)


# --------------------------------------------------------------------------- the cell rule


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", '"\'\r=1+1"'),
        ('=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'),
        ("-12.5", "-12.5"),
        ("+3.1", "+3.1"),
        ("-", "'-"),
        ("a,b", '"a,b"'),
        ("two\nlines", '"two\nlines"'),
        ("Narva", "Narva"),
        (-3.5, "-3.5"),
        (12, "12"),
        (True, "True"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
    ],
)
def test_cell(value: object, expected: str) -> None:
    assert csvout.cell(value) == expected


def test_carriage_returns_never_split_a_row() -> None:
    text = csvout.csv_text(["a", "b"], [["x\ry", "\r=1+1"], ["z\r\n", "w"]])
    rows = rows_of(text)
    assert len(rows) == 3
    assert rows[1] == ["x\ry", "'\r=1+1"]


def test_wkt_longer_than_a_cell_becomes_a_note() -> None:
    long_line = LineString([(20 + i * 1e-4, 54 + (i % 7) * 1e-4) for i in range(3000)])
    frame = gpd.GeoDataFrame(
        {"id": ["short", "long"]}, geometry=[Point(20, 54), long_line], crs="EPSG:4326"
    )
    rows = rows_of(csvout.frame_csv_text(frame, "things.geojson"))
    assert rows[0] == ["id", "geometry"]
    assert rows[1] == ["short", "POINT (20 54)"]
    assert len(long_line.wkt) > csvout.CELL_LIMIT
    assert "see things.geojson" in rows[2][1] and "characters" in rows[2][1]
    assert all(len(cell) <= csvout.CELL_LIMIT for row in rows for cell in row)


# --------------------------------------------------------------------------- end to end


def _layer_rows(out: Path) -> dict[str, int]:
    """Row count of each layer as the GeoJSON/Parquet side sees it (pandas on the CSV is not
    independent enough: it would split on a bare CR the same way)."""
    counts = {}
    for path in sorted(out.glob("*.parquet")):
        counts[path.stem] = len(gpd.read_parquet(path))
    return counts


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_hostile_annotations_give_no_formula_cell(tmp_path: Path) -> None:
    out = tmp_path / "out"
    notes = DATA / "annotations" / "formula.yaml"
    result = run("--annotations", str(notes), "layers", "-o", str(out), "--format", "csv,parquet")
    assert result.exit_code == 0, result.stderr
    counts = _layer_rows(out)
    for path in sorted(out.glob("*.csv")):
        rows = rows_of(path.read_bytes().decode("utf-8"))
        assert_safe(rows)
        if path.stem in counts:
            assert len(rows) - 1 == counts[path.stem], path.name
    points = rows_of((out / "annotations_points.csv").read_bytes().decode("utf-8"))
    header, *body = points
    labels = [row[header.index("label_en")] for row in body]
    assert '\'=HYPERLINK("http://evil.example/?x","click")' in labels
    assert "'@SUM(1+1)" in labels and "'-1+1" in labels
    assert "-2" in labels  # a number stays a number
    lines = rows_of((out / "annotations_lines.csv").read_bytes().decode("utf-8"))
    assert lines[1][lines[0].index("label_en")] == "'\t=1+1"


@pytest.mark.realdata
def test_hostile_boundary_names_and_file_name(
    tmp_path: Path, ne_countries: gpd.GeoDataFrame
) -> None:
    """Country names from the boundary file and the file's own name (``measured_with``) reach
    the CSVs; a CR in the file name must not split a row."""
    frame = ne_countries.copy()
    frame["name"] = ["=1+1" if c == "POL" else "@x\r=2" for c in frame["iso3"]]
    plain = write_layer(frame, tmp_path / "plain.gpkg", driver="GPKG", layer="countries")
    path = plain.rename(tmp_path / "=1+cmd\r'x.gpkg")
    out = tmp_path / "out"
    result = run("--boundaries", str(path), "layers", "-o", str(out), "--format", "csv,parquet")
    assert result.exit_code == 0, result.stderr
    counts = _layer_rows(out)
    checked = 0
    for path_csv in sorted(out.glob("*.csv")):
        rows = rows_of(path_csv.read_bytes().decode("utf-8"))
        assert_safe(rows)
        if path_csv.stem in counts:
            assert len(rows) - 1 == counts[path_csv.stem], path_csv.name
            checked += 1
    assert checked >= 5
    borders = rows_of((out / "borders.csv").read_bytes().decode("utf-8"))
    measured = borders[1][borders[0].index("measured_with")]
    assert measured.startswith("'=1+cmd\r'x.gpkg")


@pytest.mark.realdata
@pytest.mark.usefixtures("cached_embedded")
def test_borders_csv_neutralises_seed_text(tmp_path: Path) -> None:
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), seeds)
    borders = seeds / "borders.yaml"
    text = borders.read_bytes().decode("utf-8")
    # a barrier without a length starts its cell with its name
    # (the Polish name has a no-break space after "z": matched loosely)
    old = re.compile(r"name: \{en: Belarus border wall, pl: [^}]*\}\n        length_km: 186\.25")
    assert old.search(text)
    new = 'name: {en: "=HYPERLINK(\\"http://evil.example\\")", pl: "=1+1"}\n        length_km: null'
    borders.write_text(old.sub(lambda _: new, text, count=1), encoding="utf-8")
    result = run("--seeds", str(seeds), "borders", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    assert_safe(rows)
    barriers = [row[6] for row in rows[1:] if "HYPERLINK" in row[6]]
    assert barriers and all(b.startswith("'=HYPERLINK") for b in barriers)
    diffs = [row[5] for row in rows[1:] if row[5]]
    assert diffs and all(float(d) == float(d) for d in diffs)  # stays a plain number
