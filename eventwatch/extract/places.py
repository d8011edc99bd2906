"""Where: the place phrase that belongs to a trigger (resolution to coordinates is separate).

Only places attached to the trigger by a locative preposition ("in", "at", "near", "from",
"inside", "across", "on the streets of") or as a modifier ("the Sinai plane crash") count;
a place merely named elsewhere in the sentence is not the event's location. Without one,
the location stays null rather than a guess. A word the statistical NER did not call a
place counts only when `known(name)` (the gazetteer) says it is one.
"""

from __future__ import annotations

from collections.abc import Callable

from ..types import Document, Location, TextSpan

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "at", "near", "from", "inside", "across", "outside", "throughout", "into",
            "of", "on", "around", "along"}  # fmt: skip
MAX_HOPS = 6
WALK = ("prep", "agent", "pobj", "compound", "appos", "npadvmod")
# "blocked the Europe Bridge", "police in Jericho confiscated": the trigger's own arguments
ARGUMENTS = ("dobj", "nsubj", "nsubjpass")


def event_place(
    doc: Document, trigger_head: int, known: Callable[[str], bool] | None = None
) -> Location | None:
    """The nearest place reached from the trigger through locative prepositions."""
    frontier = [trigger_head]
    seen = set(frontier)
    for _ in range(MAX_HOPS):  # prep -> pobj -> prep -> pobj: "at a mosque in the Sinai"
        nxt = []
        for i in frontier:
            deps = WALK + (ARGUMENTS if i == trigger_head else ())
            for kid in doc.kids(i, *deps):
                if kid.i in seen:
                    continue
                seen.add(kid.i)
                if kid.dep in ("prep", "agent"):
                    if kid.lower in LOCATIVE or kid.dep == "agent":
                        nxt.append(kid.i)
                    continue
                place = _place_at(doc, kid.i, known)
                if place is not None:
                    return place
                nxt.append(kid.i)
        frontier = nxt
    return None


def _place_at(doc: Document, i: int, known: Callable[[str], bool] | None) -> Location | None:
    ent = doc.entity_at(i)
    if ent is not None and ent.label in PLACE_LABELS:
        first, last = ent.first, ent.last
    elif doc.tokens[i].pos == "PROPN" and known is not None:
        first, last = _proper_run(doc, i)
    else:
        return None
    tokens = [t for t in doc.tokens[first:last] if t.lower != "the" and t.dep != "case"]
    if not tokens:
        return None
    span = TextSpan(tokens[0].start, tokens[-1].end)
    name = doc.span_text(span)
    if (ent is None or ent.label not in PLACE_LABELS) and not (known and known(name)):
        return None
    return Location(extracted_place=name, span=span)


def _proper_run(doc: Document, i: int) -> tuple[int, int]:
    first = i
    while first > 0 and doc.tokens[first - 1].pos == "PROPN" and doc.tokens[first - 1].head == i:
        first -= 1
    return first, i + 1
