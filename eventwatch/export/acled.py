"""ACLED CSV that appends to an ACLED download: ACLED's 31 columns, types and vocabularies.

Every vocabulary (actor types, interactions, country names and regions, disorder types,
generic actor names) is data in `data/acled.toml` and `data/acled_countries.toml`, read
through `vocab.acled_vocabulary()`. docs/CODEBOOK.md gives each column's rule; in short:

 - a record becomes a row only if ACLED could hold it: an ACLED event type, a date known
   to a month or better, a country ACLED names and coordinates. Any other record is left
   out, and `write_acled` reports it as a `Dropped` with the reason (`acled_problem`);
 - `event_date` is the day, or the middle day of a range of up to a week
   (`time_precision` 2) or a month (3);
 - actors are named and typed as ACLED does: protesters, rioters, civilians and a missing
   perpetrator become "Protesters (Kenya)", "Civilians (Kenya)", "Unidentified Armed Group
   (Kenya)"; a bare country becomes its military, police or government; the names as
   written move to `assoc_actor_1`/`assoc_actor_2`; `inter1`/`inter2`/`interaction` are
   ACLED's text labels;
 - `fatalities` is the lowest reported toll (ACLED's conservative rule), the range in `tags`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from ..store.merge import normalise
from ..types import Dropped
from .fields import LIST_SEPARATOR, Out, Record, location, name, size_of, text_output
from .vocab import AcledVocabulary, acled_vocabulary

VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_GEO_PRECISION = {"city": 1, "region": 3, "country": 3}
STATE, REBEL, MILITIA, RIOTERS, PROTESTERS, CIVILIANS = 1, 2, 3, 5, 6, 7


def _columns() -> tuple[str, ...]:
    return tuple(c.name for c in acled_vocabulary().columns)


ACLED_COLUMNS = _columns()


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an ACLED event: the actor, its type, the associated actors."""

    actor: str = ""
    inter: int | None = None
    assoc: tuple[str, ...] = ()


