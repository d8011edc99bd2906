"""Every candidate the rules propose in an article, kept or rejected, with the rules'
coding: what the learned layer is trained and run on, and what a labeller reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..extract.events import build_events
from ..extract.triggers import find_triggers
from ..ontology import Ontology
from ..types import Document, Event, Mention
from .inputs import candidate_text


@dataclass(frozen=True)
class Candidate:
    doc_id: str
    sentence: str
    start: int  # trigger offsets relative to the sentence
    end: int
    trigger: str
    rule_event: str
    kept: bool  # the rules coded it (False: they rejected it)
    text: str  # the model input: the sentence with the trigger and participants marked


def candidates(doc: Document, ontology: Ontology) -> Iterator[Candidate]:
    people = ontology.words("people", "nouns")
    triggers = find_triggers(doc, ontology, people)
    events, _ = build_events(doc, list(triggers), ontology)
    kept = {e.trigger.span: e for e in events}
    for trigger in triggers:
        sent = doc.sentences[doc.tokens[trigger.head].sent]
        base = sent.span.start
        sentence = doc.span_text(sent.span)
        event = kept.get(trigger.span)
        start, end = trigger.span.start - base, trigger.span.end - base
        yield Candidate(
            doc_id=doc.article.id,
            sentence=sentence,
            start=start,
            end=end,
            trigger=trigger.text,
            rule_event=event.event if event else trigger.coding.event,
            kept=event is not None,
            text=event_input(doc, event) if event else candidate_text(sentence, (start, end)),
        )


def event_input(doc: Document, event: Event, participants: bool = True) -> str:
    """The model's input for an event: its sentence with the trigger marked and, for a
    model that reads them (`participants`), the actors and recipients the rules found in it
    (an antecedent told in an earlier sentence is not)."""
    sent = doc.sentences[event.sentence]
    base, sentence = sent.span.start, doc.span_text(sent.span)

    def inside(mentions: tuple[Mention, ...]) -> list[tuple[int, int]]:
        spans = ((m.span.start - base, m.span.end - base) for m in mentions)
        return [(s, e) for s, e in spans if 0 <= s < e <= len(sentence)]

    trigger = (event.trigger.span.start - base, event.trigger.span.end - base)
    if not participants:
        return candidate_text(sentence, trigger)
    return candidate_text(sentence, trigger, inside(event.actors), inside(event.recipients))


def open_candidates(doc: Document, ontology: Ontology, covered: set[int]) -> Iterator[int]:
    """Tokens that may report an event in sentences where the lexicon found nothing: each
    such sentence's main verb, or — under a reporting verb ("police said gunmen attacked the
    convoy") — the verb of what was reported, when its subject is an actor. The model
    decides whether they are events."""
    report = ontology.words("report", "verbs")
    people = ontology.words("people", "nouns")
    for sent in doc.sentences:
        if sent.index in covered:
            continue
        roots = [t for t in doc.tokens[sent.first : sent.last + 1] if t.dep == "ROOT"]
        if not roots:
            continue
        root = roots[0]
        if root.lemma in report:
            said = [k for k in doc.kids(root.i, "ccomp") if k.pos == "VERB"]
            if not said:
                continue
            root = said[0]
        if root.pos == "VERB" and _actor_subject(doc, root.i, people):
            yield root.i


ACTOR_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}


def _actor_subject(doc: Document, i: int, people: frozenset[str]) -> bool:
    """Whether the verb's subject names someone who can act: a named person, organisation,
    place or nationality, or a people noun ("protesters", "troops"). PLOVER events are acts
    of such actors, and the check keeps the coder off most sentences that describe things."""
    for subject in doc.kids(i, "nsubj", "nsubjpass"):
        words = [subject, *doc.kids(subject.i, "compound", "amod", "poss")]
        if any(w.ent_type in ACTOR_ENTITIES or w.lemma in people for w in words):
            return True
    return False
