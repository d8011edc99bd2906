"""Cross-article merging: reports of the same real event in different articles become one.

Two records (each from one article, as `extract` gives them) report the same event when

 1. they come from different articles and have the same PLOVER `event` type;
 2. nothing contradicts them:
    - dates: when both are known, the gap between the two date ranges is at most
      `date_window_days` (a range wider than `max_date_range_days`, "in 2014", can
      contradict a date outside it but never counts as a known date for a match);
    - places: the same `country_code` when both are known, and no more than `max_km`
      apart when both have coordinates (`max_region_km` when one is a region; a
      country-level point is not compared by distance);
    - actors: when both sides name someone, they share an entity: the same
      `identifier_id` (when both have one, it decides), or one side's canonical name
      (`identifier_text`) is among the other's names (`identifier_text`, `entity_text`,
      `aliases`), compared case-, accent- and punctuation-folded;
    - recipients: the same test; different recipients named on both sides are different
      events;
 3. and something ties them:
    - known, compatible dates and a shared named actor; or
    - known, compatible dates and the same place (within the distance, or the same place
      name) when one side names no actor ("gunmen" and "attackers" are not names); or
    - an unknown date on either side only when everything else matches: a shared named
      actor, a shared recipient (or none on both sides), the same place (or none on both
      sides), and both articles published at most `date_window_days` apart.

Grouping is complete-linkage: a report joins a group only when it is compatible with
every member, and a group holds at most one report per article (merging inside one
article is the extractor's job). Candidate pairs are taken strongest first (score, then
ids), so the groups depend only on the set of records, never on the order they arrived:
ingesting A, B, C or C, A, B gives the same groups, and group ids come from the sorted
member ids (`cluster_id`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

Record = Mapping[str, Any]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ARTICLES = frozenset({"the", "a", "an"})
_STRIP = string.punctuation + "’‘“”"


@dataclass(frozen=True)
class MergeSettings:
    """Thresholds of the merge rule (see the module docstring)."""

    date_window_days: int = 2
    max_km: float = 50.0
    max_region_km: float = 250.0
    max_date_range_days: int = 31  # a wider range ("in 2014") counts as an unknown date
    # regrouping after a change follows chains of matching reports this far (days) from
    # the changed ones: a group spans a few days, so a dense store (the same actor in the
    # same country every day) never makes one change revisit years of events
    regroup_days: int = 14


class Level(Enum):
    """How two sides of a comparison relate."""

    SAME = "same"
    CONTRADICT = "contradict"
    UNKNOWN = "unknown"  # one side says nothing, or they cannot be compared


@dataclass(frozen=True)
class Name:
    """One entity as merging sees it."""

    canonical: str
    names: frozenset[str]
    identifier_id: str | None
    named: bool  # a proper name, not a description like "gunmen" or "49 people"


@dataclass(frozen=True)
class Report:
    """One article's record of an event, reduced to what the merge rule compares."""

    id: str
    doc_id: str
    event: str
    start: dt.date | None
    end: dt.date | None
    published: dt.date | None
    country: str | None
    point: tuple[float, float] | None  # (lat, lon)
    precision: str | None
    place: str | None
    actors: tuple[Name, ...]
    recipients: tuple[Name, ...]

    @property
    def has_place(self) -> bool:
        return bool(self.place or self.country or self.point)


@dataclass(frozen=True)
class Verdict:
    """Whether two reports are the same event, how strongly, and why."""

    same: bool
    score: int
    reason: str


