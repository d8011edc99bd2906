"""Whom a verb's act is done to: a sequence of small steps, each one decision, tried in order.

A preposition the coding names ("attributed the attack to X") or an accused named by
"over" ("complained to the UN over Israeli air raids") decides alone. Otherwise the objects
come first ("expelled two diplomats", "sent aid to Yemen"), then the verb's prepositions,
then what fits the event type (the one a threat is conditioned on, the one asked or
accused, whom a protest is against), the act the verb leads to ("refused to meet X"), what
the act answers ("despite pressure by X"), and states named with the actor's own things
("closed its borders with Iran").
"""

from __future__ import annotations

from collections.abc import Callable

from ..types import Mention, Token, Trigger
from .parse_queries import STATE_LABELS, ParseQueries, a_count, harms, only_own

VERB_RECIPIENT_PREPS = ("against", "on", "upon", "at", "with")
GIVING = {"AID", "AGREE"}  # their object is what is given or offered, not a recipient
FORCES = {"troop", "force", "soldier", "peacekeeper", "personnel", "army", "unit", "police",
          "inspector", "investigator", "monitor", "observer", "team", "delegation",
          "reservist", "conscript"}  # fmt: skip
STATE_PREPS = ("to", "with", "from", "for", "against")
VIOLENT = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"}
ADDRESSED = {"REQUEST", "ACCUSE", "THREATEN", "REJECT"}
# whom an act naming no one answers or aims at, through a phrase on the verb: (the verb's
# preposition, the phrase's prepositions that name them, whether the phrase's owner counts
# too): "declined to resign despite pressure by X", "a strike over X's bill", "called off
# the strike after talks with X", and for every type "reservists for a war against X"
ANSWERED = {
    "REJECT": (("despite", ("by", "from"), True),),
    "PROTEST": (("over", ("by", "from"), True),),
    "CONCEDE": (("after", ("with",), False),),
}
AIMED = ("for", ("against",), False)

# a step: the recipients it finds for the verb `tok` of `trigger`
Step = Callable[[Token, Trigger], list[Mention]]
# when a step is tried, given what the steps before it found
When = Callable[[list[Mention]], bool]


def nothing_yet(found: list[Mention]) -> bool:
    """Try the step only if the steps before it found no one (a fallback)."""
    return not found


