"""Exports: merged PLOVER records to files other tools read.

>>> from eventwatch.export import export, FORMATS
>>> export(store.iter_events(), "acled", "events.csv")    # doctest: +SKIP

Each writer takes an iterable of PLOVER dicts (merged by the store, or straight from
`extract`) and a path or open file, and returns how many records it wrote. `FORMATS`
maps a format name to its writer; `export` dispatches and raises `ExportError` for an
unknown name. Formats that cannot hold every record (`acled`: ACLED rows need a type, a
date and a place; `geojson`: a point needs coordinates) leave some out; `export(...,
dropped=[])` collects one `Dropped` per record left out, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import ExportError
from ..types import Dropped
from .acled import ACLED_COLUMNS, acled_problem, acled_row, write_acled
from .fields import FLAT_COLUMNS, Out, Record, flat_row
from .gdelt import GDELT_COLUMNS, gdelt_row, write_gdelt
from .geojson import feature, write_geojson
from .graph import build_graph, write_gexf, write_graphml
from .parquet import JSON_COLUMNS, write_parquet
from .tables import write_csv, write_plover
from .vocab import acled_vocabulary, goldstein

Writer = Callable[..., int]  # (records, out) -> count; SKIPPING ones also take dropped=

FORMATS: dict[str, Writer] = {
    "plover": write_plover,
    "acled": write_acled,
    "gdelt": write_gdelt,
    "geojson": write_geojson,
    "gexf": write_gexf,
    "graphml": write_graphml,
    "parquet": write_parquet,
    "csv": write_csv,
}
SKIPPING = frozenset({"acled", "geojson"})
SUFFIXES = {
    "plover": ".jsonl",
    "acled": ".csv",
    "gdelt": ".tsv",
    "geojson": ".geojson",
    "gexf": ".gexf",
    "graphml": ".graphml",
    "parquet": ".parquet",
    "csv": ".csv",
}


def export(
    records: Iterable[Record], fmt: str, out: Out, *, dropped: list[Dropped] | None = None
) -> int:
    """Write `records` in format `fmt` (a key of `FORMATS`) to `out`; the number written.

    Records the format cannot hold are appended to `dropped` (when given) with the reason.
    """
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ExportError(fmt, f"unknown export format; choose one of {', '.join(FORMATS)}")
    if fmt in SKIPPING:
        return writer(records, out, dropped=dropped)
    return writer(records, out)


__all__ = [
    "ACLED_COLUMNS",
    "FLAT_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "JSON_COLUMNS",
    "SKIPPING",
    "SUFFIXES",
    "Out",
    "Writer",
    "acled_problem",
    "acled_row",
    "acled_vocabulary",
    "build_graph",
    "export",
    "feature",
    "flat_row",
    "gdelt_row",
    "goldstein",
    "write_acled",
    "write_csv",
    "write_gdelt",
    "write_geojson",
    "write_gexf",
    "write_graphml",
    "write_parquet",
    "write_plover",
]
