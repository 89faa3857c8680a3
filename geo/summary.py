"""Join measured borders with their official lengths and barriers from the seeds. No I/O."""

from __future__ import annotations

from dataclasses import dataclass

from geo.borders import Border
from geo.seeds import Barrier, OfficialLength, Seeds


@dataclass(frozen=True)
class BorderSummary:
    """A measured border beside its sourced facts, as `shieldmap borders` and layers show it."""

    border: Border
    length_km: float
    official: tuple[OfficialLength, ...]
    barriers: tuple[Barrier, ...]

    @property
    def headline_official(self) -> OfficialLength | None:
        """The national figure when there is one, else the first figure given."""
        national = [o for o in self.official if o.kind == "national"]
        chosen = national or list(self.official)
        return chosen[0] if chosen else None

    @property
    def difference_pct(self) -> float | None:
        """How far the measured length is from the headline official one, in percent."""
        official = self.headline_official
        if official is None or official.km == 0:
            return None
        return (self.length_km - official.km) / official.km * 100.0

    def barrier_summary(self, lang: str = "en") -> str:
        parts = []
        for barrier in self.barriers:
            length = f"{barrier.length_km:g} km " if barrier.length_km is not None else ""
            year = f" ({barrier.status.replace('_', ' ')}, {barrier.year})" if barrier.year else ""
            parts.append(f"{length}{barrier.name.get(lang, barrier.name['en'])}{year}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        official = self.headline_official
        diff = self.difference_pct
        return {
            "pair": self.border.pair,
            "a": self.border.a_iso3,
            "b": self.border.b_iso3,
            "region": self.border.region or None,
            "length_km": round(self.length_km, 1),
            "official_km": official.km if official else None,
            "official_kind": official.kind if official else None,
            "official_source": list(official.source) if official else [],
            "difference_pct": round(diff, 1) if diff is not None else None,
            "official": [
                {"km": o.km, "kind": o.kind, "source": list(o.source)} for o in self.official
            ],
            "barriers": [
                {
                    "name": b.name["en"],
                    "length_km": b.length_km,
                    "status": b.status,
                    "year": b.year,
                    "kind": b.kind,
                    "source": list(b.source),
                }
                for b in self.barriers
            ],
            "vertices": self.border.vertices,
        }


def summarise(borders: list[Border], seeds: Seeds) -> list[BorderSummary]:
    """Attach official lengths and barriers to each measured border."""
    summaries = []
    for border in borders:
        facts = seeds.border(border.pair)
        summaries.append(
            BorderSummary(
                border=border,
                length_km=border.length_km,
                official=facts.official if facts else (),
                barriers=facts.barriers if facts else (),
            )
        )
    return summaries
