"""From triggers to sentence-level `Event`s: modality, participants, date, size, place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..ontology import Ontology
from ..types import (
    Cue,
    Document,
    Event,
    Evidence,
    Location,
    Mention,
    Site,
    Size,
    Trigger,
    Weapon,
)
from .arguments import ArgumentFinder, Arguments
from .casualties import says_dead, size_of
from .clauses import clause_head
from .dates import event_date, is_historical
from .mentions import DEFINITE, MentionFinder
from .modality import Modality, Verdict, recode
from .places import event_place, participant_place, sentence_place, tells_how
from .protests import protest_cue
from .sites import event_site
from .strategic import strategic_cue
from .territory import territory_cue
from .weapons import find_weapon


def build_events(
    doc: Document,
    triggers: list[Trigger],
    ontology: Ontology,
    known: Callable[[str], bool] | None = None,
) -> tuple[list[Event], list[str]]:
    """Events for the triggers that report something that happened; reasons for the rest.
    `known(name)` says whether a word the NER missed is a place (the gazetteer)."""
    builder = _EventBuilder.over(doc, ontology, known)
    events, rejected = [], []
    for trigger in triggers:
        made = builder.event(trigger)
        if isinstance(made, Event):
            events.append(made)
        else:
            rejected.append(made)
    return _share_recipients(events, ontology), rejected


@dataclass(frozen=True)
class _EventBuilder:
    """Turns the triggers of one document into events, with what the ontology says."""

    doc: Document
    ontology: Ontology
    known: Callable[[str], bool] | None
    arguments: ArgumentFinder
    modality: Modality
    natural: frozenset[str]  # "collapsing buildings": causes that are no actor
    site_nouns: frozenset[str]
    site_preps: frozenset[str]
    people: frozenset[str]
    accusers: frozenset[str]  # "blamed", "accused": verbs whose object is an accusation

    @classmethod
    def over(
        cls, doc: Document, ontology: Ontology, known: Callable[[str], bool] | None
    ) -> _EventBuilder:
        """A builder for `doc`, its argument finder and modality judge made once."""
        mentions = MentionFinder(doc, ontology)
        return cls(
            doc=doc,
            ontology=ontology,
            known=known,
            arguments=ArgumentFinder(doc, ontology, mentions),
            modality=Modality(doc, ontology),
            natural=ontology.words("not_events", "natural_causes"),
            site_nouns=ontology.words("sites", "nouns"),
            site_preps=ontology.words("sites", "prepositions"),
            people=ontology.words("people", "nouns"),
            accusers=frozenset(ontology.frames["allege"]["verbs"])
            | ontology.words("allege", "object_verbs"),
        )

    def event(self, trigger: Trigger) -> Event | str:
        """The event the trigger reports, or why it reports none: a killing by no one
        ("collapsing buildings"), a verdict of modality ("negated", "hypothetical"), a
        weak noun no frame names a doer for ("the violence"), a vow to do what cannot be
        threatened."""
        doc, at = self.doc, f"{trigger.text!r} at {trigger.span.start}"
        cause = _natural_cause(doc, trigger, self.natural)
        if cause is not None:
            return f"{at}: {cause} is no actor"
        verdict = self.modality.judge(trigger)
        if not verdict.keep:
            return f"{at}: {verdict.reason}"
        args = self.arguments.find(trigger)
        echo = _echo(doc, trigger, args)
        if _weak_noun(trigger, args) and not echo:
            return f"{at}: {'no one did it' if args.reason else 'noun without a frame'}"
        coded = _coded(trigger, verdict)
        if coded is None:
            return f"{trigger.text!r}: {verdict.reason}; no {trigger.coding.event} happened"
        return self._event(trigger, verdict, args, echo, coded)

    def _event(
        self,
        trigger: Trigger,
        verdict: Verdict,
        args: Arguments,
        echo: bool,
        coded: tuple[str, tuple[str, ...], str],
    ) -> Event:
        """The event of a trigger kept, coded `coded` (type, modes, CAMEO code): its
        weapon and cue, date, status, toll, place and site, evidence and confidence."""
        doc, ontology, published = self.doc, self.ontology, self.doc.article.published
        event, modes, cameo = coded
        weapon, modes = _weapon(doc, trigger, event, modes, ontology)
        cue = _cue(doc, trigger, (event, modes), args.actors, ontology)
        planned = verdict.kind in ("intent", "refusal")
        date = event_date(doc, trigger.head, published, planned=planned)
        status = list(dict.fromkeys(verdict.status + args.status))
        if is_historical(date, published):
            status.append("historical")
        sentence = doc.sentences[doc.tokens[trigger.head].sent]
        location, attached, in_clause, site = self._where(trigger, args, event)
        return Event(
            doc_id=doc.article.id,
            trigger=trigger,
            sentence=sentence.index,
            evidence=Evidence(
                doc.article.id,
                sentence.span,
                doc.span_text(sentence.span),
                trigger.span,
                trigger.text,
            ),
            event=event,
            cameo=cameo,
            modes=modes,
            actors=args.actors,
            recipients=_drop_overlap(args.recipients, args.actors),
            date=date,
            location=location,
            place_attached=attached,
            place_in_clause=in_clause,
            names_agent=_names_agent(doc, trigger.head, args.recipients),
            size=_size(doc, trigger, event),
            status=tuple(status),
            confidence=_confidence(trigger, args.actors, args.recipients, verdict.kind),
            reasons=tuple(r for r in (verdict.reason, args.reason) if r),
            clause=clause_head(doc, trigger.head),
            echo=echo,
            frame=_frame(doc, trigger, verdict.kind, self.accusers),
            weapon=weapon,
            cue=cue,
            site=site,
        )

    def _where(
        self, trigger: Trigger, args: Arguments, event: str
    ) -> tuple[Location | None, bool, bool, Site | None]:
        """The event's place, whether it is attached to the trigger, whether it is in the
        trigger's clause, and its site (none for a statement: "said at a news conference"
        is where it was said, see `_location`)."""
        doc = self.doc
        said = self.ontology.types[event].said
        location, attached = _location(doc, trigger, args, self.known, event, said, self.people)
        site = None if said else event_site(doc, trigger.head, self.site_nouns, self.site_preps)
        in_clause = attached or (location is not None and _in_clause(doc, location, trigger.head))
        return location, attached, in_clause, site


def _weak_noun(trigger: Trigger, args: Arguments) -> bool:
    """'the violence', 'an incident': a weak noun, an event only when a frame names who did
    it (or as a later mention of an event already told, see `_echo`)."""
    return trigger.coding.weak and trigger.nominal and not (args.reason and args.actors)


def _echo(doc: Document, trigger: Trigger, args: Arguments) -> bool:
    """Does a definite noun tell again an event told before? 'The group said the assault
    was retaliation': it names no one; 'the explosion': a weak noun with no frame."""
    if _weak_noun(trigger, args):
        return not args.reason and _definite(doc, trigger.head)
    bare = not (args.actors or args.recipients or args.reason)
    return trigger.nominal and bare and _definite(doc, trigger.head)


