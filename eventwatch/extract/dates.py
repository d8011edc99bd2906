"""When: pick the date expression that belongs to a trigger and turn it into a range.

Candidates are the model's DATE entities that look like calendar references (a year,
a month, a weekday, yesterday, last week ...); durations and ages ("three years",
"recent years") are ignored. The one closest to the trigger in the dependency tree
wins. Relative expressions resolve against the publication date, preferring the past;
without a publication date only absolute ones (with a year) are resolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from ..types import UNKNOWN_DATE, Document, EventDate, NamedEntity, Precision

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
CALENDAR = re.compile(
    rf"\b(\d{{4}}|{MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|{WEEKDAYS}|"
    r"today|yesterday|tonight|last (week|month|year)|this (week|month|year)|earlier this)\b",
    re.I,
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DURATION = re.compile(r"\b(years|months|weeks|days|decades|centuries|ago|old)\b", re.I)
STRIP = re.compile(r"^(in|on|since|during|by|from|until|of|the|early|late|mid-?)\s+", re.I)
HISTORICAL_DAYS = 31


def candidates(doc: Document, sentence: int) -> list[NamedEntity]:
    sent = doc.sentences[sentence]
    return [
        e
        for e in doc.entities
        if e.label == "DATE"
        and sent.first <= e.first < sent.last
        and CALENDAR.search(doc.span_text(e.span))
        and not DURATION.search(doc.span_text(e.span))
    ]


CLAUSES = {"relcl", "ccomp", "advcl", "csubj", "parataxis"}


def tree_distance(doc: Document, date: int, trigger: int) -> int | None:
    """Dependency-path length from a date token to the trigger; None when the date sits in
    another clause ("who took office in 2017", "said it had bought guns in 2017")."""
    up_date = [date, *(t.i for t in doc.ancestors(date))]
    up_trigger = [trigger, *(t.i for t in doc.ancestors(trigger))]
    pos = {t: n for n, t in enumerate(up_trigger)}
    for n, t in enumerate(up_date):
        if t in pos:
            if any(doc.tokens[j].dep in CLAUSES for j in up_date[:n]):
                return None
            return n + pos[t]
    return None


def event_date(
    doc: Document, trigger_head: int, published: dt.date | None, planned: bool = False
) -> EventDate:
    """The date range of the event whose trigger is token `trigger_head`. For an act
    `planned` (vowed, announced, refused: the event is the saying), a date inside the act's
    own phrase is when it would happen, not when it was said ("will hold talks on
    Thursday"), and is not the event's."""
    sentence = doc.tokens[trigger_head].sent
    own = _act_phrase(doc, trigger_head) if planned else set()
    scored = []
    for ent in candidates(doc, sentence):
        if own.intersection(range(ent.first, ent.last)):
            continue
        distances = [tree_distance(doc, j, trigger_head) for j in range(ent.first, ent.last)]
        known = [d for d in distances if d is not None]
        if known:
            scored.append((min(known), abs(ent.first - trigger_head), ent))
    for _, _, ent in sorted(scored, key=lambda t: t[:2]):
        text = doc.span_text(ent.span)
        found = normalise(text, published)
        if found is not None:
            start, end, precision = found
            return EventDate(start, end, precision, text, ent.span)
    return UNKNOWN_DATE


def _act_phrase(doc: Document, head: int) -> set[int]:
    """The tokens of the act's own clause: its verb's subtree (the verb of a noun it is the
    object of: "hold talks"), from the verb's subject on, so that a date the parser hung
    on the act but told before it ("said on Monday it would ...") is left out."""
    tok = doc.tokens[head]
    if tok.dep in ("dobj", "nsubjpass") and tok.head != tok.i:
        tok = doc.tokens[tok.head]
    subjects = doc.kids(tok.i, "nsubj", "nsubjpass")
    first = min((s.i for s in subjects), default=tok.i)
    return {i for i in doc.subtree(tok.i) if i >= first}


@lru_cache(maxsize=4096)
def normalise(text: str, published: dt.date | None) -> tuple[dt.date, dt.date, Precision] | None:
    """Turn a date expression into (start, end, precision), or None when it cannot be placed."""
    clean = STRIP.sub("", text.strip()).strip(" ,.")
    clean = STRIP.sub("", clean)
    if published is None and not YEAR.search(clean):
        return None  # "Wednesday" without a publication date: never guess from today
    if published is not None and clean.lower() == published.strftime("%A").lower():
        return published, published, "day"  # "on Saturday" in a Saturday paper is today
    base = dt.datetime.combine(published or dt.date(2100, 1, 1), dt.time())
    try:
        data = _parser(base).get_date_data(clean)
        if data.date_obj is None:
            return None
        day = data.date_obj.date()
        if published is not None and day > published:
            return None
        return _range(day, data.period or "day")
    except OverflowError:  # "last week" against a publication date of 0001-01-01
        return None


def _range(day: dt.date, period: str) -> tuple[dt.date, dt.date, Precision]:
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), "month"
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6), "day"
    return day, day, "day"


@lru_cache(maxsize=64)
def _parser(base: dt.datetime):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


def is_historical(date: EventDate, published: dt.date | None) -> bool:
    """True when the event ended more than about a month before publication."""
    if published is None or date.end is None:
        return False
    return (published - date.end).days > HISTORICAL_DAYS
