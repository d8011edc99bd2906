"""Where, finer than a town: the site an act happened at ("a bomb exploded at a
checkpoint", "gunmen stormed the Sahafi hotel", "a blast at McGurk's Bar in Belfast").

`event_site` walks from the trigger through locative prepositions (and, for an act done to
a place, its object) to the nearest noun the `[sites]` list of frames.toml names, or to a
facility the parser names (FAC: "Manchester Arena"). The site is kept beside the event's
place, as written; it is never geocoded (a gazetteer maps towns, not hotels).
"""

from __future__ import annotations

from ..types import Document, Site, TextSpan, Token

MAX_HOPS = 6
# words before a site noun that belong to its name: "a police traffic station", "McGurk's
# Bar", "the women's dormitories", "a crowded café" (not "the", "two")
NAME_DEPS = {"compound", "amod", "nmod", "poss", "case"}


def event_site(
    doc: Document, trigger_head: int, nouns: frozenset[str], preps: frozenset[str]
) -> Site | None:
    """The site the act of token `trigger_head` happened at, or None. The walk starts at
    the trigger and, for a participle or a result ("stormed a hotel, killing 12", "left
    nine injured"), at the verb it completes; an act's subject leads on by its
    prepositions ("a blast at a market killed five"), its object may be the site ("stormed
    a hotel")."""
    starts = [trigger_head]
    told = doc.tokens[trigger_head]
    if told.dep in ("advcl", "xcomp", "oprd", "ccomp") and told.head != told.i:
        starts.append(told.head)
    frontier = [(i, True) for i in starts]
    for _ in range(MAX_HOPS):
        nxt = []
        for i, act in frontier:
            deps = ("prep", "pobj", "dobj", "nsubjpass", "nsubj") if act else ("prep", "pobj")
            for kid in doc.kids(i, *deps):
                if kid.dep == "prep":
                    if kid.lower in preps:
                        nxt.append((kid.i, False))
                    continue
                if kid.dep == "nsubj":
                    nxt.append((kid.i, False))  # "a blast at a market": on through "at"
                    continue
                if _is_site(doc, kid, nouns):
                    return _site(doc, kid)
                if kid.dep == "pobj":
                    nxt.append((kid.i, False))  # "in the parking garage of the hotel"
        frontier = nxt
    return None


def _is_site(doc: Document, token: Token, nouns: frozenset[str]) -> bool:
    if token.pos not in ("NOUN", "PROPN"):
        return False
    if token.lemma.lower() in nouns or token.lower in nouns:
        return True
    ent = doc.entity_at(token.i)
    return ent is not None and ent.label == "FAC"


def _site(doc: Document, noun: Token) -> Site:
    """The site's words: the noun with the words of its name before it."""
    first = noun.i
    stack = [k for k in doc.kids(noun.i) if k.dep in NAME_DEPS and k.i < noun.i]
    while stack:
        kid = stack.pop()
        first = min(first, kid.i)
        stack += [k for k in doc.kids(kid.i) if k.i < kid.i and k.dep not in ("det", "predet")]
    start, end = doc.tokens[first].start, noun.end
    span = TextSpan(start, end)
    return Site(doc.span_text(span), span)
