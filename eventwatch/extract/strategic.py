"""Strategic developments ACLED records, told by words in an event's clause
(`data/acled_cues.toml` [[strategic]]): an agreement between the sides of a conflict (a
ceasefire, a peace deal, a prisoner exchange; a trade deal is no ACLED event), a base set
up, weapons seized, defused or intercepted."""

from __future__ import annotations

from ..ontology.cues import Strategic
from ..types import Cue, Document, Trigger
from .clauses import clause_tokens
from .phrases import said_at


def strategic_cue(
    doc: Document,
    trigger: Trigger,
    coding: tuple[str, tuple[str, ...]],
    entries: tuple[Strategic, ...],
) -> Cue | None:
    """The first strategic development whose type (and mode) the event has and whose
    words its clause names as nouns or as the trigger ("Somalia-based" names no base).
    `coding`: the event's type and modes."""
    event, modes = coding
    nouns: list[int] | None = None
    for entry in entries:
        if event not in entry.types or (entry.modes and not entry.modes & set(modes)):
            continue
        if nouns is None:
            clause = clause_tokens(doc, trigger.head)
            nouns = [  # and the trigger: "swapped 100 prisoners"
                j for j in clause if doc.tokens[j].pos in ("NOUN", "PROPN") or j == trigger.head
            ]
        for j, phrase in said_at(doc, nouns, entry.words):
            span = doc.tokens_span(j, j + len(phrase) - 1)
            return Cue(entry.acled, doc.span_text(span), span)
    return None
