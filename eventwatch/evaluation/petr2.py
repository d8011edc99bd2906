"""PETRARCH-2 validation sentences (`shared/datasets/petr2-gsr`): CAMEO codes and actor codes.

Per gold coding: CAMEO root and exact code (does any predicted event carry it?) and the
triple (code + source + target). An actor code matches when the country part agrees and,
where the gold code has an agent part (GUY**JUD**), the predicted sector agrees too.
Precision counts predicted triples on sentences with gold events; the no-event sentences
report how many were wrongly given an event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..pipeline import Pipeline
from ..types import Article, Entity, EventRecord
from . import Report

PATH = "datasets/petr2-gsr/PETR2_GSR_validation.xml"
SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)<Text>\s*(.*?)\s*</Text>", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')
CODING = re.compile(r"<EventCoding\b([^>]*)/>")


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    published: dt.date | None
    codings: tuple[tuple[str, str, str], ...]  # (cameo, source, target)
    no_event: bool


def load(shared: Path) -> list[Item]:
    raw = (shared / PATH).read_text(encoding="utf-8")
    items = []
    for head, body, text in SENTENCE.findall(raw):
        attrs = dict(ATTR.findall(head))
        if attrs.get("evaluate", "true").lower() != "true":
            continue
        codings, no_event = [], False
        for c in CODING.findall(body):
            a = dict(ATTR.findall(c))
            if a.get("noevents", "").lower() == "true":
                no_event = True
            elif "eventcode" in a:
                codings.append((a["eventcode"], a.get("sourcecode", ""), a.get("targetcode", "")))
        date = attrs.get("date", "")
        published = dt.datetime.strptime(date, "%Y%m%d").date() if len(date) == 8 else None
        items.append(Item(attrs["id"], " ".join(text.split()), published, tuple(codings), no_event))
    return items


def actor_matches(entities: tuple[Entity, ...], gold: str) -> bool:
    if not gold:
        return True
    for e in entities:
        if e.code and e.code == gold[:3] and (len(gold) == 3 or (e.sector or "") == gold[3:6]):
            return True
    return False


def triple_matches(record: EventRecord, coding: tuple[str, str, str]) -> bool:
    code, source, target = coding
    return (
        record.cameo_code == code
        and actor_matches(record.actors, source)
        and actor_matches(record.recipients, target)
    )


def evaluate(shared: Path, pipeline: Pipeline) -> Report:
    items = load(shared)
    articles = [Article(id=i.id, text=i.text, published=i.published) for i in items]
    results = {r.article.id: r.records for r in pipeline.run(articles)}
    report = Report("PETR-2 GSR sentences", len(items))
    root = exact = triple = total = predicted = correct_preds = false_no_event = no_event = 0
    for item in items:
        records = results.get(item.id, ())
        if item.no_event:
            no_event += 1
            false_no_event += bool(records)
            continue
        for coding in item.codings:
            total += 1
            root += any((r.cameo_code or "")[:2] == coding[0][:2] for r in records)
            exact += any(r.cameo_code == coding[0] for r in records)
            triple += any(triple_matches(r, coding) for r in records)
        predicted += len(records)
        correct_preds += sum(any(triple_matches(r, c) for c in item.codings) for r in records)
    report.add("CAMEO root", root, total)
    report.add("CAMEO exact code", exact, total)
    report.add("triple recall", triple, total)
    report.add("triple precision", correct_preds, predicted)
    report.add("no-event sentences wrongly coded", false_no_event, no_event, "lower is better")
    return report