@lru_cache(maxsize=65_536)  # the same names recur across thousands of stored events
def normalise(name: str) -> str:
    """Fold case, accents, possessives and punctuation: "The al-Shabaab's" -> "al shabaab"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’]s\b", "", text)
    words = _NON_WORD.sub(" ", text).split()
    if words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _is_named(entity: Record, sentence_starts: frozenset[int]) -> bool:
    if entity.get("identifier_id") or entity.get("code") or entity.get("aliases"):
        return True
    words = str(entity.get("identifier_text") or entity.get("entity_text") or "").split()
    initial = entity.get("start") in sentence_starts
    for i, word in enumerate(words):
        letters = word.strip(_STRIP)
        if any(c.isupper() for c in letters[1:]):
            return True  # ISIS, al-Shabaab, McCain
        if letters[:1].isupper() and (i > 0 or not initial):
            return True  # a capital that is not just the start of the sentence
    return False


def name_of(entity: Record, sentence_starts: frozenset[int] = frozenset()) -> Name:
    """The comparable form of one entity object of a record."""
    canonical = normalise(str(entity.get("identifier_text") or entity.get("entity_text") or ""))
    raw = [entity.get("identifier_text"), entity.get("entity_text"), *entity.get("aliases", ())]
    names = frozenset(n for n in (normalise(str(r)) for r in raw if r) if n)
    ident = entity.get("identifier_id")
    return Name(canonical, names, str(ident) if ident else None, _is_named(entity, sentence_starts))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def report_of(record: Record, published: dt.date | str | None = None) -> Report:
    """The comparable form of a record; `published` is its article's publication date."""
    starts = {int(e["start"]) for e in record.get("evidence", ()) if e.get("start") is not None}
    info = record.get("text_info") or {}
    if info.get("start") is not None:
        starts.add(int(info["start"]))
    sentence_starts = frozenset(starts)
    loc = record.get("event_loc") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    point = (float(lat), float(lon)) if lat is not None and lon is not None else None
    place = loc.get("resolved_place") or loc.get("extracted_place")
    return Report(
        id=str(record["id"]),
        doc_id=str(record["doc_id"]),
        event=str(record["event"]),
        start=_date(record.get("date")),
        end=_date(record.get("enddate")) or _date(record.get("date")),
        published=_date(published),
        country=loc.get("country_code") or None,
        point=point,
        precision=loc.get("precision"),
        place=normalise(place) if place else None,
        actors=tuple(name_of(e, sentence_starts) for e in record.get("actor", ())),
        recipients=tuple(name_of(e, sentence_starts) for e in record.get("recipient", ())),
    )


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def compare_dates(a: Report, b: Report, settings: MergeSettings) -> tuple[Level, int]:
    """SAME (within the window), CONTRADICT, or UNKNOWN; with the gap in days.

    A wide range ("in 2014") still contradicts a date outside it, but never makes a match.
    """
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return Level.UNKNOWN, 0
    gap = max(0, (a.start - b.end).days, (b.start - a.end).days)
    if gap > settings.date_window_days:
        return Level.CONTRADICT, gap
    if clear_date(a, settings) and clear_date(b, settings):
        return Level.SAME, gap
    return Level.UNKNOWN, gap


def clear_date(r: Report, settings: MergeSettings) -> bool:
    """A date the rule can match on: known, and no wider than `max_date_range_days`."""
    if r.start is None or r.end is None:
        return False
    return (r.end - r.start).days + 1 <= settings.max_date_range_days


def compare_places(a: Report, b: Report, settings: MergeSettings) -> tuple[Level, str]:
    """SAME place, CONTRADICT (other country, too far), or UNKNOWN; with the reason."""
    if not (a.has_place and b.has_place):
        return Level.UNKNOWN, "no place on one side"
    if a.country and b.country and a.country != b.country:
        return (
            Level.CONTRADICT,
            f"different countries ({', '.join(sorted((a.country, b.country)))})",
        )
    if a.point and b.point and "country" not in (a.precision, b.precision):
        limit = settings.max_km
        if "region" in (a.precision, b.precision):
            limit = settings.max_region_km
        km = km_between(*a.point, *b.point)
        if km > limit:
            return Level.CONTRADICT, f"{km:.0f} km apart (> {limit:g})"
        return Level.SAME, f"{km:.0f} km apart"
    if a.place and a.place == b.place:
        return Level.SAME, f"same place ({a.place})"
    return Level.UNKNOWN, "places not comparable"


def _same_entity(x: Name, y: Name) -> bool:
    if x.identifier_id and y.identifier_id:
        return x.identifier_id == y.identifier_id
    return (
        bool(x.canonical) and x.canonical in y.names or bool(y.canonical) and y.canonical in x.names
    )


def _share_any(a: Sequence[Name], b: Sequence[Name]) -> bool:
    return any(_same_entity(x, y) for x in a for y in b)


def compare_sides(a: Sequence[Name], b: Sequence[Name]) -> Level:
    """SAME when both name someone and share an entity, CONTRADICT when they share none."""
    named_a = [n for n in a if n.named]
    named_b = [n for n in b if n.named]
    if not (named_a and named_b):
        return Level.UNKNOWN
    if _share_any(named_a, named_b):
        return Level.SAME
    return Level.CONTRADICT


