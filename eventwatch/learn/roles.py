"""Who acted and on whom, as the role model reads it (`model.RoleModel`).

The role model reads an event's sentence with the trigger marked and gives every word
piece a probability of being the event's actor and its recipient. A participant is a
mention the rules can build (`MentionFinder`) headed by a noun, name or pronoun of the
sentence; its score is the probability of its head word (or of the names compounded with
it). The rules' choice is a feature, not the decision (thresholds: `limits.RoleLimits`):

- the rules' participant stays when it refers back to one named in another sentence ("its
  crackdown": the model reads one sentence), or when the model gives its words at least
  `keep` (it agrees, or is unsure);
- otherwise the mention the model is surest of replaces it, from `take`;
- a side the rules left unnamed is named by the model from `fill_actor` /
  `fill_recipient`;
- else the rules' choice stands. One mention is never both sides.

Every event says how its participants were chosen (`Event.participants`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from ..extract.mentions import MentionFinder
from ..types import Document, Event, Mention, Resolution, Token
from .inputs import TRIGGER
from .limits import RoleLimits
from .model import Pieces

HEADS = ("NOUN", "PROPN", "PRON")
# words that belong to the noun they modify: their score is the noun's
INSIDE = ("compound", "flat", "amod", "det", "poss", "nummod", "case")


def to_sentence(sentence: str, text: str) -> list[int]:
    """For each character of a model input made from `sentence` (trigger marked, spaces
    normalised), its offset in the sentence; -1 for the marks and added spaces."""
    out: list[int] = []
    i = j = 0
    while j < len(text):
        if i < len(sentence) and sentence[i] == text[j]:
            out.append(i)
            i, j = i + 1, j + 1
        elif text.startswith(TRIGGER, j):
            out.extend([-1] * 2)
            j += 2
        elif i < len(sentence) and sentence[i].isspace():
            i += 1
        else:
            out.append(-1)
            j += 1
    return out


def word_scores(
    doc: Document, sentence: int, text: str, pieces: Pieces
) -> dict[int, tuple[float, float]]:
    """Each token of the sentence: (p actor, p recipient), the most of its word pieces."""
    sent = doc.sentences[sentence]
    base = sent.span.start
    where = to_sentence(doc.span_text(sent.span), text)
    by_char: dict[int, int] = {}
    for tok in doc.tokens[sent.first : sent.last + 1]:
        for c in range(tok.start - base, tok.end - base):
            by_char[c] = tok.i
    out: dict[int, tuple[float, float]] = {}
    for start, end, actor, recipient in pieces:
        chars = [where[c] for c in range(start, min(end, len(where))) if where[c] >= 0]
        for i in {by_char[c] for c in chars if c in by_char}:
            a, r = out.get(i, (0.0, 0.0))
            out[i] = (max(a, actor), max(r, recipient))
    return out


def assign(
    doc: Document,
    event: Event,
    text: str,
    pieces: Pieces,
    finder: MentionFinder,
    limits: RoleLimits | None = None,
) -> Event:
    """The event with its actors and recipients chosen as the module docstring says."""
    limits = limits or RoleLimits()
    if not pieces:
        return event
    scores = word_scores(doc, event.sentence, text, pieces)
    if not scores:
        return event
    sent = doc.sentences[event.sentence]
    words = doc.tokens[sent.first : sent.last + 1]
    trigger = {event.trigger.head} | {
        t.i for t in words if event.trigger.span.start <= t.start < event.trigger.span.end
    }
    # one mention is never both sides: the actor is sought outside the rules' recipients,
    # the recipient outside the chosen actors
    others = {i for m in event.recipients for i in _tokens(doc, m)}
    actor = _choose(doc, 0, event.actors, scores, finder, trigger | others, limits)
    others = {i for m in actor.mentions for i in _tokens(doc, m)}
    recipient = _choose(doc, 1, event.recipients, scores, finder, trigger | others, limits)
    changed = actor.mentions != event.actors or recipient.mentions != event.recipients
    # the score: the role model's probability for the participants it judged (the lesser)
    judged = [side.p for side in (actor, recipient) if side.p is not None]
    how = Resolution(
        "model" if changed else "rules",
        round(min(judged), 3) if judged else 0.0,
        f"actor: {actor.reason}; recipient: {recipient.reason}",
    )
    added = tuple(
        side
        for side, given, chosen in (
            ("actors", event.actors, actor.mentions),
            ("recipients", event.recipients, recipient.mentions),
        )
        if chosen and not given
    )
    return replace(
        event,
        actors=actor.mentions,
        recipients=recipient.mentions,
        participants=how,
        model_sides=added,
    )


class Side(NamedTuple):
    mentions: tuple[Mention, ...]
    reason: str
    p: float | None = None  # the role model's probability for them (None: not judged)


def _choose(
    doc: Document,
    role: int,
    given: tuple[Mention, ...],
    scores: dict[int, tuple[float, float]],
    finder: MentionFinder,
    taken: set[int],
    limits: RoleLimits,
) -> Side:
    name = ("actor", "recipient")[role]
    inside = [m for m in given if m.head in scores]
    if given and not inside:
        return Side(given, "the rules' (named outside the sentence)")
    if any(m.antecedent is not None for m in given):
        # "its crackdown", "the group": the rules followed it to an earlier sentence,
        # which the model does not read
        return Side(given, "the rules' (a reference to a participant named before)")
    p_given = max((_score(doc, m.head, scores, role) for m in inside), default=0.0)
    if inside and p_given >= limits.keep:
        return Side(given, f"the rules', the role model agrees (p={p_given:.2f})", p_given)
    best, p_best = None, 0.0
    for i in scores:
        tok = doc.tokens[i]
        if i in taken or not _is_head(tok):
            continue
        p = _score(doc, i, scores, role)
        if p > p_best:
            best, p_best = i, p
    fill = (limits.fill_actor, limits.fill_recipient)[role]
    if best is not None and p_best >= (limits.take if given else fill):
        found = tuple(m for m in finder.mentions(best) if not _tokens(doc, m) & taken)
        if found:
            return Side(found, f"the role model's (p={p_best:.2f})", p_best)
    if given:
        return Side(given, f"the rules' (the role model found no other {name})", p_given)
    return Side((), f"none named (the role model's best p={p_best:.2f})")


def _score(doc: Document, i: int, scores: dict[int, tuple[float, float]], role: int) -> float:
    words = [i, *(k.i for k in doc.kids(i, "compound", "flat"))]
    return max(scores.get(w, (0.0, 0.0))[role] for w in words)


def _tokens(doc: Document, mention: Mention) -> set[int]:
    sent = doc.sentences[doc.tokens[mention.head].sent]
    words = doc.tokens[sent.first : sent.last + 1]
    return {t.i for t in words if mention.span.start <= t.start < mention.span.end} | {mention.head}


def _is_head(tok: Token) -> bool:
    return tok.pos in HEADS and tok.dep not in INSIDE
