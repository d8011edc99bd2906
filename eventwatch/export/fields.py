"""What every writer shares: where output goes, and the flat view of a merged record.

`out` is a path or an open file. Text formats accept a text or a binary file; binary
formats (Parquet) need a path or a binary file. The flat view (`FLAT_COLUMNS`) is the one
the CSV and Parquet writers use: one scalar per column, lists joined with "; ".
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from ..errors import ExportError

Out = str | os.PathLike[str] | IO[str] | IO[bytes]
Record = Mapping[str, Any]

FLAT_COLUMNS = (
    "id", "doc_id", "event", "mode", "quad_code", "date", "enddate", "date_precision",
    "actor", "actor_ids", "recipient", "recipient_ids", "place", "site", "admin1", "admin1_code",
    "admin1_iso", "admin2", "admin2_code", "country_code", "lat", "lon",
    "location_precision", "dead", "dead_low", "dead_high", "injured", "injured_low",
    "injured_high", "arrested", "arrested_low", "arrested_high", "status", "event_text",
    "text", "source_count", "doc_ids", "confidence", "cameo_code", "acled_event_type",
    "acled_sub_event_type", "coder",
)  # fmt: skip
LIST_SEPARATOR = "; "
SUBDIVISIONS = ("admin1", "admin1_code", "admin1_iso", "admin2", "admin2_code")
"""The `event_loc` fields naming the subdivisions a place is in, copied as they are."""


def is_path(out: Out) -> bool:
    return isinstance(out, str | os.PathLike)


def is_binary(out: Out) -> bool:
    """Whether an open file takes bytes."""
    if isinstance(out, io.TextIOBase):
        return False
    if isinstance(out, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(out, "mode", ""))


def _path(out: Out) -> Path:
    return Path(os.fspath(cast("str | os.PathLike[str]", out)))


@contextmanager
def text_output(out: Out, fmt: str) -> Iterator[TextIO]:
    """A text stream onto `out` (UTF-8, no newline translation); closes only what it opens."""
    if is_path(out):
        path = _path(out)
        try:
            handle = path.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise ExportError(fmt, f"cannot write {path}: {exc.strerror}") from exc
        with handle:
            yield handle
    elif is_binary(out):
        wrapper = io.TextIOWrapper(cast(BinaryIO, out), encoding="utf-8", newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()  # leave the caller's file open
    else:
        yield cast(TextIO, out)


def write_bytes(out: Out, data: bytes, fmt: str) -> None:
    """Write a finished document to a path, a binary file or a text file."""
    if is_path(out):
        path = _path(out)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise ExportError(fmt, f"cannot write {path}: {exc.strerror}") from exc
    elif is_binary(out):
        cast(BinaryIO, out).write(data)
    else:
        cast(TextIO, out).write(data.decode("utf-8"))


def name(entity: Record) -> str:
    """The display name of an entity: its canonical name, else as written."""
    return str(entity.get("identifier_text") or entity.get("entity_text") or "")


def names(entities: Sequence[Record] | None) -> list[str]:
    return list(dict.fromkeys(n for n in (name(e) for e in entities or ()) if n))


def joined(values: Sequence[Any] | None) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values or () if v not in (None, ""))


def location(record: Record) -> dict[str, Any]:
    return dict(record.get("event_loc") or {})


def place_name(record: Record) -> str | None:
    loc = location(record)
    return loc.get("resolved_place") or loc.get("extracted_place")


def site_text(record: Record) -> str | None:
    """Where, finer than the place, as written ("a checkpoint"), or None."""
    return (record.get("site") or {}).get("text")


def size_of(record: Record, key: str) -> Any:
    """A count of `size`; a range end missing from an unmerged record is its one count."""
    size = record.get("size") or {}
    if key in size:
        return size[key]
    return size.get(key.removesuffix("_low").removesuffix("_high"))


def doc_ids(record: Record) -> list[str]:
    ids = record.get("doc_ids") or [e.get("doc_id") for e in record.get("evidence") or ()]
    return sorted(
        {str(i) for i in ids if i} | ({str(record["doc_id"])} if record.get("doc_id") else set())
    )


def flat_row(record: Record) -> dict[str, Any]:
    """The record as one scalar per `FLAT_COLUMNS` entry (lists joined, None kept)."""
    loc = location(record)
    return {
        "id": record.get("id"),
        "doc_id": record.get("doc_id"),
        "event": record.get("event"),
        "mode": joined(record.get("mode")),
        "quad_code": record.get("quad_code"),
        "date": record.get("date"),
        "enddate": record.get("enddate"),
        "date_precision": record.get("date_precision"),
        "actor": joined(names(record.get("actor"))),
        "actor_ids": joined([e.get("identifier_id") for e in record.get("actor") or ()]),
        "recipient": joined(names(record.get("recipient"))),
        "recipient_ids": joined([e.get("identifier_id") for e in record.get("recipient") or ()]),
        "place": place_name(record),
        "site": site_text(record),
        **{key: loc.get(key) for key in SUBDIVISIONS},
        "country_code": loc.get("country_code"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "location_precision": loc.get("precision"),
        **{
            f"{key}{suffix}": size_of(record, f"{key}{suffix}")
            for key in ("dead", "injured", "arrested")
            for suffix in ("", "_low", "_high")
        },
        "status": joined(record.get("status")),
        "event_text": record.get("event_text"),
        "text": record.get("text"),
        "source_count": record.get("source_count"),
        "doc_ids": joined(doc_ids(record)),
        "confidence": record.get("confidence"),
        "cameo_code": record.get("cameo_code"),
        "acled_event_type": record.get("acled_event_type"),
        "acled_sub_event_type": record.get("acled_sub_event_type"),
        "coder": record.get("coder"),
    }
