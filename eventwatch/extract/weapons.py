"""The weapon an attack was carried out with, read from the words of its clause.

ACLED types an attack by its weapon, which is often not the trigger: "a roadside bomb
killed five soldiers" (trigger "killed") is a Remote explosive/landmine/IED event. The
weapon is looked for in the trigger's clause chain (`clauses.clause_tokens`), kind by
kind in the order of `data/acled_cues.toml`, the most specific first; a battle's weapons do
not make it an explosion. The lexicon's `needs` say which words a sub-type needs in its
sentence before the learned coder may choose it (`allowed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..ontology.cues import AcledCues
from ..types import Document, Token, Trigger, Weapon
from .clauses import clause_tokens


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


def said_at(
    doc: Document, tokens: Sequence[int], phrases: Iterable[tuple[str, ...]]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each (token, phrase) where one of `phrases` is said from one of `tokens`, in text
    order (`says`); phrases whose first word none of the tokens has are not tried."""
    present = {w for j in tokens for w in _words(doc.tokens[j])}
    tried = [p for p in phrases if p[0] in present]
    for j in tokens if tried else ():
        for phrase in tried:
            if says(doc, j, phrase):
                yield j, phrase


def allowed(doc: Document, sentence: int, cues: AcledCues, names: Iterable[str]) -> set[str]:
    """The ACLED sub-types among `names` the sentence has the words for: an Explosions
    sub-type needs its weapon named, the others their `needs` words (if they have any)."""
    sent = doc.sentences[sentence]
    tokens = range(sent.first, sent.last)
    present = {w for j in tokens for w in _words(doc.tokens[j])}
    needs = dict(cues.needs)
    for kind in cues.kinds:
        needs[kind.acled] = needs.get(kind.acled, ()) + kind.words

    def said(phrase: tuple[str, ...]) -> bool:
        if phrase[0] not in present:  # most phrases: no first word, no need to look
            return False
        return len(phrase) == 1 or any(says(doc, j, phrase) for j in tokens)

    return {name for name in names if name not in needs or any(map(said, needs[name]))}


def _words(tok: Token) -> tuple[str, ...]:
    """The words `says` takes a token for: its forms, itself, itself less a plural s."""
    if tok.ent_type in ("DATE", "TIME"):
        return ()
    low = tok.lower
    plural = (low[:-1],) if low.endswith("s") else ()
    return (*tok.forms, low, *plural, *((low[:-2],) if low.endswith("es") else ()))


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


def says(doc: Document, j: int, words: tuple[str, ...]) -> bool:
    """Whether the words from token `j` on are `words` (each a lemma, a form the verb may
    come from, or the word itself)."""
    sent = doc.tokens[j].sent
    for k, word in enumerate(words):
        if j + k >= len(doc.tokens):
            return False
        tok = doc.tokens[j + k]
        plain = (word, word + "s", word + "es")  # "Protesters" in a title: not lemmatised
        if tok.sent != sent or (tok.lower not in plain and word not in tok.forms):
            return False
        if tok.ent_type in ("DATE", "TIME"):  # "On 3 March": no march
            return False
    return True
