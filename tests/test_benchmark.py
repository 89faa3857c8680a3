"""The benchmark runs in smoke mode (one preset, one repetition), so it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_prints_every_table(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--smoke",
            "--json",
            str(tmp_path / "bench.json"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    for heading in ("Page weight", "Web geometry", "Commands", "Time to draw"):
        assert f"## {heading}" in out.stdout
    assert "explore() baseline" in out.stdout
    assert "| overview" in out.stdout
    assert (tmp_path / "bench.json").stat().st_size > 100
