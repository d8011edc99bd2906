"""Build one merged PLOVER record from the single-article records of one event.

The merged record keeps every field of the output contract and adds:
 - `merged_ids`: the sorted ids of the single-article records it was built from;
 - `doc_ids`: the sorted ids of the articles that report it (`source_count` counts them);
 - `size.dead_low` / `size.dead_high` (and `injured_*`, `arrested_*`): the range of the
   counts the articles give; `size.dead` is the highest reported;
 - `sources`: one `{doc_id, title, url, source, published}` per article, when known;
 - on each entity of a many-article event, `doc_id`: the article that named it.

The main record (the one whose `text`, `event_text`, CAMEO and ACLED codes are kept) is
chosen by confidence, then by how much it says, then by id, so the result does not depend
on the order of the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .merge import cluster_id, normalise

Record = Mapping[str, Any]

COUNTS = ("dead", "injured", "arrested")
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_PLACE_RANK = {"city": 0, "region": 1, "country": 2}


def _richness(record: Record) -> tuple[Any, ...]:
    loc = record.get("event_loc") or {}
    return (
        -float(record.get("confidence") or 0.0),
        not record.get("actor"),
        record.get("date") is None,
        not loc,
        not record.get("recipient"),
        -len(record.get("evidence") or ()),
        str(record["id"]),
    )


def _entity_key(entity: Record) -> str:
    if entity.get("identifier_id"):
        return f"id:{entity['identifier_id']}"
    return normalise(str(entity.get("identifier_text") or entity.get("entity_text") or ""))


def _union_entities(members: Sequence[Record], role: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for record in members:
        for entity in record.get(role) or ():
            key = _entity_key(entity)
            if key and key not in seen:
                seen[key] = {**entity, "doc_id": record["doc_id"]}
    return list(seen.values())


def _union(members: Sequence[Record], key: str) -> list[Any]:
    return list(dict.fromkeys(v for record in members for v in record.get(key) or ()))


def _best_date(members: Sequence[Record]) -> Record:
    dated = [r for r in members if r.get("date")]
    if not dated:
        return members[0]
    return min(
        dated,
        key=lambda r: (
            _PRECISION_RANK.get(str(r.get("date_precision")), 3),
            members.index(r),
        ),
    )


def _best_place(members: Sequence[Record]) -> Any:
    placed = [r for r in members if r.get("event_loc")]
    if not placed:
        return None

    def rank(record: Record) -> tuple[Any, ...]:
        loc = record["event_loc"]
        return (
            loc.get("lat") is None,
            _PLACE_RANK.get(str(loc.get("precision")), 3),
            not loc.get("country_code"),
            members.index(record),
        )

    return min(placed, key=rank)["event_loc"]


def combine_size(members: Sequence[Record]) -> dict[str, Any]:
    """`dead` is the highest count reported, `dead_low`/`dead_high` the range; likewise."""
    size: dict[str, Any] = {}
    qualifiers: dict[str, str] = {}
    for key in COUNTS:
        reports = [
            (int(r["size"][key]), r) for r in members if (r.get("size") or {}).get(key) is not None
        ]
        if not reports:
            size[key] = size[f"{key}_low"] = size[f"{key}_high"] = None
            continue
        high, high_record = max(reports, key=lambda p: (p[0], -members.index(p[1])))
        size[key], size[f"{key}_low"], size[f"{key}_high"] = high, min(p[0] for p in reports), high
        qualifier = (high_record["size"].get("qualifiers") or {}).get(key)
        if qualifier:
            qualifiers[key] = qualifier
    if qualifiers:
        size["qualifiers"] = qualifiers
    return size


def _evidence(members: Sequence[Record]) -> list[dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    main, rest = members[0], members[1:]
    ordered = list(main.get("evidence") or ())
    others = [
        {**e, "doc_id": e.get("doc_id") or r["doc_id"]}
        for r in rest
        for e in r.get("evidence") or ()
    ]
    ordered += sorted(others, key=lambda e: (str(e["doc_id"]), e.get("start") or 0))
    for ev in ordered:
        ev = {**ev, "doc_id": ev.get("doc_id") or main["doc_id"]}
        key = (ev["doc_id"], ev.get("start"), ev.get("end"), ev.get("trigger_start"))
        out.setdefault(key, ev)
    return list(out.values())


def combine(
    records: Iterable[Record], *, sources: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """One merged PLOVER record from the records of one event (one or many articles)."""
    members = sorted(records, key=_richness)
    if not members:
        raise ValueError("combine() needs at least one record")
    main = members[0]
    dated = _best_date(members)
    doc_ids = sorted({str(r["doc_id"]) for r in members})
    status = [s for s in _union(members, "status") if s != "historical"]
    if all("historical" in (r.get("status") or ()) for r in members):
        status.append("historical")
    merged: dict[str, Any] = {
        **main,
        "id": cluster_id(str(r["id"]) for r in members),
        "doc_id": main["doc_id"],
        "mode": _union(members, "mode"),
        "context": _union(members, "context"),
        "actor": _union_entities(members, "actor"),
        "recipient": _union_entities(members, "recipient"),
        "date": dated.get("date"),
        "enddate": dated.get("enddate"),
        "date_precision": dated.get("date_precision") or "unknown",
        "date_text": dated.get("date_text"),
        "event_loc": _best_place(members),
        "size": combine_size(members),
        "status": status,
        "evidence": _evidence(members),
        "source_count": len(doc_ids),
        "confidence": max(float(r.get("confidence") or 0.0) for r in members),
        "doc_ids": doc_ids,
        "merged_ids": sorted(str(r["id"]) for r in members),
    }
    if len(members) == 1:  # keep the record as extracted: entities stay as they were
        merged["actor"], merged["recipient"] = list(main["actor"]), list(main["recipient"])
    if sources is not None:
        merged["sources"] = [
            {"doc_id": d, **{k: sources[d].get(k) for k in ("title", "url", "source", "published")}}
            for d in doc_ids
            if d in sources
        ]
    return merged
