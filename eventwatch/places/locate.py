"""An event's place in the light of its sentence: what the sentence says about the country.

`Gazetteer.resolve` knows names; this module knows the text around them:

* a country the sentence gives as where things are ("in Pakistan", "Kabul, Afghanistan",
  "Yemen's Shabwa province") outranks the article's other countries, and a town that lies
  elsewhere loses to a namesake inside it; without one, or for a name the gazetteer does
  not know, the event is placed at that country, at country precision: a coarse dot that
  is right beats a fine one that is not (`stated_countries`, `locate`);
* several places ("Kabul and Kandahar", "Idlib and Hama provinces") are given as the
  subdivision they share, else their country, else none (`locate`);
* a country modifying the trigger or a participant ("the Russia attack", "Pakistan
  police") names a side, not a place (`names_a_side`).

(That an organisation's name is never a place is the pipeline's check, against the actor
knowledge base.) Functions over a `Document`, with the resolvers passed in: `locate` is
tested with a stub resolver, the rest through the rules pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from ..types import Document, TextSpan
from .model import PlaceMatch

# a country governed by one of these is where things are ("fighting in Syria"); "to", "from"
# and "with" name where someone goes, comes from or deals with
LOCATING = {"in", "inside", "across", "throughout", "within"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
STATED = {"GPE", "ORG", "LOC", "NORP"}
# "Yemen's Shabwa province": the owner of a place noun is its country
PLACE_NOUNS = {"province", "region", "state", "city", "town", "village", "district",
               "governorate", "capital", "border", "north", "south", "east", "west",
               "northeast", "northwest", "southeast", "southwest"}  # fmt: skip

# "Idlib and Hama provinces": several places under one plural place noun
GROUP_NOUNS = {"province", "region", "state", "district", "governorate", "city", "town",
               "village", "county", "area"}  # fmt: skip


class Resolver(Protocol):
    def __call__(
        self, name: str, countries: Sequence[str] = (), within: Sequence[str] = ()
    ) -> PlaceMatch | None: ...


def stated_countries(
    doc: Document,
    trigger: int,
    place: TextSpan | None,
    country_of: Callable[[str], str | None],
) -> tuple[str, ...]:
    """ISO alpha-3 codes of the countries the sentence gives as where the event or its
    place is, in order of mention: "in Pakistan" on the trigger or beside the place's own
    phrase, "Bajaur, Pakistan", "Pakistan's Bajaur district" (not "opponents of the war in
    Iraq marched in London"). `country_of(name)` is the code when the name is a country."""
    sentence = doc.sentence_of(trigger)
    inner = _place_tokens(doc, place)
    anchors = {trigger, *(doc.tokens[doc.tokens[i].head].head for i in inner
                          if doc.tokens[i].dep == "pobj")}  # fmt: skip
    found: dict[str, None] = {}
    for ent in doc.entities:  # a country's name is often tagged ORG ("Cameroon's")
        if ent.label not in STATED or not sentence.first <= ent.first < sentence.last:
            continue
        if not _locating(doc, ent.last - 1, anchors, inner):
            continue
        code = country_of(doc.span_text(ent.span))
        if code:
            found[code] = None
    return tuple(found)


def names_a_side(doc: Document, trigger: int, place: TextSpan | None) -> bool:
    """Is the place a name modifying the trigger or a participant ("the Russia attack on
    Ukraine", "Pakistan police")? A country so named is a side of the event, not where it
    was (a town so named is: "the Kabul bombing", "Kano police")."""
    return any(
        doc.tokens[i].dep in ("compound", "nmod")
        and doc.tokens[doc.tokens[i].head].lemma not in PLACE_NOUNS
        and doc.tokens[doc.tokens[i].head].pos != "PROPN"
        for i in _place_tokens(doc, place)
    )


def _place_tokens(doc: Document, place: TextSpan | None) -> set[int]:
    if place is None:
        return set()
    return {t.i for t in doc.tokens if place.start <= t.start and t.end <= place.end}


def _locating(doc: Document, i: int, anchors: set[int], inner: set[int]) -> bool:
    token = doc.tokens[i]
    head = doc.tokens[token.head]
    if token.dep == "pobj":  # "killed ... in Pakistan"
        return head.lower in LOCATING and head.head in anchors
    # "Kabul, Afghanistan", "Pakistan's Bajaur district", "Syria's north"
    return token.dep in ("appos", "poss") and (
        head.i in inner
        or (not inner and (head.ent_type in PLACE_LABELS or head.lemma in PLACE_NOUNS))
    )


def split_places(name: str) -> list[str]:
    """'Idlib and Hama provinces' -> ['Idlib province', 'Hama province']; 'Kandahar,
    Helmand and Uruzgan' -> the three; a name without "and" -> [name]."""
    head, sep, tail = name.rpartition(" and ")
    if not sep:
        return [name]
    parts = [p.strip() for p in re.split(r",\s*", head) if p.strip()]
    words = tail.split()
    noun = words[-1].lower() if len(words) > 1 else ""
    if noun.endswith("s") and noun[:-1] in GROUP_NOUNS:  # "... and Hama provinces"
        return [f"{p} {noun[:-1]}" for p in [*parts, " ".join(words[:-1])]]
    return [*parts, tail.strip()]


def locate(
    name: str,
    article: Sequence[str],
    stated: Sequence[str],
    resolve: Resolver,
    country: Callable[[str, str], PlaceMatch | None],
) -> PlaceMatch | None:
    """The place `name` means in a sentence that states `stated` countries, in an article
    about `article` countries; `country(code, reason)` gives a country as a place. Several
    places ("Idlib and Hama") give what they share: their subdivision or country."""
    whole = _locate_one(name, article, stated, resolve, country)
    parts = split_places(name)
    if whole is not None or len(parts) < 2:
        return whole  # "Bosnia and Herzegovina" is one place
    found = [_locate_one(p, article, stated, resolve, country) for p in parts]
    if any(m is None for m in found):
        return None
    return _common(name, [m for m in found if m is not None], resolve, country)


def _common(
    name: str,
    found: list[PlaceMatch],
    resolve: Resolver,
    country: Callable[[str, str], PlaceMatch | None],
) -> PlaceMatch | None:
    """The finest place that holds all of `found`: one subdivision, else one country."""
    names = ", ".join(m.resolved_place for m in found)
    codes = {m.country_code for m in found}
    if len(codes) != 1:
        return None  # two countries: no single dot would be true
    (code,) = codes
    labels = {m.admin1 for m in found}
    label = labels.pop() if len(labels) == 1 else None
    if label is not None:
        region = resolve(label, (code,), (code,))
        if region is not None and region.precision == "region":
            return replace(
                region,
                method=f"{region.method}+common",
                reason=f"“{name}” names several places ({names}); all lie in {label}, "
                "so the event is given at that subdivision.",
            )
    whole = country(
        code,
        f"“{name}” names several places ({names}) in different subdivisions of {code}; "
        "the event is given at country precision.",
    )
    return replace(whole, method="country-common") if whole is not None else None


def _locate_one(
    name: str,
    article: Sequence[str],
    stated: Sequence[str],
    resolve: Resolver,
    country: Callable[[str, str], PlaceMatch | None],
) -> PlaceMatch | None:
    context = tuple(dict.fromkeys([*stated, *article]))
    match = resolve(name, context)
    if match is None and len(stated) == 1:
        return country(
            stated[0],
            f"“{name}” is not a place the gazetteer knows; the sentence places it in "
            f"{stated[0]}, so the event is given at country precision.",
        )
    if match is None or not stated or match.country_code in stated:
        return match
    inside = resolve(name, stated, stated)
    where = " or ".join(stated)
    if inside is not None:
        return replace(
            inside,
            reason=f"{inside.reason} The sentence places it in {where}, so a namesake "
            f"elsewhere ({match.resolved_place}, {match.country_code}) lost.",
        )
    if len(stated) != 1:
        return None
    return country(
        stated[0],
        f"“{name}” is known only outside {where} ({match.resolved_place}, "
        f"{match.country_code}), the country the sentence places it in; the event is given "
        f"at country precision.",
    )