def _coded(trigger: Trigger, verdict: Verdict) -> tuple[str, tuple[str, ...], str] | None:
    """The event's type, modes and CAMEO code: the trigger's, or for a vow or a refusal
    what it recodes to ("vowed to attack" is a THREATEN); None: nothing it can be."""
    coding = trigger.coding
    if verdict.kind not in ("intent", "refusal"):
        return coding.event, _modes(coding.mode), coding.cameo
    recoded = recode(verdict.kind, coding.event, coding.mode)
    if recoded is None:
        return None
    event, mode, cameo = recoded
    return event, _modes(mode), cameo


def _size(doc: Document, trigger: Trigger, event: str) -> Size:
    """The toll: the dead and injured of an attack ("killing three and injuring 260"),
    the arrested of an arrest; none else."""
    coding = trigger.coding
    if event == "ASSAULT":
        lethal = coding.lethal or says_dead(doc, trigger.head)
        kinds = tuple(k for k, flag in (("dead", lethal), ("injured", coding.injures)) if flag)
        return size_of(doc, trigger.head, trigger.nominal, kinds) if kinds else Size()
    if coding.arrests:
        return size_of(doc, trigger.head, trigger.nominal, ("arrested",))
    return Size()


def _weapon(
    doc: Document, trigger: Trigger, event: str, modes: tuple[str, ...], ontology: Ontology
) -> tuple[Weapon | None, tuple[str, ...]]:
    """An attack's weapon, named in its clause, and the modes it gives: it sets the mode
    where the trigger gave none or a less specific explosive one ("warplanes bombed": an
    air strike), never over a trigger of another weapon ("shot", "stabbed")."""
    if event != "ASSAULT":
        return None, modes
    explosive = {kind.mode for kind in ontology.cues.kinds}
    if modes and modes[0] not in explosive:
        return None, modes
    weapon = find_weapon(doc, trigger, ontology.cues)
    return weapon, ((weapon.mode,) if weapon else modes)


