"""Turn articles and records into table rows, checking what the store relies on.

Pure functions: no database here. `content_hash` is what makes ingestion idempotent: the
same article (same id, same content) is stored once; a changed one replaces its events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ..errors import StoreError
from ..types import Article

ArticleLike = Mapping[str, Any] | Article
CONTENT_FIELDS = ("text", "title", "published", "url", "source")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no insignificant spaces: equal values, equal strings."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def published_iso(value: Any) -> str | None:
    """A publication date as "YYYY-MM-DD": from a date, a datetime or an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise ValueError(f"published must be a date or 'YYYY-MM-DD...', not {value!r}")


def article_fields(article: ArticleLike, path: str = "store") -> dict[str, Any]:
    """The stored fields of an article (a dict or an `Article`), validated."""
    data: Mapping[str, Any]
    data = dataclasses.asdict(article) if isinstance(article, Article) else article
    article_id = data.get("id")
    if not isinstance(article_id, str) or not article_id:
        raise StoreError(path, f"article has no string 'id': {str(article_id)[:80]!r}")
    if not isinstance(data.get("text"), str):
        raise StoreError(path, f"article {article_id!r} has no string 'text'")
    try:
        published = published_iso(data.get("published"))
    except ValueError as exc:
        raise StoreError(path, f"article {article_id!r}: {exc}") from exc
    fields = {
        "id": article_id,
        "title": data.get("title"),
        "url": data.get("url"),
        "source": data.get("source"),
        "published": published,
        "origin": data.get("origin"),
        "text": data["text"],
    }
    fields["content_hash"] = content_hash(fields)
    return fields


def content_hash(article: ArticleLike) -> str:
    """A hash of the article's content (text, title, published, url, source), not its origin."""
    data = dataclasses.asdict(article) if isinstance(article, Article) else article
    content = {k: data.get(k) for k in CONTENT_FIELDS}
    content["published"] = published_iso(content["published"])
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()[:32]


def check_records(records: Any, article_id: str, path: str) -> list[dict[str, Any]]:
    """The records of one article as dicts; raise `StoreError` on any it cannot store."""
    if isinstance(records, (Mapping, str)):
        raise StoreError(path, f"article {article_id!r}: records must be a list of dicts")
    out = []
    for n, record in enumerate(records):
        where = f"article {article_id!r}, record {n}"
        if not isinstance(record, Mapping):
            raise StoreError(path, f"{where}: not a JSON object")
        for key in ("id", "event"):
            if not isinstance(record.get(key), str) or not record[key]:
                raise StoreError(path, f"{where}: no string {key!r}")
        if record.get("doc_id", article_id) != article_id:
            raise StoreError(path, f"{where}: doc_id {record['doc_id']!r} is not the article's id")
        evidence = record.get("evidence") or []
        if not all(isinstance(e, Mapping) and isinstance(e.get("text"), str) for e in evidence):
            raise StoreError(path, f"{where}: every evidence entry needs a 'text'")
        out.append({**record, "doc_id": article_id})
    return out


def event_row(record: Mapping[str, Any]) -> tuple[Any, ...]:
    """The `events` row: indexed columns plus the canonical JSON of the whole record."""
    loc = record.get("event_loc") or {}
    size = record.get("size") or {}
    return (
        record["id"],
        record["doc_id"],
        record["event"],
        record.get("quad_code"),
        record.get("date"),
        record.get("enddate") or record.get("date"),
        record.get("date_precision"),
        loc.get("country_code"),
        loc.get("lat"),
        loc.get("lon"),
        size.get("dead"),
        size.get("injured"),
        size.get("arrested"),
        record.get("confidence"),
        canonical_json(record),
    )


def actor_rows(record: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for role, key in (("actor", "actor"), ("recipient", "recipient")):
        for position, entity in enumerate(record.get(key) or ()):
            rows.append(
                (
                    record["id"],
                    role,
                    position,
                    entity.get("entity_text"),
                    entity.get("identifier_text"),
                    entity.get("identifier_id"),
                    entity.get("code"),
                    entity.get("sector"),
                )
            )
    return rows


def place_row(record: Mapping[str, Any]) -> tuple[Any, ...] | None:
    loc = record.get("event_loc")
    if not loc:
        return None
    keys = ("extracted_place", "resolved_place", "geonameid", "admin1", "country_code")
    return (
        record["id"],
        *(loc.get(k) for k in keys),
        loc.get("precision"),
        loc.get("lat"),
        loc.get("lon"),
    )


def evidence_rows(record: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            record["id"],
            position,
            ev.get("doc_id") or record["doc_id"],
            ev.get("start"),
            ev.get("end"),
            ev["text"],
            ev.get("event_text"),
            ev.get("trigger_start"),
            ev.get("trigger_end"),
        )
        for position, ev in enumerate(record.get("evidence") or ())
    ]


def cluster_row(merged: Mapping[str, Any]) -> tuple[Any, ...]:
    loc = merged.get("event_loc") or {}
    return (
        merged["id"],
        merged["event"],
        merged.get("date"),
        merged.get("enddate") or merged.get("date"),
        loc.get("country_code"),
        loc.get("lat"),
        loc.get("lon"),
        (merged.get("size") or {}).get("dead"),
        merged.get("confidence"),
        merged["source_count"],
        canonical_json(merged),
    )
