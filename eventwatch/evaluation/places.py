"""Place accuracy: can an analyst map the events? (issue #14) Four sources, one report.

- **table**: the team's case table (`data/places.tsv`, rules in `data/PLACES.md`): one news
  sentence a row, its place phrase and where the phrase should resolve (or that no place
  should). The location judged is the one found in the phrase, else the first resolved
  location of the sentence's records: what an analyst would see on the map.
- **GSR**: PLOVER GSR sentences with a gold `eventLoc`. The gold names the place and gives
  a country code for only 4 of them; the country of the rest was read from the sentence by
  the team (`data/gsr_places.tsv`), never from the gazetteer, which is what is measured.
- **WikiEvents**: WikiEvents dev Place arguments of the events the pipeline found (as
  `wikievents-dev` finds them). The dataset has no country or coordinates; the country and
  admin1 of each argument were read from the article by the team
  (`data/wikievents_places.tsv`), so this is accuracy against a hand reading, not agreement
  with the gazetteer.
- **gold**: the example articles' gold events with a `location`, found as the referee finds
  them (an acceptable type and a quote in an evidence sentence); country only.

Every "right" is counted over the places resolved; how many were resolved is its own line.
Run `python -m eventwatch.evaluation.places` to list the case-table rows that fail.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OntologyError
from ..pipeline import Pipeline
from ..records import to_json
from ..types import Article, EventRecord, Location
from . import Report, gold, plover_gsr, wikievents
from .geo import (
    PRECISIONS,
    WITHIN_KM,
    Check,
    Expected,
    choose_location,
    is_resolved,
    judge,
    overlaps,
)

DATA = Path(__file__).parent / "data"
CASES = DATA / "places.tsv"
GSR_COUNTRIES = DATA / "gsr_places.tsv"
WIKIEVENTS_PLACES = DATA / "wikievents_places.tsv"
COLUMNS = ("id", "category", "sentence", "phrase", "country", "admin1", "lat", "lon",
           "precision", "note")  # fmt: skip
CATEGORIES = ("town", "shared-name", "group-town", "transliteration", "site", "near", "region",
              "country", "disputed", "modifier", "nationality", "sea-border", "and")  # fmt: skip
CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class PlaceCase:
    """One row of the case table."""

    id: str
    category: str
    sentence: str
    phrase: str
    expected: Expected
    note: str = ""

    @property
    def span(self) -> tuple[int, int]:
        start = self.sentence.index(self.phrase)
        return start, start + len(self.phrase)


@dataclass(frozen=True)
class Outcome:
    """What the pipeline made of one case: its records, the location judged, the verdict."""

    case: PlaceCase
    records: int
    location: Location | None
    check: Check
    extracted: tuple[str, ...] = ()  # every record's place as found in the text, resolved or not

    @property
    def right(self) -> bool:
        if not self.case.expected.place:
            return self.location is None
        return self.check.right


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != columns:
            raise OntologyError(str(path), f"columns must be {', '.join(columns)}")
        return list(reader)


def _alternatives(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _countries(path: Path, key: str, value: str) -> tuple[str, ...]:
    codes = _alternatives(value)
    bad = [c for c in codes if not CODE.fullmatch(c)]
    if bad:
        raise OntologyError(str(path), f"{key}: {', '.join(bad)} is not an ISO alpha-3 code")
    return codes


def _coordinate(path: Path, key: str, value: str, limit: float) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise OntologyError(str(path), f"{key}: {value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise OntologyError(str(path), f"{key}: {value} is out of range")
    return number


def _case(path: Path, row: dict[str, str]) -> PlaceCase:
    key = row["id"]
    if row["category"] not in CATEGORIES:
        raise OntologyError(str(path), f"{key}: unknown category {row['category']!r}")
    if row["phrase"] not in row["sentence"]:
        raise OntologyError(str(path), f"{key}: the phrase is not in the sentence")
    precision = row["precision"]
    if precision not in PRECISIONS:
        raise OntologyError(str(path), f"{key}: precision must be one of {', '.join(PRECISIONS)}")
    expected = Expected(
        countries=_countries(path, key, row["country"]),
        admin1=_alternatives(row["admin1"]),
        lat=_coordinate(path, key, row["lat"], 90),
        lon=_coordinate(path, key, row["lon"], 180),
        precision=precision,
    )
    if expected.place and (not expected.countries or expected.lat is None or expected.lon is None):
        raise OntologyError(str(path), f"{key}: a place needs a country, lat and lon")
    if not expected.place and (expected.countries or expected.admin1 or expected.lat is not None):
        raise OntologyError(str(path), f"{key}: a row expecting no place has no expectations")
    return PlaceCase(key, row["category"], row["sentence"], row["phrase"], expected, row["note"])


def read_cases(path: Path = CASES) -> list[PlaceCase]:
    """The case table, validated: a bad row raises `OntologyError` naming it."""
    cases = [_case(path, row) for row in _rows(path, COLUMNS)]
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise OntologyError(str(path), "ids must be unique")
    return cases


def read_gsr_countries(path: Path = GSR_COUNTRIES) -> dict[tuple[str, str], Expected]:
    """(GSR id, gold place name) -> its country as read from the sentence; () where the
    gold place cannot be scored."""
    rows = _rows(path, ("id", "name", "country", "note"))
    return {
        (r["id"], r["name"]): Expected(_countries(path, r["id"], r["country"]), precision=None)
        for r in rows
    }


def read_wikievents_places(path: Path = WIKIEVENTS_PLACES) -> dict[tuple[str, str], Expected]:
    """(document id, Place argument text) -> its country and admin1 as read from the article."""
    rows = _rows(path, ("doc_id", "place", "country", "admin1", "note"))
    return {
        (r["doc_id"], r["place"]): Expected(
            _countries(path, r["doc_id"], r["country"]), _alternatives(r["admin1"]), precision=None
        )
        for r in rows
    }


class Tally:
    """Hits and totals by metric name, in the order the names first come."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, name: str, ok: bool) -> None:
        count = self.counts.setdefault(name, [0, 0])
        count[0] += int(ok)
        count[1] += 1

    def place(self, source: str, denominator: str, check: Check) -> None:
        """The lines every source reports for one expected place."""
        self.add(f"{source}: place resolved ({denominator})", check.resolved)
        for name, verdict in (
            ("right country (of resolved)", check.country),
            ("right admin1 (of resolved finer than a country)", check.admin1),
            (f"within {WITHIN_KM:.0f} km (of resolved cities)", check.within),
        ):
            if check.resolved and verdict is not None:
                self.add(f"{source}: {name}", verdict)

    def report_to(self, report: Report, notes: dict[str, str] | None = None) -> None:
        for name, (hits, total) in self.counts.items():
            report.add(name, hits, total, (notes or {}).get(name, ""))


