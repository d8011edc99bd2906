"""Say in words which place a name was matched to, how, and why it beat the others.

`describe` turns the chosen index row into the `PlaceMatch` a caller sees: its point,
country and subdivisions, a `method` such as "city-name+suffix" (the kind of place, then
how the name matched it), and a `reason` that quotes the name and lists the places of the
same name it was chosen over.
"""

from __future__ import annotations

from .model import OWN, PRECISION, Index, Kind, PlaceMatch
from .rows import Candidate, country_of

SOURCES = {
    "name": "the name of",
    "alias": "a name of",
    "alternate": "an alternate GeoNames name of",
    "variant": "a spelling variant of the name of",
}
"""How the name relates to the place, by how it matched (`via`)."""
KIND_NAMES = {
    Kind.COUNTRY: "country",
    Kind.CURATED: "curated",
    Kind.ADMIN1: "admin1",
    Kind.CITY: "city",
}
"""The first part of a match's `method`."""


def describe(
    ix: Index,
    name: str,
    c: Candidate,
    ctx: frozenset[str],
    *,
    how: str,
    via: str,
    others: list[Candidate],
    rule: str,
    score: float,
) -> PlaceMatch:
    """The match of `name` to row `c`: `how` it was found ("" for the name as given,
    "fuzzy", or the words dropped), `via` which of the place's names, the `others` it beat
    and the `rule` that decided (in words), at `score` (clamped to [0, 1])."""
    kind = Kind(ix.kinds[c.row])
    cc = country_of(ix, c.row, ctx)
    tail = _tail(ix, others, ctx, rule, how)
    return PlaceMatch(
        resolved_place=ix.names[c.row],
        geonameid=ix.geonameid[c.row] or None,
        lat=round(ix.lat[c.row], 5),
        lon=round(ix.lon[c.row], 5),
        admin1=ix.admin1[c.row] if kind != Kind.COUNTRY else None,
        country_code=cc,
        precision=PRECISION[kind],
        method=f"{KIND_NAMES[kind]}-{via}" + ("+suffix" if how and how != "fuzzy" else ""),
        score=round(max(0.0, min(1.0, score)), 3),
        reason=_lead(ix, name, c, cc, how, via) + tail,
        **ix.subdivisions(c.row),
    )


def _what(ix: Index, row: int, cc: str) -> str:
    """The place in words: 'the city Rafaḩ (North Sinai, EGY, population 44,215)'."""
    place = ix.names[row]
    kind = Kind(ix.kinds[row])
    if kind == Kind.COUNTRY:
        return f"the country {place}"
    if kind == Kind.CURATED:
        return f"the curated region {place} ({cc})"
    if kind == Kind.ADMIN1:
        return f"the first-level subdivision {place} ({cc})"
    where = ", ".join(filter(None, (ix.admin1[row], cc)))
    return f"the city {place} ({where}, population {ix.population[row]:,})"


def _lead(ix: Index, name: str, c: Candidate, cc: str, how: str, via: str) -> str:
    """The first half of the reason: what `name` is."""
    what = _what(ix, c.row, cc)
    if via == "fuzzy":
        source = "a name of" if c.flags & OWN else "an alternate GeoNames name of"
    else:
        source = SOURCES[via]
    if how == "fuzzy":
        return f"“{name}” has no exact match but is {c.similarity:.0%} similar to {source} {what}"
    if how:
        return f"“{name}”, {how}, is {source} {what}"
    return f"“{name}” is {source} {what}"


def _tail(ix: Index, others: list[Candidate], ctx: frozenset[str], rule: str, how: str) -> str:
    """The second half of the reason: what it was chosen over, and why."""
    if not others:
        if how != "fuzzy":
            return "; no other known place has that name."
        return "; no other place is as close."
    labels = list(
        dict.fromkeys(f"{ix.names[o.row]} ({country_of(ix, o.row, ctx)})" for o in others)
    )
    more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
    return f"; chosen over {', '.join(labels[:3])}{more} because {rule or 'it fits best'}."


def join(notes: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return " and ".join(notes) if len(notes) < 3 else ", ".join(notes[:-1]) + " and " + notes[-1]