class VerbRecipients(ParseQueries):
    """Finds the recipients of a verbal trigger (see the module docstring)."""

    def _verb_recipients(self, tok: Token, trigger: Trigger, depth: int = 0) -> list[Mention]:
        """Whom the act of `tok` is done to: what a deciding step finds, else the steps of
        `_recipient_steps` in order, each adding what it finds when it is tried. `depth` 1:
        the act another verb leads to, which does not look further."""
        decided = self._named_preposition(tok, trigger)
        if decided is None:
            decided = self._accused_over(tok, trigger)
        if decided is not None:
            return decided
        found: list[Mention] = []
        for when, step in self._recipient_steps(depth):
            if when(found):
                found = found + step(tok, trigger)
        return found

    def _recipient_steps(self, depth: int) -> tuple[tuple[When, Step], ...]:
        """The steps in order, each with when it is tried: as a fallback (`nothing_yet`),
        or while only the actor's own things are named (`only_own`: "its borders")."""
        next_act: tuple[tuple[When, Step], ...] = (
            ((nothing_yet, self._next_act_recipients),) if depth == 0 else ()
        )
        return (
            (nothing_yet, self._object_recipients),
            (nothing_yet, self._preposition_recipients),
            (nothing_yet, self._threatened_if),
            (nothing_yet, self._addressed_in_clause),
            (only_own, self._protested_against),
            *next_act,
            (nothing_yet, self._answered),
            (only_own, self._state_recipients),
        )

    # --- steps that decide alone -------------------------------------------------------
    def _named_preposition(self, tok: Token, trigger: Trigger) -> list[Mention] | None:
        """'attributed the attack to X': where the coding names a preposition, only it
        counts, whatever it finds; None where the coding names none."""
        preps = trigger.coding.recipient_preps
        if not preps:
            return None
        return self._mentions(self._prep_objects(tok, preps))

    def _accused_over(self, tok: Token, trigger: Trigger) -> list[Mention] | None:
        """'complained to the UN over Israeli air raids': the accused, not the audience
        (but "accused Israel over the killing": the object is the accused, so None)."""
        doc = self.doc
        accused_directly = any(self.mentions.is_actor_like(o) for o in doc.kids(tok.i, "dobj"))
        if trigger.coding.event != "ACCUSE" or accused_directly:
            return None
        accused = [
            a
            for p in self._prep_objects(tok, ("over", "about", "against"))
            for a in (self._owner_tokens(p) or ([p] if self.mentions.is_actor_like(p) else []))
        ]
        return self._mentions(accused) if accused else None

    # --- steps tried in order ----------------------------------------------------------
    def _object_recipients(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """'expelled two diplomats': the people acted on; 'arming its missile stocks',
        'sent aid to Yemen': whose the thing acted on is, or whom it goes to."""
        out = []
        for obj in self._objects(tok, trigger):
            if self._people_acted_on(obj, trigger):
                out.extend(self.mentions.mentions(obj.i))
            else:
                out.extend(self._thing_recipients(tok, obj))
        return out

    def _objects(self, tok: Token, trigger: Trigger) -> list[Token]:
        """The verb's objects, and those of a preposition the trigger names ("called for
        the resignation of X", "hacked into X"); "part of a military aid program for
        Bosnia" is the program."""
        doc = self.doc
        objects = doc.kids(tok.i, "dobj", "dative")
        objects += [
            p
            for prep in doc.kids(tok.i, "prep")
            if trigger.span.start <= prep.start < trigger.span.end
            for p in doc.kids(prep.i, "pobj")
        ]
        return [self._counted_thing(o) for o in objects]

    def _people_acted_on(self, obj: Token, trigger: Trigger) -> bool:
        """Is the object people the act is done to ("expelled two diplomats", "dispersed
        the demonstrators", "injured another 15")? Not the thing given, named by the
        trigger ("offered its troops to X"), nor the actor's own forces ("sent 4,000
        troops")."""
        named = (
            trigger.coding.event in GIVING
            and obj.dep == "dobj"
            and trigger.span.start <= obj.start < trigger.span.end
        )
        people = self.mentions.is_actor_like(obj) or (harms(trigger) and a_count(obj))
        return bool(people) and not named and not self._own_forces(obj, trigger)

    def _thing_recipients(self, tok: Token, obj: Token) -> list[Mention]:
        """'arming its missile stocks', 'rejected calls by Kofi Annan': whose the thing is;
        'sent aid to Yemen', 'granted asylum to five officers': given to someone; 'fired
        missiles at X', 'a state of siege against opponents': aimed at someone."""
        out = self._owners(obj)
        to = self._prep_objects(tok, ("to",)) + self._prep_objects(obj, ("to",))
        aimed = self._prep_objects(obj, ("at", "against", "on"))
        out.extend(self._mentions(to + [a for a in aimed if self.mentions.is_actor_like(a)]))
        return out

    def _preposition_recipients(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """'fired at X', 'agreed to US mediation', 'conceded to demands from the rebels':
        the people a preposition of the verb names, or whose its object is; a seizure is
        from someone too ("confiscated weapons from armed groups")."""
        taken_from = ("from",) if trigger.coding.event == "COERCE" else ()
        out = []
        for obj in self._prep_objects(tok, VERB_RECIPIENT_PREPS + ("to",) + taken_from):
            if self.mentions.is_actor_like(obj):
                out.extend(self._mentions([obj]))
            else:
                out.extend(self._owners(obj))
        return out

    def _threatened_if(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """A threat: 'threatened to stop talks if the United States deploys ...' threatens
        the United States (see `_condition_subjects`)."""
        if trigger.coding.event != "THREATEN":
            return []
        return self._mentions(self._condition_subjects(tok))

    def _addressed_in_clause(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """A demand, accusation, threat or rejection: 'demanded that Israel withdraw' is
        addressed to Israel, the subject of the clause it governs."""
        if trigger.coding.event not in ADDRESSED:
            return []
        doc = self.doc
        return self._mentions([s for c in doc.kids(tok.i, "ccomp") for s in doc.kids(c.i, "nsubj")])

    def _protested_against(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """A protest: 'in defiance of Chinese authorities' is against the authorities (see
        `_protested`)."""
        if trigger.coding.event != "PROTEST":
            return []
        return self._mentions(self._protested(tok))

    def _next_act_recipients(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """'refused to meet X', 'threatened to deliver blows to X': the recipient of the act
        the verb leads to; 'blocked roads to press their demands on X': what a protest is
        for."""
        doc = self.doc
        acts = doc.kids(tok.i, "xcomp")
        if trigger.coding.event == "PROTEST":
            acts += [a for a in doc.kids(tok.i, "advcl") if doc.kids(a.i, "aux")]
        out: list[Mention] = []
        for act in acts:
            out += self._verb_recipients(act, trigger, 1)
        return out

    def _answered(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """Whom an act naming no one answers or aims at (see ANSWERED)."""
        for prep, inner, owned in (*ANSWERED.get(trigger.coding.event, ()), AIMED):
            phrases = self._prep_objects(tok, (prep,))
            named = [
                o
                for p in phrases
                for o in (self._owner_tokens(p, inner) if owned else self._prep_objects(p, inner))
            ]
            found = self._mentions(named)
            if found:
                return found
        return []

    def _condition_subjects(self, tok: Token) -> list[Token]:
        """'threatened to stop talks if the United States deploys ...': the one whose act
        the threat is conditioned on is the one threatened."""
        doc = self.doc
        out = []
        for i in doc.subtree(tok.i):
            clause = doc.tokens[i]
            if clause.dep == "advcl" and any(
                m.lower in ("if", "unless") for m in doc.kids(i, "mark")
            ):
                out += [s for s in doc.kids(i, "nsubj") if self.mentions.is_actor_like(s)]
        return out

    def _own_forces(self, obj: Token, trigger: Trigger) -> bool:
        """'withdrew its troops', 'sent 4,000 troops', 'dispatched inspectors': the actor's own
        people, not a target."""
        sent = trigger.coding.event == "ACCUSE" and trigger.coding.mode == "investigate"
        if trigger.coding.event not in ("RETREAT", "MOBILIZE", "AID") and not sent:
            return False
        head = obj
        of = self.mentions._quantity_of(obj)
        if of is not None:
            head = self.doc.tokens[of]
        return head.lemma in FORCES and not any(
            k.ent_type in STATE_LABELS for k in self.doc.kids(head.i, "compound", "amod", "nmod")
        )

    def _state_recipients(self, tok: Token, trigger: Trigger) -> list[Mention]:
        """'arrived in Amman', 'opened an embassy in Tehran', 'agreed to US mediation':
        a state or organisation named by a preposition or inside the object."""
        doc = self.doc
        preps = STATE_PREPS + (() if trigger.coding.event in VIOLENT else ("in", "into"))
        named = [p for p in self._prep_objects(tok, preps) if p.ent_type in STATE_LABELS]
        for obj in doc.kids(tok.i, "dobj"):
            named += [
                k for k in doc.kids(obj.i, "compound", "poss", "nmod") if k.ent_type in STATE_LABELS
            ]
            named += [p for p in self._prep_objects(obj, preps) if p.ent_type in STATE_LABELS]
        dangling = any(
            not doc.kids(p.i, "pobj")
            for h in (tok, *doc.kids(tok.i, "dobj"))
            for p in doc.kids(h.i, "prep")
            if p.lower in preps
        )
        if not named and dangling:
            # "established diplomatic ties with and opened an embassy in Tehran": the
            # preposition left open shares the joined verb's state
            hosts = [h for v in doc.kids(tok.i, "conj") for h in (v, *doc.kids(v.i, "dobj"))]
            named = [
                p for h in hosts for p in self._prep_objects(h, preps) if p.ent_type in STATE_LABELS
            ]
        return self._mentions(named)
