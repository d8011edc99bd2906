"""PETRARCH-2 validation sentences (`shared/datasets/petr2-gsr`): CAMEO codes and actor codes.

Per gold coding: CAMEO root and exact code (does any predicted event carry it?) and the
triple (code + source + target). An actor code matches when the country part agrees ("---"
is any) and, where the gold code has a sector among its agent parts (GUY**JUD**,
PSEGZA**CVL**), the predicted sector agrees too; regions and religions (GZA, MUS) are not
sectors.
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


# CAMEO agent codes that are sectors; the others after the country are regions ("GZA"),
# religions ("MUS"), ethnic groups or organisations ("EEC") and say nothing of the sector
SECTORS = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "SPY", "UAF", "CVL", "BUS", "MED",
           "EDU", "REF", "LAB", "AGR", "CRM", "ELI", "PTY", "JRN", "REL"}  # fmt: skip
CAMEO_SECTORS = {"PPL": "CVL", "IMG": "REB", "INS": "REB", "SEP": "REB"}


def _gold_actor(gold: str) -> tuple[str | None, str | None]:
    """'PSEGZACVL' -> ('PSE', 'CVL'); '---REB' -> (None, 'REB'); 'IRQMUS' -> ('IRQ', None)."""
    country = None if gold[:3] == "---" else gold[:3]
    parts = [CAMEO_SECTORS.get(gold[i : i + 3], gold[i : i + 3]) for i in range(3, len(gold), 3)]
    return country, next((p for p in parts if p in SECTORS), None)


def actor_matches(entities: tuple[Entity, ...], gold: str) -> bool:
    if not gold or gold == "---":
        return True
    country, sector = _gold_actor(gold)
    return any(
        (country is None or e.code == country) and (sector is None or e.sector == sector)
        for e in entities
    )


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
    fields: dict[str, list[int]] = {}

    def tally(name: str, ok: bool) -> None:
        c = fields.setdefault(name, [0, 0])
        c[0] += int(ok)
        c[1] += 1

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
            same = [r for r in records if (r.cameo_code or "")[:2] == coding[0][:2]]
            if same:  # participants, on the events of the right CAMEO root
                best = max(same, key=lambda r: (bool(r.actors), bool(r.recipients)))
                for label, gold, role in (
                    ("actor", coding[1], best.actors),
                    ("recipient", coding[2], best.recipients),
                ):
                    country, sector = _gold_actor(gold) if gold else (None, None)
                    if country:
                        tally(f"{label} country code", any(e.code == country for e in role))
                    if sector:
                        tally(f"{label} sector", any(e.sector == sector for e in role))
        predicted += len(records)
        correct_preds += sum(any(triple_matches(r, c) for c in item.codings) for r in records)
    report.add("CAMEO root", root, total)
    report.add("CAMEO exact code", exact, total)
    report.add("triple recall", triple, total)
    report.add("triple precision", correct_preds, predicted)
    for name in (
        "actor country code",
        "actor sector",
        "recipient country code",
        "recipient sector",
    ):
        if name in fields:
            report.add(name, fields[name][0], fields[name][1])
    report.add("no-event sentences wrongly coded", false_no_event, no_event, "lower is better")
    return report
