"""WikiEvents dev articles (`shared/datasets/wikievents-dev`): attacks, deaths, injuries, arrests.

KAIROS types are mapped to PLOVER (Conflict.Attack, Life.Die, Life.Injure -> ASSAULT;
Justice.ArrestJailDetain -> COERCE; Conflict.Demonstrate -> PROTEST). A gold mention is
found when a predicted event of the mapped type has an evidence sentence covering its
trigger. For found mentions: Attacker/Killer among the actors, Victim/Target among the
recipients, Place as the event location or its site (head word contained,
case-insensitive).
Detection precision counts a record of a mapped type right when it reports a gold mention
that no earlier record reported: false events and duplicates are wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..pipeline import Pipeline
from ..types import Article, EventRecord
from . import Report

PATH = "datasets/wikievents-dev/dev.jsonl"
MAPPING = {
    "Conflict.Attack": "ASSAULT",
    "Life.Die": "ASSAULT",
    "Life.Injure": "ASSAULT",
    "Justice.ArrestJailDetain": "COERCE",
    "Conflict.Demonstrate": "PROTEST",
}
ROLES = {"Attacker": "actor", "Killer": "actor", "Victim": "recipient", "Target": "recipient",
         "Place": "place", "Jailer": "actor", "Detainee": "recipient"}  # fmt: skip


def _names(record: EventRecord, side: str) -> str:
    entities = record.actors if side == "actor" else record.recipients
    return " | ".join(
        f"{e.entity_text} {e.identifier_text or ''} {' '.join(e.aliases)}" for e in entities
    ).lower()


def _has_argument(record: EventRecord, side: str, text: str) -> bool:
    if side == "place":
        loc = record.location
        place = f"{loc.extracted_place} {loc.resolved_place or ''}" if loc else ""
        site = record.site.text if record.site else ""
        return text.lower() in f"{place} {site}".lower()
    return text.lower() in _names(record, side)


def read_docs(shared: Path) -> list[dict]:
    """The dataset's documents, as stored."""
    lines = (shared / PATH).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def to_article(doc: dict) -> Article:
    """The document as the pipeline reads it: the dataset's sentences, one per line.

    The dataset's `text` runs sentences together ("Afghanistan.They killed") and its token
    offsets drift from it; `token_offsets` places the tokens in this text instead."""
    return Article(id=doc["doc_id"], text="\n".join(s[1] for s in doc["sentences"]))


def found_records(
    mention: dict, records: tuple[EventRecord, ...], offsets: list[tuple[int, int]]
) -> list[EventRecord]:
    """The records that report a gold mention: its mapped type, evidence over its trigger."""
    event = MAPPING.get(mention["event_type"].rsplit(".", 1)[0])
    start = offsets[mention["trigger"]["start"]][0]
    return [
        r
        for r in records
        if r.event == event and any(ev.span.start <= start < ev.span.end for ev in r.evidence)
    ]


def token_offsets(doc: dict) -> list[tuple[int, int]]:
    """Token offsets in the one-sentence-per-line text built by `evaluate`."""
    out, base = [], 0
    for sentence in doc["sentences"]:
        tokens = sentence[0]
        first = tokens[0][1]
        out += [(base + t[1] - first, base + t[2] - first) for t in tokens]
        base += len(sentence[1]) + 1
    return out


def evaluate(shared: Path, pipeline: Pipeline) -> Report:
    docs = read_docs(shared)
    results = {r.article.id: r.records for r in pipeline.run(to_article(d) for d in docs)}
    report = Report("WikiEvents dev articles", len(docs))
    counts: dict[str, list[int]] = {}
    detected = [0, 0, 0, 0]  # mentions found, mentions, records right, records of those types
    for d in docs:
        offsets = token_offsets(d)
        records = results.get(d["doc_id"], ())
        right, considered = _precision(d, records, offsets)
        detected[2] += right
        detected[3] += considered
        for mention in d["event_mentions"]:
            event = MAPPING.get(mention["event_type"].rsplit(".", 1)[0])
            if event is None:
                continue
            found = found_records(mention, records, offsets)
            c = counts.setdefault(f"{event} mentions found", [0, 0])
            c[0] += bool(found)
            c[1] += 1
            detected[0] += bool(found)
            detected[1] += 1
            if not found:
                continue
            for arg in mention["arguments"]:
                side = ROLES.get(arg["role"])
                if side is None:
                    continue
                c = counts.setdefault(f"argument {arg['role']}", [0, 0])
                c[0] += any(_has_argument(r, side, arg["text"]) for r in found)
                c[1] += 1
    for name, (ok, n) in sorted(counts.items()):
        report.add(name, ok, n)
    hits, total, right, considered = detected
    report.add("detection recall (mentions found)", hits, total)
    report.add("detection precision (records, duplicates wrong)", right, considered)
    recall = hits / total if total else 0.0
    precision = right / considered if considered else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    report.add("detection F1 (x1000)", round(f1 * 1000), 1000)
    return report


def _precision(doc: dict, records, offsets) -> tuple[int, int]:
    """Records of the mapped types that report a gold mention no earlier record reported;
    a record of those types with no new gold mention (a false event or a duplicate) is wrong."""
    gold = [
        (MAPPING[m["event_type"].rsplit(".", 1)[0]], offsets[m["trigger"]["start"]][0])
        for m in doc["event_mentions"]
        if m["event_type"].rsplit(".", 1)[0] in MAPPING
    ]
    types = set(MAPPING.values())
    claimed: set[int] = set()
    right = considered = 0
    for record in records:
        if record.event not in types:
            continue
        considered += 1
        hits = {
            n
            for n, (event, start) in enumerate(gold)
            if event == record.event
            and any(ev.span.start <= start < ev.span.end for ev in record.evidence)
        }
        if hits - claimed:
            right += 1
        claimed |= hits
    return right, considered