def _cue(
    doc: Document,
    trigger: Trigger,
    coding: tuple[str, tuple[str, ...]],
    actors: tuple[Mention, ...],
    ontology: Ontology,
) -> Cue | None:
    """What decides the event's ACLED sub-type beyond its trigger: territory changing hands,
    what a protest turned into, a mob, a strategic development (an agreement between the
    sides of a conflict, a base set up, weapons seized).
    `coding`: the event's type and modes."""
    cues, (event, modes) = ontology.cues, coding
    found = territory_cue(doc, trigger, event, cues.territory) if cues.territory else None
    if found is None and cues.protest is not None:
        found = protest_cue(doc, trigger, event, actors, cues.protest, modes)
    return found or strategic_cue(doc, trigger, coding, cues.strategic)


def _frame(doc: Document, trigger: Trigger, kind: str, accusers: frozenset[str]) -> str | None:
    """The frame that sets the event's type whatever act it is about: a vow or a refusal
    ("vowed to overthrow" is a THREATEN), or an accusation ("blamed the bombing on X",
    "accused X of the attack" is an ACCUSE)."""
    if kind in ("intent", "refusal"):
        return kind
    if trigger.coding.event == "ACCUSE" and doc.tokens[trigger.head].lemma in accusers:
        return "accusation"
    return None


def _natural_cause(doc: Document, trigger: Trigger, natural: frozenset[str]) -> str | None:
    """'Collapsing buildings injured 15 people': a killing or wounding done by no one."""
    if trigger.nominal or trigger.coding.event != "ASSAULT":
        return None
    tok = doc.tokens[trigger.head]
    causes = doc.kids(tok.i, "nsubj") + [
        p for a in doc.kids(tok.i, "agent") for p in doc.kids(a.i, "pobj")
    ]
    for clause in doc.kids(tok.i, "csubj"):  # "collapsing buildings" parsed as a clause
        causes += [clause, *doc.kids(clause.i, "dobj")]
    return next((f"'{c.text}'" for c in causes if c.lemma in natural), None)


def _definite(doc: Document, i: int) -> bool:
    """'the explosion', 'this blast', 'its bombing': a thing already known to the reader."""
    dets = [k.lower for k in doc.kids(i, "det", "poss")]
    return bool(dets) and dets[0] in (*DEFINITE, "its", "their")


def _share_recipients(events: list[Event], ontology: Ontology) -> list[Event]:
    """'a hunger strike to demand the resignation of X': the protest's target is X."""
    out = []
    for event in events:
        donors = ontology.types[event.event].recipient_from
        if not event.recipients and donors:
            given = [
                e.recipients
                for e in events
                if e.event in donors and e.recipients and e.clause == event.clause
                and e.sentence == event.sentence
            ]  # fmt: skip
            if given:
                event = replace(event, recipients=_drop_overlap(given[0], event.actors))
        out.append(event)
    return out


def _location(
    doc: Document,
    trigger: Trigger,
    args: Arguments,
    known: Callable[[str], bool] | None,
    event: str,
    verbal: bool,
    people: frozenset[str],
) -> tuple[Location | None, bool]:
    """Where: from the trigger, else from the verb framing a nominal trigger (attached:
    True), else the one place the sentence names outside the participants, in the
    trigger's clause (False). A statement or a demand (`verbal`) is placed only where the
    text says it was made (see `event_place` and `sentence_place`)."""
    on_place = event in ("ASSAULT", "PROTEST")  # "shelled Juba", "blocked the bridge"
    found = event_place(
        doc, trigger.head, known, object_is_place=on_place, verbal=verbal, people=people
    )
    if found is None and args.frame_verb is not None:
        found = event_place(doc, args.frame_verb, known, verbal=verbal, people=people)
    told = doc.tokens[trigger.head]
    if found is None and told.dep in ("advcl", "conj") and tells_how(doc, told.i, told.head):
        # "exploded in X, killing six": the place of the act the participle tells how
        found = event_place(doc, told.head, known, verbal=verbal, people=people)
    heads = [doc.tokens[m.head] for m in args.actors]
    if (
        found is not None
        and found.span is not None
        and any(found.span.start <= h.start < found.span.end for h in heads)
    ):
        found = None  # "received weapons from Iran": the giver, not where it happened (but
        # "clashed with separatists in Bamenda": a place inside a side's words is a place)
    if found is not None:
        return found, True
    taken = [m.span for m in (*args.actors, *args.recipients)]
    found = sentence_place(doc, trigger.head, taken, people, said=verbal, known=known)
    if found is not None and not _in_clause(doc, found, trigger.head):
        return None, False  # "officials in Kabul", "the council based in Geneva": not here
    if found is None and not verbal:
        sides = [m.head for m in (*args.actors, *args.recipients)]
        return participant_place(doc, sides, people, known), False  # "Kano police arrested 20"
    return found, found is not None and _governs(doc, found, trigger.head)