def compare(a: Report, b: Report, settings: MergeSettings | None = None) -> Verdict:
    """Whether two reports are the same event under the rule of the module docstring."""
    settings = settings or MergeSettings()
    if a.doc_id == b.doc_id:
        return Verdict(False, 0, "same article")
    if a.event != b.event:
        return Verdict(False, 0, f"different event types ({', '.join(sorted((a.event, b.event)))})")
    dates, gap = compare_dates(a, b, settings)
    if dates is Level.CONTRADICT:
        return Verdict(False, 0, f"dates {gap} days apart")
    place, place_reason = compare_places(a, b, settings)
    if place is Level.CONTRADICT:
        return Verdict(False, 0, place_reason)
    actors = compare_sides(a.actors, b.actors)
    if actors is Level.CONTRADICT:
        return Verdict(False, 0, "different actors named")
    recipients = compare_sides(a.recipients, b.recipients)
    if recipients is Level.CONTRADICT:
        return Verdict(False, 0, "different recipients named")
    score = (
        4 * (actors is Level.SAME)
        + 2 * (place is Level.SAME)
        + (recipients is Level.SAME)
        + (dates is Level.SAME) * (settings.date_window_days + 1 - gap)
    )
    if dates is Level.SAME:
        if actors is Level.SAME:
            return Verdict(True, score, f"shared actor, dates {gap} days apart")
        if place is Level.SAME:
            return Verdict(True, score, f"{place_reason}, dates {gap} days apart, actor unnamed")
        return Verdict(False, 0, "an actor is unnamed and the place does not match")
    if a.published is None or b.published is None:
        return Verdict(False, 0, "unknown date and unknown publication date")
    published_gap = abs((a.published - b.published).days)
    if published_gap > settings.date_window_days:
        return Verdict(False, 0, f"unknown date, articles published {published_gap} days apart")
    if actors is not Level.SAME:
        return Verdict(False, 0, "unknown date and no shared named actor")
    if (a.recipients or b.recipients) and not _share_any(a.recipients, b.recipients):
        return Verdict(False, 0, "unknown date and the recipients differ")
    if place is not Level.SAME and (a.has_place or b.has_place):
        return Verdict(False, 0, "unknown date and the place does not match")
    return Verdict(True, score, "unknown date, everything else matches")


def cluster_id(member_ids: Iterable[str]) -> str:
    """The id of a merged event: its only member's id, else a hash of the sorted ids."""
    ids = sorted(set(member_ids))
    if len(ids) == 1:
        return ids[0]
    return hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]


def _nearby_pairs(reports: list[Report], window: int) -> set[tuple[str, str]]:
    """The pairs (lower id first) of one type whose dates or publication dates are near.

    These are the only pairs the rule can merge (a report with neither date nor
    publication date merges with none); a sweep over sorted spans finds them without
    comparing all pairs.
    """
    pairs: set[tuple[str, str]] = set()
    gap = dt.timedelta(days=window)
    by_type: dict[str, list[Report]] = {}
    for r in reports:
        by_type.setdefault(r.event, []).append(r)
    for same_type in by_type.values():
        dated = sorted(
            [(r.start, r.end, r.id) for r in same_type if r.start and r.end]
            + [(r.published, r.published, r.id) for r in same_type if r.published]
        )
        for i, (_, end, x) in enumerate(dated):
            for start, _, y in dated[i + 1 :]:
                if start > end + gap:
                    break
                if x != y:
                    pairs.add((min(x, y), max(x, y)))
    return pairs


def cluster_reports(
    reports: Iterable[Report],
    settings: MergeSettings | None = None,
    verdicts: Mapping[tuple[str, str], Verdict] | None = None,
) -> list[tuple[str, ...]]:
    """Group reports into events (complete-linkage, strongest pairs first); sorted id tuples.

    `verdicts` may hold comparisons already made, keyed by (lower id, higher id).
    """
    settings = settings or MergeSettings()
    verdicts = verdicts or {}
    by_id = {r.id: r for r in reports}
    ids = sorted(by_id)
    pairs: list[tuple[int, str, str]] = []
    for x, y in sorted(_nearby_pairs(list(by_id.values()), settings.date_window_days)):
        verdict = verdicts.get((x, y)) or compare(by_id[x], by_id[y], settings)
        if verdict.same:
            pairs.append((verdict.score, x, y))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    linked = {(x, y) for _, x, y in pairs}
    group = {i: frozenset([i]) for i in ids}
    for _, x, y in pairs:
        gx, gy = group[x], group[y]
        if gx == gy:
            continue
        if {by_id[m].doc_id for m in gx} & {by_id[m].doc_id for m in gy}:
            continue
        if all((min(m, n), max(m, n)) in linked for m in gx for n in gy):
            joined = gx | gy
            for m in joined:
                group[m] = joined
    return sorted({tuple(sorted(g)) for g in group.values()})


def merge_all(
    records: Iterable[Record],
    *,
    published: Mapping[str, dt.date | str | None] | None = None,
    sources: Mapping[str, Mapping[str, Any]] | None = None,
    settings: MergeSettings | None = None,
) -> list[dict[str, Any]]:
    """Merge the records of many articles in memory; `published` maps doc_id -> date."""
    from .combine import combine

    published = published or {}
    by_id = {str(r["id"]): r for r in records}
    reports = [report_of(r, published.get(str(r["doc_id"]))) for r in by_id.values()]
    groups = cluster_reports(reports, settings)
    return [combine([by_id[i] for i in g], sources=sources) for g in groups]
