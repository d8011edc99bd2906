"""Where: the place phrase that belongs to a trigger (resolution to coordinates is separate).

Only places attached to the trigger by a locative preposition ("in", "at", "near", "from",
"inside", "across", "on the streets of") count; a place merely named in the sentence is not
the event's location. Without one, the location stays null rather than a guess.
"""

from __future__ import annotations

from ..types import Document, Location, TextSpan

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "at", "near", "from", "inside", "across", "outside", "throughout", "into"}


def event_place(doc: Document, trigger_head: int) -> Location | None:
    """The nearest place entity reached from the trigger through a locative preposition."""
    frontier = [trigger_head]
    seen = set(frontier)
    for _ in range(4):  # prep -> pobj -> (prep -> pobj): "on the streets of Gaza"
        nxt = []
        for i in frontier:
            for kid in doc.kids(i, "prep", "pobj", "compound", "appos"):
                if kid.i in seen:
                    continue
                seen.add(kid.i)
                if kid.dep == "prep" and kid.lower not in LOCATIVE | {"of"}:
                    continue
                place = _place_at(doc, kid.i)
                if place is not None and kid.dep != "prep":
                    return place
                nxt.append(kid.i)
        frontier = nxt
    return None


def _place_at(doc: Document, i: int) -> Location | None:
    ent = doc.entity_at(i)
    if ent is None or ent.label not in PLACE_LABELS:
        return None
    tokens = doc.tokens[ent.first : ent.last]
    while tokens and tokens[0].lower == "the":
        tokens = tokens[1:]
    if not tokens:
        return None
    span = TextSpan(tokens[0].start, tokens[-1].end)
    return Location(extracted_place=doc.span_text(span), span=span)