def _locations(records: Iterable[EventRecord]) -> list[Location | None]:
    return [r.location for r in records]


def run_cases(cases: list[PlaceCase], pipeline: Pipeline) -> list[Outcome]:
    """Run each sentence alone and judge the location of its phrase."""
    articles = [Article(id=c.id, text=c.sentence) for c in cases]
    results = {r.article.id: r.records for r in pipeline.run(articles)}
    outcomes = []
    for case in cases:
        records = results.get(case.id, ())
        locations = _locations(records)
        if case.expected.place:
            location = choose_location(locations, case.phrase, case.span)
        else:
            # only a place made of the phrase is false: "French soldiers ... in Mali" has Mali
            inside = [loc for loc in locations if loc and overlaps(loc, case.phrase, case.span)]
            location = next((loc for loc in inside if is_resolved(loc)), None)
        extracted = tuple(loc.extracted_place for loc in locations if loc is not None)
        check = judge(case.expected, location)
        outcomes.append(Outcome(case, len(records), location, check, extracted))
    return outcomes


def _table(outcomes: list[Outcome], tally: Tally) -> None:
    for o in outcomes:
        if o.case.expected.place:
            tally.add("table: event record found (rows expecting a place)", o.records > 0)
            tally.place("table", "rows expecting one", o.check)
    for o in outcomes:
        if not o.case.expected.place:
            tally.add("table: false places (rows expecting none)", o.location is not None)
    for category in CATEGORIES:
        for o in outcomes:
            if o.case.category == category:
                tally.add(f"table: {category} rows right", o.right)


def _gsr(shared: Path, pipeline: Pipeline, tally: Tally) -> None:
    countries = read_gsr_countries()
    rows = plover_gsr.read_gold(shared)
    located = [
        (i, g, countries[(g["id"], g["eventLoc"]["name"])])
        for i, g in enumerate(rows)
        if isinstance(g.get("eventLoc"), dict) and g["eventLoc"].get("name")
    ]
    located = [(i, g, e) for i, g, e in located if e.countries]
    articles = [Article(id=str(i), text=g["text"]) for i, g, _ in located]
    results = {r.article.id: r.records for r in pipeline.run(articles)}
    for i, g, expected in located:
        records = results.get(str(i), ())
        event = plover_gsr.RENAMED.get(g["event"], g["event"])
        typed = [r for r in records if r.event == event]
        tally.add("GSR: event record found (sentences with a gold place)", bool(records))
        # the record of the gold type first, as plover-gsr judges it; else what else was found
        name = g["eventLoc"]["name"]
        location = choose_location(_locations(typed), name) or choose_location(
            _locations(records), name
        )
        tally.place("GSR", "sentences with a gold place", judge(expected, location))


