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
    doc: Document, trigger: Trigger, event: str, entries: tuple[Strategic, ...]
) -> Cue | None:
    """The first strategic development whose type the event has and whose words its
    clause names."""
    clause: list[int] | None = None
    for entry in entries:
        if event not in entry.types:
            continue
        clause = clause if clause is not None else clause_tokens(doc, trigger.head)
        for j, phrase in said_at(doc, clause, entry.words):
            span = doc.tokens_span(j, j + len(phrase) - 1)
            return Cue(entry.acled, doc.span_text(span), span)
    return None
