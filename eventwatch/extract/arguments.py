"""Who did it and to whom: actor and recipient mentions from the dependency parse.

Verbs: the subject (inherited through xcomp/advcl/conj chains, relative pronouns pointing
to their noun) is the actor; the direct object or a recipient preposition is the
recipient; passives swap them ("hostages killed by ISIS"). Nouns: a possessor ("its
crackdown"), a "by" agent, or an adjective/compound actor ("Israeli airstrike"); or the
frame the noun sits in: "X carried out / claimed / is responsible for the attack",
"blamed the attack on X", "attributed the rocket fire to X", "accused X of the attack".

A verb's recipients are found by the steps in `recipients`, a noun's frame in
`noun_frames`; the questions about the parse both ask are in `parse_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Mention, Token, Trigger
from .mentions import HELP_NOUNS
from .noun_frames import Frame, NounFrames
from .parse_queries import SITES, harms
from .recipients import ADDRESSED, VerbRecipients

FRAME_RECIPIENT_PREPS = ("into", "on", "against", "upon", "targeting")
NOUN_RECIPIENT_PREPS = (
    "on",
    "against",
    "upon",
    "at",
    "into",
    "targeting",
    "of",
    "with",
    "to",
    "between",
)
# verbs of going somewhere "for talks": their subject holds the talks
TRAVEL = {"arrive", "return", "come", "go", "travel", "fly", "head", "gather", "convene",
          "meet", "sit", "leave", "visit", "converge", "march", "assemble"}  # fmt: skip
STATIVE = {"oppose", "commit", "dedicate", "devote", "opposed", "committed"}


@dataclass(frozen=True)
class Arguments:
    """A trigger's actors and recipients, and what the frame around a noun adds."""

    actors: tuple[Mention, ...]
    recipients: tuple[Mention, ...]
    status: tuple[str, ...] = ()
    reason: str = ""
    frame_verb: int | None = None  # "attributed rocket fire from Gaza ...": where to look too