def _wikievents(shared: Path, pipeline: Pipeline, tally: Tally) -> None:
    places = read_wikievents_places()
    docs = wikievents.read_docs(shared)
    results = {
        r.article.id: r.records for r in pipeline.run(wikievents.to_article(d) for d in docs)
    }
    for doc in docs:
        offsets = wikievents.token_offsets(doc)
        entities = {e["id"]: e for e in doc["entity_mentions"]}
        for mention in doc["event_mentions"]:
            if wikievents.MAPPING.get(mention["event_type"].rsplit(".", 1)[0]) is None:
                continue
            found = wikievents.found_records(mention, results.get(doc["doc_id"], ()), offsets)
            for arg in mention["arguments"]:
                if arg["role"] != "Place":
                    continue
                tally.add("WikiEvents: Place arguments whose event was found", bool(found))
                if not found:
                    continue
                entity = entities[arg["entity_id"]]
                span = offsets[entity["start"]][0], offsets[entity["end"] - 1][1]
                location = choose_location(_locations(found), arg["text"], span)
                expected = places[(doc["doc_id"], arg["text"])]
                tally.place("WikiEvents", "Place arguments found", judge(expected, location))


def _gold(shared: Path, pipeline: Pipeline, tally: Tally) -> None:
    scorer = gold.referee(shared)
    golds, articles = gold.read_golds(shared, sorted((shared / "gold").glob("*.json")))
    for annotation, result in zip(golds, pipeline.run(articles), strict=True):
        preds = [(to_json(r), r) for r in result.records]
        for g in annotation["events"]:
            if not g.get("location"):
                continue
            found = [
                r for p, r in preds if p.get("event") in g["event"] and scorer.quote_match(p, g)
            ]
            tally.add("gold: located gold events found", bool(found))
            if not found:
                continue
            expected = Expected(tuple(scorer.as_list(g["location"]["country"])), precision=None)
            location = choose_location(_locations(found), g["location"]["name"])
            tally.place("gold", "located gold events found", judge(expected, location))


NOTES = {"table: false places (rows expecting none)": "lower is better: must be 0"}


def evaluate(shared: Path, pipeline: Pipeline) -> Report:
    cases = read_cases()
    report = Report("places case table", len(cases))
    tally = Tally()
    _table(run_cases(cases, pipeline), tally)
    _gsr(shared, pipeline, tally)
    _wikievents(shared, pipeline, tally)
    _gold(shared, pipeline, tally)
    tally.report_to(report, NOTES)
    return report


def _wanted(expected: Expected) -> str:
    if not expected.place:
        return "no place"
    admin1 = "|".join(expected.admin1) or "-"
    return f"{'|'.join(expected.countries)} / {admin1} ({expected.precision})"


def describe(outcome: Outcome) -> str:
    """One line for a failing row: the phrase, what was expected and what was found."""
    case, loc, check = outcome.case, outcome.location, outcome.check
    want = _wanted(case.expected)
    if loc is None:
        found = ", ".join(repr(name) for name in outcome.extracted)
        got = (
            f"{found} found, not resolved" if found
            else "an event, no place found" if outcome.records
            else "no event record"
        )  # fmt: skip
    else:
        km = f", {check.distance_km:.0f} km off" if check.distance_km is not None else ""
        wrong = [n for n, v in (("country", check.country), ("admin1", check.admin1),
                                 ("distance", check.within)) if v is False]  # fmt: skip
        got = (
            f"{loc.extracted_place!r} -> {loc.resolved_place} {loc.country_code} / "
            f"{loc.admin1} ({loc.precision}{km})"
            + (f" [wrong {', '.join(wrong)}]" if wrong else "")
        )
    return f"{case.id} {case.phrase!r}: expected {want}; got {got}"


def main() -> None:
    outcomes = run_cases(read_cases(), Pipeline())
    for o in outcomes:
        if not o.right:
            print(describe(o))
    print(f"{sum(o.right for o in outcomes)} of {len(outcomes)} rows right")


if __name__ == "__main__":
    main()
