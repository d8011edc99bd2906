"""Evaluation against the team's gold data (`../shared`): one module per dataset.

Each `evaluate(shared, pipeline)` reads its dataset, runs the pipeline over the texts and
returns a `Report`: named metrics with the counts behind them. `eventwatch evaluate`
prints them as one table; the README records that table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline import Pipeline


@dataclass
class Metric:
    name: str
    hits: int
    total: int
    note: str = ""

    @property
    def value(self) -> float | None:
        return round(self.hits / self.total, 3) if self.total else None


@dataclass
class Report:
    dataset: str
    items: int
    metrics: list[Metric] = field(default_factory=list)

    def add(self, name: str, hits: int, total: int, note: str = "") -> None:
        self.metrics.append(Metric(name, hits, total, note))


def datasets() -> dict[str, Callable[[Path, Pipeline], Report]]:
    from . import coder, gold, petr2, places, plover_gsr, plv, wikievents

    return {
        "learned-coder": coder.evaluate,
        "gold": gold.evaluate,
        "plv-test": plv.evaluate,
        "plover-gsr": plover_gsr.evaluate,
        "petr2-gsr": petr2.evaluate,
        "wikievents-dev": wikievents.evaluate,
        "places": places.evaluate,
    }
