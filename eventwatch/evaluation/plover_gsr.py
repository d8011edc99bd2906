"""PLOVER gold-standard sentences (`shared/datasets/plover-gsr`): type, mode, actors, place, size.

Old PLOVER names are mapped to the current manual (DEMAND->REQUEST, DISAPPROVE and
INVESTIGATE->ACCUSE, FIGHT->ASSAULT). Field accuracies are computed over the sentences
where a predicted event has the gold type, using the best-matching such prediction.
Precision counts one right record per sentence: every other record is wrong, duplicates
of the gold event included (as the referee, shared/tools/score.py, counts them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..pipeline import Pipeline
from ..types import Article, Entity, EventRecord
from . import Report

PATH = "datasets/plover-gsr/PLOVER_GSR_CAMEO.txt"
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _entities(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    return [v for v in value or [] if isinstance(v, dict)]


def _codes(entities: tuple[Entity, ...]) -> set[str]:
    return {e.code for e in entities if e.code}


def _sectors(entities: tuple[Entity, ...]) -> set[str]:
    return {e.sector for e in entities if e.sector}


def _count(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _place_country(name: str) -> str | None:
    """The gold place's country through the gazetteer, when place resolution is installed."""
    try:
        from ..places import load_gazetteer
    except ImportError:
        return None
    match = load_gazetteer().resolve(name)
    return match.country_code if match else None


def _alpha3(alpha2: str) -> str | None:
    try:
        import pycountry
    except ImportError:
        return None
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None


def _fields(g: dict, record: EventRecord) -> list[tuple[str, bool]]:
    """The field checks of one prediction against its gold sentence."""
    out: list[tuple[str, bool]] = []
    if g.get("mode"):
        out.append(("mode", g["mode"] in record.modes))
    for label, role in (("actor", record.actors), ("recipient", record.recipients)):
        for ent in _entities(g.get("source" if label == "actor" else "target")):
            if ent.get("code"):
                out.append((f"{label} country code", ent["code"] in _codes(role)))
            if ent.get("sector") and ent["sector"] != "***":
                # "REBsna", "CVLalb": the PLOVER sector is the first three letters; the
                # rest notes an ethnic or religious group
                out.append((f"{label} sector", ent["sector"][:3] in _sectors(role)))
    loc = g.get("eventLoc")
    if isinstance(loc, dict) and loc.get("name"):
        predicted = record.location
        name = (predicted.extracted_place if predicted else "") or ""
        out.append(("location name", name.lower() == loc["name"].lower()))
        country = _alpha3(loc["country code"]) if loc.get("country code") else None
        country = country or _place_country(loc["name"])
        if country:
            out.append(
                ("location country", (predicted.country_code if predicted else None) == country)
            )
    for field in ("dead", "injured"):
        value = _count(g.get(field))
        if value is not None:
            count = getattr(record.size, field)
            out.append((field, count is not None and count.value == value))
    return out


def read_gold(shared: Path) -> list[dict]:
    """The gold sentences (the file's DOCUMENT entries are not events)."""
    rows = json.loads((shared / PATH).read_text(encoding="utf-8"))
    return [r for r in rows if r["event"] != "DOCUMENT"]


def evaluate(shared: Path, pipeline: Pipeline) -> Report:
    gold = read_gold(shared)
    # the sentences are undated: no publication date, so no leader is judged out of office
    # keyed by position: one id (COERCE-0004) is used for two different sentences
    articles = [Article(id=str(i), text=r["text"]) for i, r in enumerate(gold)]
    results = {int(res.article.id): res.records for res in pipeline.run(articles)}
    report = Report("PLOVER GSR sentences", len(gold))
    counts: dict[str, list[int]] = {}

    def tally(name: str, ok: bool) -> None:
        c = counts.setdefault(name, [0, 0])
        c[0] += int(ok)
        c[1] += 1

    predicted = typed = 0
    for i, g in enumerate(gold):
        event = RENAMED.get(g["event"], g["event"])
        records = results.get(i, ())
        predicted += len(records)
        same = [r for r in records if r.event == event]
        typed += bool(same)  # one gold event a sentence: another record of it is a duplicate
        tally("event type recall", bool(same))
        if not same:
            continue
        # as the referee (shared/tools/score.py) does: the prediction with the most fields right
        best = max((_fields(g, r) for r in same), key=lambda f: sum(ok for _, ok in f))
        for name, right in best:
            tally(name, right)
    for name, (ok, n) in counts.items():
        report.add(name, ok, n)
    report.add("event type precision", typed, predicted)
    return report