def _in_clause(doc: Document, place: Location, head: int) -> bool:
    """Is the place in the trigger's clause or one it depends on, not inside a relative
    clause or a participle about a participant ("students who had returned from Iran",
    "rebels trained in Uganda")?"""
    tok = next((t for t in doc.tokens if place.span and t.start == place.span.start), None)
    above = {a.i for a in doc.ancestors(head)}
    for _ in range(12):
        if tok is None or tok.dep in ("relcl", "acl") or tok.head == tok.i:
            return False
        if tok.head == head:
            return True
        if tok.head in above:
            # on a verb above it; its subject only where the trigger tells how that verb's
            # act was done ("Baghdad was hit by car bombs that killed 20"; not "Paris was
            # accused of aiding rebels fighting ...")
            return tok.dep not in ("nsubj", "nsubjpass") or tells_how(doc, head, tok.head)
        tok = doc.tokens[tok.head]
    return False


def _governs(doc: Document, place: Location, head: int) -> bool:
    """'arrived in Amman on a visit': the place hangs on a verb the trigger depends on, or
    on what the trigger's own act is done to."""
    tok = next((t for t in doc.tokens if place.span and t.start == place.span.start), None)
    while tok is not None and tok.dep in ("compound", "amod", "det"):
        tok = doc.tokens[tok.head]
    if tok is None or tok.dep != "pobj":
        return False
    governor = doc.tokens[doc.tokens[tok.head].head]
    if governor.i == head or any(a.i == governor.i for a in doc.ancestors(head)):
        return True
    # "threatened to institute a curfew in Algiers": the place of the act threatened
    node = governor
    while node.dep in ("dobj", "xcomp") and node.head != node.i:
        node = doc.tokens[node.head]
        if node.i == head:
            return True
    return False


AGENT_LABELS = {"ORG", "PERSON"}
# a country or nation as a clause's subject or object acts or is acted on ("Iran accused
# Israel over the killing"), unlike one that only says where ("killed in Kandahar")
ACTING = {"nsubj", "nsubjpass", "dobj", "dative"}
# words that name perpetrators without a name: "a series of kidnappings it blamed on the
# militants"
PERPETRATORS = {"militant", "rebel", "insurgent", "gunman", "gunmen", "jihadist", "terrorist",
                "fighter", "attacker", "assailant", "bomber", "militia", "militiaman", "soldier",
                "troop", "army", "police", "force", "group", "extremist"}  # fmt: skip
SOURCES = {"say", "tell", "report", "announce", "accord", "add", "confirm", "quote", "cite"}


def _names_agent(doc: Document, head: int, recipients: tuple[Mention, ...]) -> bool:
    """Does the trigger's sentence name a group, a person or an acting country, other than
    the victims and the source ("police said", "according to Reuters")? If so, an unnamed
    perpetrator may just be one the parser missed."""
    sentence = doc.sentence_of(head)
    # the victims with everything said of them ("deputy governor ..., Oleg Chemezov")
    spans = []
    for m in recipients:
        sub = doc.subtree(m.head)
        spans.append(doc.tokens_span(min(sub), max(sub)))
    for tok in doc.tokens[sentence.first : sentence.last]:
        victim = any(s.start <= tok.start < s.end for s in spans)
        source = doc.tokens[tok.head].lemma in SOURCES  # "police said"
        if tok.lemma in PERPETRATORS and tok.pos == "NOUN" and not victim and not source:
            return True
    for ent in doc.entities:
        if not sentence.first <= ent.first < sentence.last:
            continue
        acting = ent.label in ("GPE", "NORP") and doc.tokens[ent.last - 1].dep in ACTING
        if ent.label not in AGENT_LABELS and not acting:
            continue
        if any(s.start <= ent.span.start < s.end for s in spans):
            continue
        governor = doc.tokens[doc.tokens[ent.last - 1].head]
        if governor.lemma in SOURCES or doc.tokens[governor.head].lemma in SOURCES:
            continue  # "the military said", "according to the UN"
        return True
    return False


def _modes(mode: str | None) -> tuple[str, ...]:
    return (mode,) if mode else ()


def _drop_overlap(recipients: tuple[Mention, ...], actors: tuple[Mention, ...]):
    keys = [a.key() for a in actors]
    return tuple(r for r in recipients if r.key() not in keys)


def _confidence(trigger: Trigger, actors, recipients, kind: str) -> float:
    """A heuristic in [0, 1]: verbs over nouns, named participants, plain facts over threats."""
    score = 0.45 + (0.15 if not trigger.nominal else 0.05)
    score += 0.2 if actors else 0.0
    score += 0.1 if recipients else 0.0
    score -= 0.05 if kind in ("intent", "refusal") else 0.0
    return round(min(score, 0.95), 2)
