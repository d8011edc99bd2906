"""The learned coder's decisions over the rules' candidates (the `events` stage calls it).

For every event the rules kept, the coder reads the sentence with the trigger and the
participants marked and says (1) whether it reports an act that happened, (2) its PLOVER
type, (3) its ACLED sub-event type. The rules' type stands unless the coder is sure of
another (`Thresholds.retype`), and where a frame set it ("vowed to attack" is a THREATEN).
Optionally (`Thresholds.main_verbs`, off by default: it costs precision on news), the main
verb of a sentence in which the lexicon found nothing is offered too and becomes an event
when the coder is sure of it; the rules' modality checks still apply to it.

What decided each field is kept on the event (`coder`, `coding`): the model's probability,
and whether the rules agreed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from ..extract.events import build_events
from ..extract.mentions import MentionFinder
from ..extract.weapons import allowed
from ..ontology import Ontology
from ..types import Coding, Document, Event, Resolution, TextSpan, Trigger
from .acled import choose
from .candidates import event_input, open_candidates
from .inputs import candidate_text
from .labels import NONE
from .limits import Thresholds
from .model import Coder, Prediction
from .roles import assign


def decide(
    doc: Document,
    events: list[Event],
    triggers: list[Trigger],
    coder: Coder,
    ontology: Ontology,
    known: Callable[[str], bool] | None = None,
    limits: Thresholds | None = None,
) -> tuple[list[Event], list[str]]:
    """The events the coder keeps (recoded), and the reasons for those it drops; `limits`
    default to the thresholds stored with the model (chosen on the training dev split)."""
    limits = limits or coder.thresholds
    extra = _extra_candidates(doc, triggers, ontology, limits.main_verbs)
    # "the explosion" told by no one only adds its sentence to the event told before it
    echoes = [e for e in events if e.echo]
    events = [e for e in events if not e.echo]
    inputs = [event_input(doc, e) for e in events]
    predictions = coder.predict(inputs + [text for text, _ in extra]) if inputs or extra else []
    coded: list[Event] = []
    rejected: list[str] = []
    for event, p in zip(events, predictions, strict=False):
        # a vow or a refusal happened even though the act inside it did not
        if p.p_event < limits.event and event.frame not in ("intent", "refusal"):
            rejected.append(
                f"{event.trigger.text!r} at {event.trigger.span.start}: the learned coder "
                f"reads no event that happened (p={p.p_event:.2f})"
            )
            continue
        coded.append(recode(event, p, ontology, limits, _worded(doc, event, p, ontology)))
    chosen: dict[TextSpan, Prediction] = {}
    new = []
    for (_, i), p in zip(extra, predictions[len(events) :], strict=True):
        label, prob = p.top_plover()
        if p.p_event >= limits.open_event and prob >= limits.open_type:
            trigger = _open_trigger(doc, i, label, ontology)
            chosen[trigger.span] = p
            new.append(trigger)
    if new:
        found, why = build_events(doc, new, ontology, known=known)
        rejected += why
        for event in found:
            p = chosen[event.trigger.span]
            worded = _worded(doc, event, p, ontology)
            coded.append(recode(event, p, ontology, limits, worded, opened=True))
    kept = echoes + _participants(doc, coded, coder, ontology)
    return sorted(kept, key=lambda e: e.trigger.span.start), rejected


def _worded(doc: Document, event: Event, p: Prediction, ontology: Ontology) -> set[str]:
    """The ACLED sub-types the event's sentence has the words for: no air strike where no
    aircraft is named, no sexual violence without a word for it."""
    return allowed(doc, event.sentence, ontology.cues, p.acled)


def _participants(
    doc: Document, events: list[Event], coder: Coder, ontology: Ontology
) -> list[Event]:
    """The events with the participants the role model chose (`roles.py`), where the
    coder has one: only in sentences that tell one event (`RoleLimits.one_event`; it
    learned from such sentences, and in a sentence of several its choices split the events
    the merge would join), and not where a frame chose them ("blamed the attack on X": the
    accuser acts). It reads the sentence with the trigger marked and no participants."""
    out = list(events)
    if coder.roles is None:
        return out
    limits = coder.roles.limits
    per_sentence = Counter(event.sentence for event in events)
    todo = [
        k
        for k, event in enumerate(out)
        if event.frame is None and not (limits.one_event and per_sentence[event.sentence] > 1)
    ]
    if not todo:
        return out
    texts = [event_input(doc, out[k], participants=False) for k in todo]
    finder = MentionFinder(doc, ontology)
    for k, text, pieces in zip(todo, texts, coder.predict_roles(texts), strict=True):
        out[k] = assign(doc, out[k], text, pieces, finder, limits)
    return out


def _extra_candidates(
    doc: Document, triggers: list[Trigger], ontology: Ontology, main_verbs: bool
) -> list[tuple[str, int]]:
    """With `main_verbs`, the main verb of each sentence in which the lexicon found
    nothing: its model input and its token."""
    if not main_verbs:
        return []
    covered = {doc.tokens[t.head].sent for t in triggers}
    return [(_open_input(doc, i), i) for i in open_candidates(doc, ontology, covered)]


def _open_input(doc: Document, i: int) -> str:
    tok = doc.tokens[i]
    sent = doc.sentences[tok.sent]
    start = tok.start - sent.span.start
    return candidate_text(doc.span_text(sent.span), (start, start + len(tok.text)))


def _open_trigger(doc: Document, i: int, label: str, ontology: Ontology) -> Trigger:
    """A main verb as a trigger of the type the coder read in it."""
    tok = doc.tokens[i]
    coding = Coding(event=label, mode=None, cameo=ontology.types[label].cameo)
    return Trigger(TextSpan(tok.start, tok.start + len(tok.text)), tok.text, i, coding)


def recode(
    event: Event,
    p: Prediction,
    ontology: Ontology,
    limits: Thresholds,
    worded: set[str],
    *,
    opened: bool = False,
) -> Event:
    """The event with the coder's type (where it is sure enough), ACLED type and
    confidence, and the reason for each. `worded`: the ACLED sub-types its sentence has
    the words for (`extract/weapons.allowed`)."""
    label, prob = p.top_plover()
    kind, modes, cameo = event.event, event.modes, event.cameo
    if event.frame is not None:
        # a vow, a refusal, an accusation: the frame says what happened, the words inside it
        # what was vowed, refused or blamed
        why = f"type {kind} by the rules' {event.frame} frame"
        prob = 1.0
    elif opened:
        why = f"type {label} by the learned coder (p={prob:.2f}); the rules left it uncoded"
    elif label == kind:
        why = f"type {kind}: rules and learned coder agree (p={prob:.2f})"
    elif prob >= limits.retype:
        why = f"type {label} by the learned coder (p={prob:.2f}); the rules said {kind}"
        kind, cameo, modes = label, ontology.types[label].cameo, ()
    else:
        why = f"type {kind} by the rules; the learned coder leaned to {label} (p={prob:.2f})"
    if event.frame is None:
        # the rules' cues stand where the coder retyped the event too (keeping them only for
        # the rules' type lost 2 dev sentences of benchmarks/acled_blind.py)
        cues = (event.weapon, event.cue)
        found, acled_why = choose(kind, modes, cues, p.acled, worded, ontology)
    else:
        found, acled_why = None, f"ACLED {NONE}: a frame"
    if found is not None and not modes and found.mode in ontology.types[kind].modes:
        modes = (found.mode,)
    acled = (found.event_type, found.name) if found else None
    why += f"; {acled_why}; event p={p.p_event:.2f}"
    probability = round(p.p_event * (prob if event.frame else p.plover.get(kind, prob)), 3)
    # the record's confidence also weighs what the rules found: a verb with named
    # participants is more surely the sentence's event than a bare noun beside it
    confidence = round(probability * event.confidence, 3)
    coding = Resolution("model", probability, why)
    return replace(event, event=kind, cameo=cameo, modes=modes, confidence=confidence,
                   coder="model", coding=coding, acled=acled)  # fmt: skip
