"""Agreements ACLED records: a ceasefire, a peace deal, a prisoner exchange between the
sides of a conflict (`data/acled_cues.toml` [agreement]); a trade deal or a visa accord is
no ACLED event."""

from __future__ import annotations

from ..ontology.cues import Phrases
from ..types import Cue, Document, Trigger
from .clauses import clause_tokens
from .weapons import said_at

AGREEMENT = ("Strategic developments", "Agreement")


def agreement_cue(
    doc: Document, trigger: Trigger, event: str, cues: tuple[frozenset[str], Phrases]
) -> Cue | None:
    """An agreement cue where the event is of an agreement type and its clause names a
    ceasefire, a peace deal or a prisoner exchange."""
    types, words = cues
    if event not in types:
        return None
    for j, phrase in said_at(doc, clause_tokens(doc, trigger.head), words):
        span = doc.tokens_span(j, j + len(phrase) - 1)
        return Cue(AGREEMENT, doc.span_text(span), span)
    return None
