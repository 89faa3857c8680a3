"""How the project is cited: CITATION.cff against the Citation File Format 1.2.0 schema and the
package version, the changelog's release, and the licence read from each boundary source."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

import geo
from geo import citation
from geo.boundaries import NATURAL_EARTH

ROOT = Path(__file__).parents[1]
# The CFF 1.2.0 JSON Schema (citation-file-format.github.io/1.2.0/schema.json, CC BY 4.0),
# as shipped in the cffconvert wheel; kept here so the test runs offline.
CFF_SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"


def _validate_cff(document: object) -> None:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    validator.validate(document)


def test_citation_cff_parses_and_matches_the_package_version() -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    _validate_cff(document)
    assert document["version"] == geo.__version__
    assert document["preferred-citation"]["version"] == geo.__version__
    assert document["date-released"] == citation.RELEASED.isoformat()
    assert set(document["license"]) == {"CC-BY-4.0", "MIT"}
    assert document["authors"] and document["title"]
    # the committed file is the generated one, so the bundle's copy says the same
    assert text == citation.cff_text()


def test_the_schema_check_rejects_a_broken_citation() -> None:
    document = yaml.safe_load(citation.cff_text())
    document["date-released"] = "2026-13-01"
    with pytest.raises(jsonschema.ValidationError, match="2026-13-01"):
        _validate_cff(document)
    document["date-released"] = citation.RELEASED.isoformat()
    _validate_cff(document)
    del document["authors"]
    with pytest.raises(jsonschema.ValidationError, match="authors"):
        _validate_cff(document)


def test_pyproject_reads_the_version_from_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert tool["setuptools"]["dynamic"]["version"] == {"attr": "geo.__version__"}


def test_changelog_has_a_dated_section_for_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert sections, "no '## [x.y.z] - YYYY-MM-DD' section"
    assert sections[0] == (geo.__version__, citation.RELEASED.isoformat())


@pytest.mark.parametrize(
    ("licence", "name", "title"),
    [
        ("Public domain", "other-pd", "Public domain"),
        ("ODbL 1.0", "ODbL-1.0", citation.ODBL.title),
        ("Open Database License (ODbL) v1.0", "ODbL-1.0", citation.ODBL.title),
        ("CC BY 4.0", "CC-BY-4.0", citation.FACTS_LICENCE.title),
        ("as supplied by the user", "notspecified", "as supplied by the user"),
        ("", "notspecified", "not stated"),
    ],
)
def test_boundary_licence_comes_from_the_source(licence: str, name: str, title: str) -> None:
    found = citation.boundary_licence(replace(NATURAL_EARTH, licence=licence))
    assert (found.name, found.title) == (name, title)
    # a data package licence needs a name or a path
    assert found.as_datapackage()["name"] == name


def test_citation_line_names_version_licence_and_date() -> None:
    import datetime

    line = citation.citation(datetime.date(2026, 1, 27))
    assert geo.__version__ in line and "CC-BY-4.0" in line and "data as of 2026-01-27" in line
