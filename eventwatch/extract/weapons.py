"""The weapon an attack was carried out with, read from the words of its clause.

ACLED types an attack by its weapon, which is often not the trigger: "a roadside bomb
killed five soldiers" (trigger "killed") is a Remote explosive/landmine/IED event. The
weapon is looked for in the trigger's clause chain (`clauses.clause_tokens`), kind by
kind in the order of `data/acled_cues.toml`, the most specific first; a battle's weapons do
not make it an explosion. The lexicon's `needs` say which words a sub-type needs in its
sentence before the learned coder may choose it (`allowed`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ontology.cues import AcledCues
from ..types import Document, Trigger, Weapon
from .clauses import clause_tokens
from .phrases import said_at, says, words_in


def find_weapon(doc: Document, trigger: Trigger, cues: AcledCues) -> Weapon | None:
    """The most specific weapon the trigger's clause names, or None (also for a battle)."""
    if doc.tokens[trigger.head].lemma.lower() in cues.battles:
        return None
    tokens = clause_tokens(doc, trigger.head)
    for kind in cues.kinds:
        for j, words in said_at(doc, tokens, kind.words):
            last = j + len(words) - 1
            if not _not_used(doc, last, trigger.head, cues):
                span = doc.tokens_span(j, last)
                return Weapon(doc.span_text(span), span, kind.acled, kind.mode)
    return None


def allowed(doc: Document, sentence: int, cues: AcledCues, names: Iterable[str]) -> set[str]:
    """The ACLED sub-types among `names` the sentence has the words for: an Explosions
    sub-type needs its weapon named, the others their `needs` words (if they have any)."""
    sent = doc.sentences[sentence]
    tokens = range(sent.first, sent.last)
    present = words_in(doc, tokens)
    needs = cues.all_needs

    def said(phrase: tuple[str, ...]) -> bool:
        if phrase[0] not in present:  # most phrases: no first word, no need to look
            return False
        return len(phrase) == 1 or any(says(doc, j, phrase) for j in tokens)

    return {name for name in names if name not in needs or any(map(said, needs[name]))}


def _not_used(doc: Document, last: int, trigger: int, cues: AcledCues) -> bool:
    """'a bomb maker', 'the bomb squad': the word modifies a noun that is no weapon used;
    'seized a cache of explosives', 'defused a bomb': the weapon hangs on a verb of
    weapons held, found or traded (other than the trigger)."""
    tok = doc.tokens[last]
    if tok.dep in ("compound", "amod", "nmod") and (
        doc.tokens[tok.head].lemma.lower() in cues.not_before
    ):
        return True
    for _ in range(6):
        if tok.head == tok.i or tok.i == trigger:
            return False
        tok = doc.tokens[tok.head]
        if tok.pos == "VERB":
            return tok.i != trigger and tok.lemma.lower() in cues.not_used_by
    return False