def acled_date(record: Record) -> tuple[dt.date, int] | None:
    """(event_date, time_precision) of a record, or None when no ACLED date fits."""
    if not record.get("date"):
        return None
    start = dt.date.fromisoformat(str(record["date"])[:10])
    end = dt.date.fromisoformat(str(record.get("enddate") or record["date"])[:10])
    span = max((end - start).days, 0)
    if span == 0:
        return start, 1
    if span > 31:
        return None
    return start + dt.timedelta(days=span // 2), 2 if span <= 7 else 3


def acled_problem(record: Record) -> str | None:
    """Why a record cannot be an ACLED row (None when it can)."""
    vocab = acled_vocabulary()
    acled_type, sub_type = record.get("acled_event_type"), record.get("acled_sub_event_type")
    if not acled_type:
        return "no ACLED event type"
    if sub_type not in vocab.event_types.get(acled_type, ()):
        return "no ACLED sub-event type of its event type"
    if not record.get("date"):
        return "no date"
    if acled_date(record) is None:
        return "a date vaguer than a month"
    loc = location(record)
    if not loc.get("country_code"):
        return "no place"
    if str(loc["country_code"]).upper() not in _countries(vocab):
        return "a country ACLED does not name"
    if loc.get("lat") is None or loc.get("lon") is None:
        return "no coordinates"
    if not _sides(record, vocab)[0].actor:
        return "no actor"
    return None


def _countries(vocab: AcledVocabulary) -> dict[str, Any]:
    return {**vocab.countries, "KOS": vocab.countries["XKX"]}  # PLOVER writes Kosovo KOS


def inter_code(entity: Record, vocab: AcledVocabulary | None = None) -> int | None:
    """ACLED's actor type of an entity from its sector, else its code (None: unknown)."""
    vocab = vocab or acled_vocabulary()
    sector = str(entity.get("sector") or "").upper()
    code = str(entity.get("code") or "").upper()
    for key in (sector, code):
        if key in vocab.inter_by_sector:
            return vocab.inter_by_sector[key]
    if code in _countries(vocab):
        return STATE  # a state named as such acts through its forces
    return None


def _country_name(entity: Record, vocab: AcledVocabulary) -> str | None:
    """The ACLED name of the country an entity *is* ("Kenya", "Kenyan police"), else None."""
    country = _countries(vocab).get(str(entity.get("code") or "").upper())
    if country is None or normalise(name(entity)) != normalise(country.name):
        return None
    return str(country.name)


def _generic(vocab: AcledVocabulary, kind: str, country: str) -> str:
    return vocab.generic_actors[kind].format(country=country)


def _state_actor(entity: Record, state: str, acled_type: str, vocab: AcledVocabulary) -> str:
    sector = str(entity.get("sector") or "").upper()
    if sector == "COP":
        return _generic(vocab, "police", state)
    if sector == "MIL" or (not sector and acled_type in VIOLENT):
        return _generic(vocab, "military", state)
    return _generic(vocab, "government", state)


def _side(
    entities: list[Record], role: str, acled_type: str, country: str, vocab: AcledVocabulary
) -> Side:
    """The ACLED actor of one side: the first entity, named and typed as ACLED does."""
    if not entities:
        return Side()
    first, written = entities[0], [name(e) for e in entities]
    inter = inter_code(first, vocab)
    state = _country_name(first, vocab)
    if state is not None:
        actor = _state_actor(first, state, acled_type, vocab)
        assoc = written[1:]
        inter = STATE
    elif inter == CIVILIANS and not first.get("identifier_id"):
        actor, assoc = _generic(vocab, "civilians", country), written
    else:
        if inter is None:  # untyped: a perpetrator of violence is armed, anyone else civilian
            inter = MILITIA if role == "actor" and acled_type in VIOLENT else CIVILIANS
        actor, assoc = written[0], written[1:]
    return Side(actor, inter, tuple(dict.fromkeys(a for a in assoc if a and a != actor)))


def _sides(record: Record, vocab: AcledVocabulary) -> tuple[Side, Side]:
    acled_type = str(record.get("acled_event_type") or "")
    sub_type = str(record.get("acled_sub_event_type") or "")
    code = str(location(record).get("country_code") or "").upper()
    country = _countries(vocab)[code].name if code in _countries(vocab) else ""
    actors, recipients = list(record.get("actor") or ()), list(record.get("recipient") or ())
    side1 = _side(actors, "actor", acled_type, country, vocab)
    side2 = _side(recipients, "recipient", acled_type, country, vocab)
    written = tuple(dict.fromkeys(n for n in (name(e) for e in actors) if n))
    if acled_type == "Protests":
        side1 = Side(_generic(vocab, "protesters", country), PROTESTERS, written)
    elif acled_type == "Riots":
        side1 = Side(_generic(vocab, "rioters", country), RIOTERS, written)
    elif not side1.actor:
        if acled_type in VIOLENT:
            side1 = Side(_generic(vocab, "unidentified", country), MILITIA)
        elif sub_type == "Arrests":
            side1 = Side(_generic(vocab, "police", country), STATE)
        else:  # ACLED's actor1 and actor2 carry no direction: the one named comes first
            side1, side2 = side2, Side()
    if acled_type == "Violence against civilians" and side2.inter != CIVILIANS:
        assoc = tuple(a for a in (side2.actor, *side2.assoc) if a)
        side2 = Side(_generic(vocab, "civilians", country), CIVILIANS, assoc)
    return side1, side2


def _admin_name(value: Any, suffixes: Iterable[str], prefixes: Iterable[str] = ()) -> str:
    """A subdivision name without the generic word ACLED leaves out (one at each end)."""
    text = str(value or "")
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text.removeprefix(prefix)
            break
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text.removesuffix(suffix)
    return text


def _source(record: Record) -> str:
    """The sources' names, else their web hosts, else the article ids ("; ")."""
    names = []
    for source in record.get("sources") or ():
        host = urlparse(str(source.get("url") or "")).hostname or ""
        names.append(source.get("source") or host.removeprefix("www.") or source.get("doc_id"))
    names += [] if names else list(record.get("doc_ids") or [record.get("doc_id")])
    return LIST_SEPARATOR.join(dict.fromkeys(str(n) for n in names if n))


def _timestamp(record: Record, event_date: dt.date) -> int:
    """When eventwatch last learnt of the event: its latest source's day, else the event day."""
    published = [
        str(s["published"])[:10] for s in record.get("sources") or () if s.get("published")
    ]
    day = dt.date.fromisoformat(max(published)) if published else event_date
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def event_number(event_id: str) -> int:
    """The event id read as a hex number (hashed first when it is not hex)."""
    digits = event_id.lower()
    if not digits or any(c not in "0123456789abcdef" for c in digits):
        digits = hashlib.sha1(event_id.encode()).hexdigest()[:16]
    return int(digits, 16)


def acled_row(record: Record) -> dict[str, Any] | None:
    """One ACLED row (keyed by `ACLED_COLUMNS`), or None when `acled_problem` says why not."""
    if acled_problem(record) is not None:
        return None
    vocab = acled_vocabulary()
    loc = location(record)
    code = str(loc["country_code"]).upper()
    country = _countries(vocab)[code]
    acled_type, sub_type = str(record["acled_event_type"]), str(record["acled_sub_event_type"])
    event_date, time_precision = acled_date(record) or (dt.date.min, 0)
    side1, side2 = _sides(record, vocab)
    recipient_inters = {inter_code(e, vocab) for e in record.get("recipient") or ()}
    civilian = (
        acled_type == "Violence against civilians"
        or sub_type == "Excessive force against protesters"
        or (acled_type in ("Explosions/Remote violence", "Riots") and side2.inter == CIVILIANS)
        or (acled_type == "Explosions/Remote violence" and CIVILIANS in recipient_inters)
    )
    low, high = size_of(record, "dead_low"), size_of(record, "dead_high")
    tags = [*(record.get("status") or ())]
    if low is not None and high is not None and low != high:
        tags.append(f"fatalities reported {low}-{high}")
    return {
        "event_id_cnty": f"{'XKX' if code == 'KOS' else code}{event_number(str(record['id']))}",
        "event_date": event_date.isoformat(),
        "year": event_date.year,
        "time_precision": time_precision,
        "disorder_type": vocab.disorder_by_sub_type.get(sub_type, vocab.disorder[acled_type]),
        "event_type": acled_type,
        "sub_event_type": sub_type,
        "actor1": side1.actor,
        "assoc_actor_1": LIST_SEPARATOR.join(side1.assoc),
        "inter1": vocab.actor_types[side1.inter] if side1.inter else "",
        "actor2": side2.actor,
        "assoc_actor_2": LIST_SEPARATOR.join(side2.assoc),
        "inter2": vocab.actor_types[side2.inter] if side2.actor and side2.inter else "",
        "interaction": vocab.interaction(side1.inter, side2.inter if side2.actor else None),
        "civilian_targeting": vocab.lists["civilian_targeting"][0] if civilian else "",
        "iso": country.iso,
        "region": country.region,
        "country": country.name,
        "admin1": _admin_name(loc.get("admin1"), vocab.admin1_suffixes),
        "admin2": _admin_name(loc.get("admin2"), vocab.admin2_suffixes, vocab.admin2_prefixes),
        "admin3": "",
        "location": loc.get("resolved_place") or loc.get("extracted_place") or country.name,
        "latitude": float(loc["lat"]),
        "longitude": float(loc["lon"]),
        "geo_precision": 2
        if loc.get("near") and loc.get("precision") == "city"
        else _GEO_PRECISION.get(str(loc.get("precision")), 3),
        "source": _source(record),
        "source_scale": "",
        "notes": " ".join(str(record.get("text") or "").split()),
        "fatalities": int(low if low is not None else size_of(record, "dead") or 0),
        "tags": LIST_SEPARATOR.join(tags),
        "timestamp": _timestamp(record, event_date),
    }


def write_acled(
    records: Iterable[Record], out: Out, *, dropped: list[Dropped] | None = None
) -> int:
    """ACLED CSV with a header of `ACLED_COLUMNS`; returns the number of rows.

    Records that cannot be ACLED rows are left out; each is appended to `dropped` (when
    given) as `Dropped("export", id, reason)`.
    """
    n = 0
    with text_output(out, "acled") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for record in records:
            row = acled_row(record)
            if row is None:
                if dropped is not None:
                    reason = acled_problem(record) or "not an ACLED row"
                    dropped.append(Dropped("export", str(record.get("id")), reason))
                continue
            writer.writerow(row)
            n += 1
    return n
