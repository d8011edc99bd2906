"""What a protest turned into, as ACLED's Protests and Riots sub-types tell it apart
(`data/acled_cues.toml` [protest]).

ACLED codes one event per protest, by what happened at it: the protesters' own violence
("threw stones", "burned a bus") makes a violent demonstration, whatever the police did;
force used on a peaceful crowd ("fired tear gas to disperse", "arrested 15 demonstrators")
an intervention, excessive where it killed or maimed; else a peaceful protest. This
decides the sub-type of a protest, and of an arrest or an act of force whose clause has
a protest word. Violence by a mob ("a mob lynched", "residents beat to death") outside a
protest is mob violence.
"""

from __future__ import annotations

from ..ontology.cues import Phrases, Protest
from ..types import Cue, Document, Mention, TextSpan, Trigger
from .clauses import clause_tokens
from .phrases import said_at

PROTESTS, RIOTS = "Protests", "Riots"
PEACEFUL = (PROTESTS, "Peaceful protest")
INTERVENTION = (PROTESTS, "Protest with intervention")
EXCESSIVE = (PROTESTS, "Excessive force against protesters")
VIOLENT = (RIOTS, "Violent demonstration")
MOB = (RIOTS, "Mob violence")


def protest_cue(
    doc: Document,
    trigger: Trigger,
    event: str,
    actors: tuple[Mention, ...],
    cues: Protest,
    modes: tuple[str, ...] = (),
) -> Cue | None:
    """The ACLED sub-type the protest the event belongs to decides, or a mob's; None where
    the event is neither."""
    clause = clause_tokens(doc, trigger.head)
    # an arrest at a protest, not of "an activist who led protests" nor "for taking part
    # in the protests": a protest word of the act's own clause
    at_protest = [
        j for j in clause if not _relative(doc, j) and not _grievance(doc, j, cues, trigger.head)
    ]
    if event != "PROTEST" and not (
        event in ("COERCE", "ASSAULT") and _find(doc, at_protest, cues.words)
    ):
        return _mob(doc, event, actors, clause, cues)
    sent = doc.sentences[doc.tokens[trigger.head].sent]
    sentence = list(range(sent.first, sent.last))
    if event == "PROTEST":  # what protesters protest about is not what happened at it
        sentence = [j for j in sentence if not _grievance(doc, j, cues, verbs=True)]
        if set(modes) & cues.violent_modes:  # "rioted"
            return Cue(VIOLENT, trigger.text, trigger.span)
    violent = _find(doc, sentence, cues.violent)
    if violent is not None:
        return Cue(VIOLENT, doc.span_text(violent), violent)
    force = _find(doc, sentence, cues.intervention)
    lethal = _find(doc, sentence, cues.lethal)
    if lethal is None and event == "ASSAULT" and trigger.coding.lethal:
        lethal = trigger.span  # "the killing of peaceful demonstrators"
    if lethal is not None and (force is not None or event == "ASSAULT"):
        return Cue(EXCESSIVE, doc.span_text(lethal), lethal)
    if force is not None:
        return Cue(INTERVENTION, doc.span_text(force), force)
    if event != "PROTEST":  # force on protesters the words do not name: an intervention
        return Cue(INTERVENTION, trigger.text, trigger.span)
    return Cue(PEACEFUL, "")


def _mob(
    doc: Document, event: str, actors: tuple[Mention, ...], clause: list[int], cues: Protest
) -> Cue | None:
    if event != "ASSAULT" or _find(doc, clause, cues.armed) is not None:
        return None
    for actor in actors:
        if doc.tokens[actor.head].lemma.lower() in cues.mob:
            return Cue(MOB, actor.text, actor.span)
    return None


def _grievance(
    doc: Document, j: int, cues: Protest, below: int | None = None, *, verbs: bool = False
) -> bool:
    """'protested over the arrest of a colleague': the word tells what the protest is
    about (under a preposition of grievance, or with `verbs` a verb of grievance:
    "denouncing the arrests"), not what happened at it; `below`: only what lies between
    the word and that token counts ("withdrew envoys over the crackdown on protests")."""
    tok = doc.tokens[j]
    for _ in range(4):
        if tok.head == tok.i or tok.i == below:
            return False
        tok = doc.tokens[tok.head]
        if tok.pos == "ADP" and tok.lower in cues.grievance:
            return True
        if verbs and tok.pos == "VERB" and tok.lemma in cues.grievance:
            return True
    return False


def _relative(doc: Document, j: int) -> bool:
    """The word is in a relative clause ("an activist who led protests")."""
    tok = doc.tokens[j]
    for _ in range(8):
        if tok.dep == "relcl":
            return True
        if tok.head == tok.i:
            return False
        tok = doc.tokens[tok.head]
    return False


def _find(doc: Document, tokens: list[int], phrases: Phrases) -> TextSpan | None:
    """The first of `phrases` said from one of `tokens`, as a span."""
    for j, words in said_at(doc, tokens, phrases):
        return doc.tokens_span(j, j + len(words) - 1)
    return None
