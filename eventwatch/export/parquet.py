"""Parquet (through pyarrow): the flat columns, typed, plus JSON text for nested fields.

Columns: `FLAT_COLUMNS` (strings; `quad_code`, `source_count` and the counts as int64;
`lat`, `lon`, `confidence` as float64; `date`, `enddate` as date32), then `JSON_COLUMNS`:
`actor_json`, `recipient_json`, `event_loc_json`, `size_json`, `evidence_json`,
`sources_json`, each the JSON text of that field of the record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ..errors import ExportError
from .fields import FLAT_COLUMNS, Out, Record, flat_row, is_binary, is_path

INT_COLUMNS = frozenset(
    {"quad_code", "source_count"}
    | {f"{k}{s}" for k in ("dead", "injured", "arrested") for s in ("", "_low", "_high")}
)
FLOAT_COLUMNS = frozenset({"lat", "lon", "confidence"})
DATE_COLUMNS = frozenset({"date", "enddate"})
JSON_COLUMNS = ("actor_json", "recipient_json", "event_loc_json", "size_json",
                "evidence_json", "sources_json")  # fmt: skip


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ExportError("parquet", "needs pyarrow: pip install pyarrow==26.0.1") from exc
    return pyarrow, pyarrow.parquet


def schema() -> Any:
    """The Arrow schema of the export (the same whatever the records hold)."""
    pa, _ = _pyarrow()
    fields = []
    for column in FLAT_COLUMNS:
        if column in INT_COLUMNS:
            kind = pa.int64()
        elif column in FLOAT_COLUMNS:
            kind = pa.float64()
        elif column in DATE_COLUMNS:
            kind = pa.date32()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    fields += [pa.field(column, pa.string()) for column in JSON_COLUMNS]
    return pa.schema(fields)


def parquet_row(record: Record) -> dict[str, Any]:
    row = flat_row(record)
    for column in DATE_COLUMNS:
        row[column] = dt.date.fromisoformat(str(row[column])[:10]) if row[column] else None
    for column in JSON_COLUMNS:
        value = record.get(column.removesuffix("_json"))
        row[column] = None if value is None else json.dumps(value, ensure_ascii=False)
    return row


def write_parquet(records: Iterable[Record], out: Out) -> int:
    """A Parquet file (to a path or a binary file); returns the number of rows."""
    pa, pq = _pyarrow()
    if not (is_path(out) or is_binary(out)):
        raise ExportError("parquet", "Parquet is binary: give a path or a file opened with 'wb'")
    rows = [parquet_row(r) for r in records]
    table = pa.Table.from_pylist(rows, schema=schema())
    try:
        pq.write_table(table, out)
    except OSError as exc:
        raise ExportError("parquet", f"cannot write {out}: {exc}") from exc
    return len(rows)
