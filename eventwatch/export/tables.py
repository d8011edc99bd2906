"""Line- and row-based writers: PLOVER JSON Lines and a flat CSV of the main fields."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable

from .fields import FLAT_COLUMNS, Out, Record, flat_row, text_output


def write_plover(records: Iterable[Record], out: Out) -> int:
    """One PLOVER JSON object per line, as stored (merged fields included); the count."""
    n = 0
    with text_output(out, "plover") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
            n += 1
    return n


def write_csv(records: Iterable[Record], out: Out) -> int:
    """A CSV with a header of `FLAT_COLUMNS`, one row per event; lists joined with "; "."""
    return write_rows(records, out, "csv", FLAT_COLUMNS, flat_row)


def write_rows(
    records: Iterable[Record],
    out: Out,
    fmt: str,
    columns: list[str] | tuple[str, ...],
    row: Callable[[Record], dict],
) -> int:
    """A CSV with a header of `columns` and `row(record)` per event; returns the count."""
    n = 0
    with text_output(out, fmt) as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(row(record))
            n += 1
    return n
