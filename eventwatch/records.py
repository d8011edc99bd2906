"""Finished events: build `EventRecord`s from merged clusters and write PLOVER JSON.

The JSON field names are those of the output contract (shared docs/OUTPUT.md, the PLOVER
manual's "Data Fields"); ids are content hashes, so the same article gives the same ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .actors import load_kb
from .actors.named import names_someone
from .extract.dates import is_historical
from .extract.merge import Cluster
from .extract.territory import by_actors
from .extract.victims import by_victims
from .ontology import EventType, Ontology
from .ontology.cues import cue_acled
from .types import (
    JSON,
    Article,
    Count,
    Entity,
    Event,
    EventDate,
    EventRecord,
    Evidence,
    Location,
    Mention,
    Resolution,
    Site,
    Size,
)

# sectors of people and groups who are where the event is (not soldiers or officials, who
# may be abroad, nor refugees, who are away from home)
LOCAL_SECTORS = frozenset(
    {"CVL", "LAB", "EDU", "MED", "AGR", "JRN", "OPP", "CRM", "REB", "UAF", "COP",
     "REL", "BUS", "PTY"}
)  # fmt: skip

# acts done to people because they are not from where they are
AWAY_MODES = {"deport"}
# words that say people are not from where they are: "foreign journalists", "exiled
# dissidents"
FOREIGN = {"foreign", "foreigner", "foreigners", "exiled", "exile", "exiles", "expatriate",
           "expatriates", "international", "overseas", "visiting", "western", "westerners"}  # fmt: skip


def entity_of(mention: Mention) -> Entity:
    """An unresolved output entity: the name as written (through its antecedent)."""
    ref = mention.referent
    return Entity(
        entity_text=mention.text,
        identifier_text=ref.text,
        aliases=tuple(n for n in ref.names if n != ref.text),
        span=mention.span,
        resolution=mention.resolution or Resolution("as-written", 1.0, "named in the text"),
    )


def build_record(
    cluster: Cluster,
    article: Article,
    ontology: Ontology,
    entities: Mapping[Mention, Entity] | None = None,
) -> EventRecord:
    """One record from a cluster; `entities` are the resolved participants (if resolved)."""
    events = sorted(cluster.events, key=_richness, reverse=True)
    main = events[0]
    modes = tuple(dict.fromkeys(m for e in cluster.events for m in e.modes))
    placed = _placed(events, main)
    kind = ontology.types[main.event]
    actors, recipients = _sides(cluster, placed, modes, kind, entities or {})
    actors, recipients = _stand_ins(placed, actors, recipients, modes, kind)
    acled = _acled_type(main, modes, cluster, actors, recipients, ontology)
    return EventRecord(
        id=_record_id(article.id, main),
        doc_id=article.id,
        event=main.event,
        modes=modes,
        quad_code=ontology.types[main.event].quad,
        actors=actors,
        recipients=recipients,
        date=cluster.date,
        location=placed.location if placed is not None else None,
        size=cluster.size(),
        status=_status(cluster, article),
        event_text=main.trigger.text,
        evidence=_evidence(cluster, main),
        confidence=max(e.confidence for e in cluster.events),
        cameo_code=main.cameo,
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        coder=main.coder,
        coding=main.coding,
        participants=main.participants,
        site=next((e.site for e in events if e.site is not None), None),
    )


def _placed(events: list[Event], main: Event) -> Event | None:
    """The event whose place is the record's: the place of an event told, not of an echo
    ("the assault was retaliation for ... in Somalia" says where the reason is, not where
    the attack was), nor of another kind of event merged in ("accused of the bombing near
    Bouake": the bombing's place). `events`: richest first."""
    return next(
        (e for e in events if e.location is not None and not e.echo and e.event == main.event),
        None,
    )


def _status(cluster: Cluster, article: Article) -> tuple[str, ...]:
    """The status words of the cluster's events, each once; "historical" by the date of
    the cluster, not of any one event."""
    status = list(dict.fromkeys(s for e in cluster.events for s in e.status if s != "historical"))
    if is_historical(cluster.date, article.published):
        status.append("historical")
    return tuple(status)


def _evidence(cluster: Cluster, main: Event) -> tuple[Evidence, ...]:
    """The sentences that tell the event, each once: the main event's first, then the
    others in the order of the text."""
    evidence = tuple(dict.fromkeys(e.evidence for e in sorted(cluster.events, key=_position)))
    return (main.evidence, *(e for e in evidence if e != main.evidence))


def _sides(
    cluster: Cluster,
    placed: Event | None,
    modes: tuple[str, ...],
    kind: EventType,
    entities: Mapping[Mention, Entity],
) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """The actors and recipients as output entities, each identity once: only the named
    ones; unnamed people coded by the country the event happened in (see `_local`); a
    city acted on as a place, not its rulers ("shelled Juba")."""

    def entity(m: Mention) -> Entity:
        return entities.get(m) or entity_of(m)

    # an unresolved "They blamed Hamas": an event with no actor, not one called "They"
    sides = [
        [(m, e) for m in mentions if _named(e := entity(m))]
        for mentions in (cluster.actors(), cluster.recipients())
    ]
    where = None
    if kind.local_participants:
        where = _event_country(placed, [e for side in sides for _, e in side])
    location = placed.location if placed is not None else None
    # the doers are not of the place they aim at ("militants fired rockets at Israel"); the
    # deported are from elsewhere
    targeted = location is not None and any(
        location.span is not None and e.span is not None and location.span.overlaps(e.span)
        for _, e in sides[1]
    )
    actors = _distinct(_local(e, m, None if targeted else where) for m, e in sides[0])
    away = set(modes) & AWAY_MODES
    recipients = _distinct(_local(e, m, None if away else where) for m, e in sides[1])
    if kind.place_sector:  # "shelled Juba", "a curfew in Baghdad": the city, not its rulers
        recipients = tuple(
            replace(r, sector=kind.place_sector)
            if r.resolution is not None and r.resolution.method == "capital"
            else r
            for r in recipients
        )
    return actors, recipients


def _stand_ins(
    placed: Event | None,
    actors: tuple[Entity, ...],
    recipients: tuple[Entity, ...],
    modes: tuple[str, ...],
    kind: EventType,
) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """Who stands for a side the text does not name, where the event is placed in a
    country: the place for the target of an act done to a place ("imposed a curfew in
    Algiers"), an unidentified armed group for a perpetrator not even hinted at."""
    location = placed.location if placed is not None else None
    if placed is not None and location is not None and location.country_code:
        if not recipients and placed.place_attached and kind.place_is_target(modes):
            recipients = (_place_entity(location, kind.place_sector),)
        if not actors and not placed.names_agent and kind.unidentified_actor:
            actors = (_unidentified(location),)
    return actors, recipients


def _acled_type(
    main: Event,
    modes: tuple[str, ...],
    cluster: Cluster,
    actors: tuple[Entity, ...],
    recipients: tuple[Entity, ...],
    ontology: Ontology,
) -> tuple[str, str] | None:
    """The ACLED (type, sub-type): the learned coder's, or the rules' (see `_acled`), then
    refined by who took the town and by who was attacked (armed or not)."""
    civilian = any(e.sector == "CVL" for e in recipients) or any(
        _civilian(m, ontology) for m in cluster.recipients()
    )
    acled = main.acled if main.coder == "model" else _acled(main, modes, civilian, ontology)
    cues = ontology.cues
    if acled is not None and cues.territory is not None:
        acled = by_actors(acled, actors, cues.territory)  # who took the town
    if acled is not None:
        acled = by_victims(acled, recipients, cues.armed, cues.unarmed)  # who was attacked
    return acled


def _named(entity: Entity) -> bool:
    return names_someone(
        entity.identifier_text or entity.entity_text,
        identifier_id=entity.identifier_id,
        code=entity.code,
        sector=entity.sector,
    )


def _distinct(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """One entity per resolved identity: the headline's and the body's "Islamic State" are
    one actor (the first mention stands for it)."""
    out: dict[tuple, Entity] = {}
    for e in entities:
        key = (e.identifier_id or e.identifier_text or e.entity_text, e.code, e.sector)
        out.setdefault(key, e)
    return tuple(out.values())


def _local(entity: Entity, mention: Mention, where: tuple[str, Resolution] | None) -> Entity:
    """'23 people', 'demonstrators', 'gunmen': unnamed people and groups of no stated
    country are coded by the country the event happened in, as ACLED names them
    ("Civilians (Lebanon)"); so is an ethnic group of no known residence ("ethnic
    Albanians protested in Skopje")."""
    if where is None or entity.sector not in LOCAL_SECTORS:
        return entity
    ethnic = entity.resolution is not None and entity.resolution.method == "ethnic"
    unnamed = entity.code is None and not mention.referent.name_headed
    foreign = any(w in FOREIGN for w in mention.referent.text.lower().split())
    if (ethnic or unnamed) and not foreign:
        return replace(entity, code=where[0], resolution=where[1])
    return entity


def _event_country(
    placed: Event | None, entities: Iterable[Entity]
) -> tuple[str, Resolution] | None:
    """Where the event happened: the country of the place the event hangs on, else of the
    police in it (police act at home: "Egyptian police dispersed demonstrators"), else of
    a place in its own clause (not "students who had returned from Iran")."""
    police = {e.code for e in entities if e.sector == "COP" and e.code}
    location = placed.location if placed is not None else None
    here = placed is not None and (
        placed.place_attached or (placed.place_in_clause and len(police) != 1)
    )
    if here and location is not None and location.country_code:
        place = location.resolved_place or location.extracted_place
        return location.country_code, Resolution(
            "event-place", 0.5, f"unnamed; the event happened in {place}"
        )
    if len(police) == 1:
        (code,) = police
        return code, Resolution(
            "event-place", 0.4, f"unnamed; the event involves the police of {code}, at home"
        )
    return None


def _place_entity(location: Location, sector: str | None) -> Entity:
    """'imposed a curfew in Algiers': the place stands for its people or authorities."""
    return Entity(
        entity_text=location.extracted_place,
        identifier_text=location.resolved_place or location.extracted_place,
        code=location.country_code,
        sector=sector,
        span=location.span,
        resolution=Resolution(
            "place", 0.5, "no recipient is named; the place the event happened in stands for it"
        ),
    )


def _unidentified(location: Location) -> Entity:
    """No named perpetrator: ACLED's 'Unidentified Armed Group (Country)'."""
    known = load_kb().countries.get(location.country_code or "")
    country = known.name if known else location.country_code
    return Entity(
        entity_text="",
        identifier_text=f"Unidentified armed group ({country})",
        code=location.country_code,
        sector="UAF",
        resolution=Resolution(
            "unidentified", 0.5, "no perpetrator is named; coded as ACLED does, by country"
        ),
    )


def _richness(event: Event) -> tuple:
    return (
        not event.echo,
        bool(event.actors),
        event.date.start is not None,
        bool(event.recipients),
        not event.trigger.nominal,
        -event.sentence,
    )


def _position(event: Event) -> int:
    return event.evidence.span.start


def _acled(
    event: Event, modes: tuple[str, ...], civilian: bool, ontology: Ontology
) -> tuple[str, str] | None:
    """The rules' ACLED type: an attack's weapon decides its sub-type (a grenade and an IED
    share the mode "explosives"), then what its protest turned into, else type and mode."""
    cued = cue_acled(event.event, event.weapon, event.cue)
    return cued[0] if cued else ontology.acled(event.event, modes, civilian)


def _civilian(mention: Mention, ontology: Ontology) -> bool:
    head = mention.referent.text.split()[-1].lower()
    nouns = ontology.words("civilians", "nouns")
    return head in nouns or head.removesuffix("s") in nouns or head == "people"


def _record_id(doc_id: str, event: Event) -> str:
    key = json.dumps([doc_id, event.event, event.trigger.span.start, event.trigger.span.end])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


# --- JSON ----------------------------------------------------------------------------
def _count(count: Count | None) -> int | None:
    return count.value if count else None


def _entity_json(entity: Entity) -> JSON:
    out: JSON = {
        "entity_text": entity.entity_text,
        "identifier_text": entity.identifier_text,
        "identifier_id": entity.identifier_id,
        "code": entity.code,
        "sector": entity.sector,
        "aliases": list(entity.aliases),
        "parent": entity.parent,
    }
    if entity.span is not None:
        out["start"], out["end"] = entity.span.start, entity.span.end
    if entity.resolution is not None:
        out["resolution"] = _resolution_json(entity.resolution)
    return out


def _location_json(loc: Location | None) -> JSON | None:
    if loc is None:
        return None
    return {
        "extracted_place": loc.extracted_place,
        "resolved_place": loc.resolved_place,
        "geonameid": loc.geonameid,
        "lat": loc.lat,
        "lon": loc.lon,
        "admin1": loc.admin1,
        "admin1_code": loc.admin1_code,
        "admin1_iso": loc.admin1_iso,
        "admin2": loc.admin2,
        "admin2_code": loc.admin2_code,
        "country_code": loc.country_code,
        "precision": loc.precision,
        "near": loc.near,
        "start": loc.span.start if loc.span else None,
        "end": loc.span.end if loc.span else None,
        **({"resolution": _resolution_json(loc.resolution)} if loc.resolution else {}),
    }


def _resolution_json(r: Resolution) -> JSON:
    return {"method": r.method, "score": r.score, "reason": r.reason}


def to_json(record: EventRecord) -> JSON:
    """The record as a PLOVER JSON object (field names from the output contract)."""
    main = record.evidence[0]
    return {
        "id": record.id,
        "doc_id": record.doc_id,
        "event": record.event,
        "mode": list(record.modes),
        "context": list(record.contexts),
        "quad_code": record.quad_code,
        "actor": [_entity_json(e) for e in record.actors],
        "recipient": [_entity_json(e) for e in record.recipients],
        **_date_json(record.date),
        "event_loc": _location_json(record.location),
        "site": _site_json(record.site),
        **_size_json(record.size),
        "status": list(record.status),
        "event_text": record.event_text,
        "text": main.text,
        "text_info": {"start": main.span.start, "end": main.span.end},
        "evidence": [_evidence_json(ev) for ev in record.evidence],
        "source_count": record.source_count,
        "confidence": record.confidence,
        "cameo_code": record.cameo_code,
        "acled_event_type": record.acled_event_type,
        "acled_sub_event_type": record.acled_sub_event_type,
        "coder": record.coder,
        "coding": _resolution_json(record.coding) if record.coding else None,
        "participants": _resolution_json(record.participants) if record.participants else None,
    }


def _date_json(d: EventDate) -> JSON:
    """The date fields: start and end days, precision, the words and where they are."""
    return {
        "date": d.start.isoformat() if d.start else None,
        "enddate": d.end.isoformat() if d.end else None,
        "date_precision": d.precision,
        "date_text": d.text,
        "date_info": {"start": d.span.start, "end": d.span.end} if d.span else None,
    }


def _site_json(site: Site | None) -> JSON | None:
    """The site as written ("a checkpoint") and where it is in the text."""
    if not site:
        return None
    return {"text": site.text, "start": site.span.start, "end": site.span.end}


def _size_json(size: Size) -> JSON:
    """The toll fields: the counts (with their qualifiers, "at least") and where each is."""
    counts = (("dead", size.dead), ("injured", size.injured), ("arrested", size.arrested))
    qualifiers = {k: c.qualifier for k, c in counts if c is not None and c.qualifier}
    return {
        "size": {
            "dead": _count(size.dead),
            "injured": _count(size.injured),
            "arrested": _count(size.arrested),
            **({"qualifiers": qualifiers} if qualifiers else {}),
        },
        "size_info": {
            k: {"start": c.span.start, "end": c.span.end}
            for k, c in counts
            if c is not None and c.span is not None
        },
    }


def _evidence_json(ev: Evidence) -> JSON:
    """One sentence that tells the event, with where its trigger is."""
    return {
        "doc_id": ev.doc_id,
        "text": ev.text,
        "start": ev.span.start,
        "end": ev.span.end,
        "event_text": ev.event_text,
        "trigger_start": ev.trigger.start,
        "trigger_end": ev.trigger.end,
    }


def dumps(record: EventRecord) -> str:
    return json.dumps(to_json(record), ensure_ascii=False)