class ArgumentFinder(VerbRecipients, NounFrames):
    """Finds a trigger's actors and recipients over one document (see the module docstring)."""

    def find(self, trigger: Trigger) -> Arguments:
        """The actors and recipients of a verbal or nominal trigger."""
        tok = self.doc.tokens[trigger.head]
        if trigger.nominal:
            return self._nominal(tok, trigger)
        return self._verbal(tok, trigger)

    # --- verbs -----------------------------------------------------------------------
    def _verbal(self, tok: Token, trigger: Trigger) -> Arguments:
        """A verb's actors and recipients: its subject acts on its objects; a passive's
        agent acts on its subject; "received weapons from Iran": Iran gives."""
        doc = self.doc
        passive = self._passive(tok)
        agents = [p for a in doc.kids(tok.i, "agent") for p in doc.kids(a.i, "pobj")]
        # "Israel is opposed to French mediation": a state, not a passive
        stative = tok.lemma in STATIVE and not agents and self._prep_objects(tok, ("to",))
        if passive and not stative:
            actors = self._mentions(agents)
            patients = doc.kids(tok.i, "nsubjpass")
            if not patients and tok.dep == "acl":
                patients = [doc.tokens[tok.head]]
            if not patients and not doc.kids(tok.i, "dobj"):  # "..., killed in an airstrike"
                patients = self._subject(tok)
            recipients = self._mentions(patients, counted=harms(trigger))
            if not recipients:  # "evidence against Russia was presented": whom it concerns
                recipients = [m for p in patients for m in self._owners(p)]
            # "leftists were arrested, including Eva Forest, ...": the named ones too
            recipients += [m for m in self._mentions(self._included(tok)) if m not in recipients]
        elif trigger.coding.received:
            # "Hamas received weapons from Iran": Iran gave, Hamas received
            objects = [o for d in doc.kids(tok.i, "dobj") for o in [d, *doc.kids(d.i)]]
            givers = self._prep_objects(tok, ("from",)) + [
                g for o in objects for g in self._prep_objects(o, ("from",))
            ]
            actors = self._mentions(givers)
            recipients = self._mentions(self._subject(tok))
        else:
            subject = self._subject(tok) or (doc.kids(tok.i, "nsubjpass") if stative else [])
            actors = self._mentions(subject or self._noun_like_modifiers(tok))
            recipients = self._verb_recipients(tok, trigger)
        return Arguments(tuple(actors), tuple(recipients))

    def _a_site(self, modifiers: list[Token]) -> bool:
        """'the Christchurch mosque attacks': a building named, not who attacked."""
        doc = self.doc
        words = [doc.tokens[j] for k in modifiers for j in doc.subtree(k.i)]
        return any(w.lemma in SITES for w in words)

    def _included(self, tok: Token) -> list[Token]:
        """The people named after 'including' on the verb or its patients."""
        doc = self.doc
        hosts = [tok, *doc.kids(tok.i, "nsubjpass", "dobj")]
        return [
            o
            for h in hosts
            for p in doc.kids(h.i, "prep")
            if p.lower == "including"
            for o in doc.kids(p.i, "pobj")
        ]

    def _noun_like_modifiers(self, tok: Token) -> list[Token]:
        """'killed in Israeli tank shelling', parsed as a verb: the nation or group named
        in the words right before the -ing form, as for the noun."""
        if tok.tag != "VBG":
            return []
        out = []
        for j in range(tok.i - 1, max(-1, tok.i - 4), -1):
            before = self.doc.tokens[j]
            if before.pos not in ("NOUN", "PROPN", "ADJ"):
                break
            if before.ent_type == "NORP" or (before.ent_type == "ORG" and before.pos == "PROPN"):
                out.append(before)
        return out

    # --- nouns -----------------------------------------------------------------------
    def _nominal(self, tok: Token, trigger: Trigger) -> Arguments:
        """A noun's actors and recipients: from its own words ("Khashoggi's killing",
        "attacks by Hamas", "an Israeli airstrike", "attacks on X"), else from the frame it
        sits in ("X carried out the attack"), whose status and reason it carries."""
        doc = self.doc
        possessors = doc.kids(tok.i, "poss")
        victims = self._noun_victims(tok, trigger, possessors)
        by = [p for a in doc.kids(tok.i, "prep") if a.lower == "by" for p in doc.kids(a.i, "pobj")]
        frame = self.frame(tok)
        actors = self._noun_actors(tok, (possessors if not victims else []) + by, frame)
        recipients = self._noun_recipients(tok, trigger, actors, victims, frame)
        if frame is None:
            return Arguments(tuple(actors), tuple(recipients))
        return Arguments(tuple(actors), tuple(recipients), frame.status, frame.reason, frame.verb)

    def _noun_victims(self, tok: Token, trigger: Trigger, possessors: list[Token]) -> list[Token]:
        """'Khashoggi's killing': the owner of a lethal noun is its victim, not its author;
        'died as a result of torture': the one who died (see `_died_of`)."""
        victims = possessors if trigger.coding.lethal else []
        return victims + (self._died_of(tok) if trigger.coding.event == "ASSAULT" else [])

    def _died_of(self, tok: Token) -> list[Token]:
        """'A prisoner died as a result of torture', 'he died from his wounds after the
        beating': the one who died is the victim of the noun."""
        doc = self.doc
        node = tok
        for _ in range(6):
            if node.dep not in ("pobj", "prep", "acl") or node.head == node.i:
                return []
            node = doc.tokens[node.head]
            if node.lemma in ("die", "succumb", "perish"):
                return doc.kids(node.i, "nsubj")
        return []

    def _noun_actors(self, tok: Token, own: list[Token], frame: Frame | None) -> list[Mention]:
        """Who did what the noun names: its owner or "by" agent (`own`), else the actors
        the frame names, else the traveller, else a nation or group modifying it."""
        actors = self._mentions(own)
        if not actors and frame is not None:
            actors = self._mentions(frame.actors)
        if not actors:
            actors = self._traveller(tok)
        if not actors:
            actors = self._modifier_actors(tok)
        return actors

    def _traveller(self, tok: Token) -> list[Mention]:
        """'arrived in Amman on a visit', 'returned to Geneva for talks': the one who went
        there holds the visit or the talks."""
        doc = self.doc
        prep = doc.tokens[tok.head]
        if tok.dep != "pobj" or prep.lower not in ("on", "for"):
            return []
        governor = doc.tokens[prep.head]
        travel = prep.lower == "on" or set(governor.forms) & TRAVEL
        if governor.pos == "VERB" and travel and not self._passive(governor):
            return self._mentions(self._subject(governor))
        return []

    def _modifier_actors(self, tok: Token) -> list[Mention]:
        """'an Israeli airstrike', 'Hamas rocket fire': the nation or group modifying the
        noun (not a building named: "the Christchurch mosque attacks")."""
        modifiers = self.doc.kids(tok.i, "compound", "amod", "nmod")
        return self._mentions(
            [
                k
                for k in modifiers
                if k.ent_type == "NORP"
                or (k.ent_type == "ORG" and k.pos == "PROPN" and not self._a_site(modifiers))
            ]
        )

    def _noun_recipients(
        self,
        tok: Token,
        trigger: Trigger,
        actors: list[Mention],
        victims: list[Token],
        frame: Frame | None,
    ) -> list[Mention]:
        """Whom the noun's act is done to: its victims and the people its prepositions and
        the frame's verb name; else, for a demand or an accusation, the one asked; else,
        for a protest, whom it is against."""
        doc = self.doc
        frame_verb = frame.verb if frame is not None else None
        recipients = self._mentions(victims + self._noun_targets(tok, actors, frame_verb))
        if not recipients and trigger.coding.event in ADDRESSED:
            # "its demand that Israel ease restrictions": the one asked
            clauses = doc.kids(tok.i, "acl", "ccomp")
            if frame_verb is not None:  # "reiterated its demand today that Israel ease ..."
                clauses += doc.kids(frame_verb, "ccomp")
            recipients = self._mentions([s for c in clauses for s in doc.kids(c.i, "nsubj")])
        if not recipients and trigger.coding.event == "PROTEST":
            # "continuing a hunger strike in protest of the government's refusal"
            hosts = [tok] + ([doc.tokens[frame_verb]] if frame_verb is not None else [])
            recipients = self._mentions([t for h in hosts for t in self._protested(h)])
        return recipients

    def _noun_targets(
        self, tok: Token, actors: list[Mention], frame_verb: int | None
    ) -> list[Token]:
        """'attacks on X', 'rocket fire into Israeli territory' (a preposition of the frame's
        verb), 'demonstrations against the harassment by the Israeli military' (whose the
        thing is): the heads named, but not the actors'."""
        doc = self.doc
        extra: list[Token] = []
        if frame_verb is not None:  # "attributed rocket fire ... into Israeli territory"
            extra = self._prep_objects(doc.tokens[frame_verb], FRAME_RECIPIENT_PREPS)
        taken = {a.head for a in actors} | {a.referent.head for a in actors}
        own_preps = self._prep_objects(tok, NOUN_RECIPIENT_PREPS)
        owned = [
            o
            for p in own_preps
            if doc.tokens[p.head].lower != "of"  # the preposition: "the arrest of activists"
            and not self.mentions.is_actor_like(p)
            and p.lemma not in HELP_NOUNS
            for o in self._owner_tokens(p, ("by", "from"))
        ]
        return [p for p in own_preps + extra + owned if p.i not in taken]
