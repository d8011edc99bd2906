"""Who did it and to whom: actor and recipient mentions from the dependency parse.

Verbs: the subject (inherited through xcomp/advcl/conj chains, relative pronouns pointing
to their noun) is the actor; the direct object or a recipient preposition is the
recipient; passives swap them ("hostages killed by ISIS"). Nouns: a possessor ("its
crackdown"), a "by" agent, or an adjective/compound actor ("Israeli airstrike"); or the
frame the noun sits in: "X carried out / claimed / is responsible for the attack",
"blamed the attack on X", "attributed the rocket fire to X", "accused X of the attack".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ontology import Ontology
from ..types import Document, Mention, Token, Trigger
from .mentions import HELP_NOUNS, MentionFinder
from .modality import word_before_to
from .triggers import QUANTITY_NOUNS

VERB_RECIPIENT_PREPS = ("against", "on", "upon", "at", "with")
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
PROTEST_NOUNS = {"protest", "defiance", "opposition", "disapproval", "anger", "outrage",
                 "condemnation"}  # fmt: skip
AGENT_NOUNS = {"decision", "attempt", "bid", "effort", "campaign", "plan", "order", "move",
               "failure", "refusal", "readiness", "willingness"}  # fmt: skip
SITES = {"mosque", "church", "synagogue", "temple", "school", "university", "hospital",
         "market", "mall", "hotel", "embassy", "airport", "station", "stadium", "camp",
         "prison", "jail", "base", "bridge", "square", "street", "cafe", "restaurant"}  # fmt: skip
# what people hold or put forward: "an army post", "rebel positions", "the hostage-takers
# demands" are theirs
HELD = SITES | {"post", "outpost", "position", "office", "headquarters", "barracks",
                "checkpoint", "convoy", "vehicle", "building", "compound", "stronghold",
                "hideout", "demand"}  # fmt: skip
# where something is, not whose: "a stronghold on the Thai border"
EDGES = {"border", "frontier", "outskirts", "edge", "coast", "shore", "bank", "side"}
GIVING = {"AID", "AGREE"}  # their object is what is given or offered, not a recipient
OWN = {"its", "their", "his", "her", "our"}
# "a truce with Moslem forces", "a military aid program for Bosnia"
OWNER_PREPS = ("on", "against", "by", "from", "of", "with", "for")
FORCES = {"troop", "force", "soldier", "peacekeeper", "personnel", "army", "unit", "police",
          "inspector", "investigator", "monitor", "observer", "team", "delegation",
          "reservist", "conscript"}  # fmt: skip
STATE_PREPS = ("to", "with", "from", "for", "against")
STATE_LABELS = {"GPE", "ORG", "NORP"}
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
INHERIT_SUBJECT = {"xcomp", "advcl", "conj", "pcomp", "acl", "acomp"}


@dataclass(frozen=True)
class Arguments:
    actors: tuple[Mention, ...]
    recipients: tuple[Mention, ...]
    status: tuple[str, ...] = ()
    reason: str = ""
    frame_verb: int | None = None  # "attributed rocket fire from Gaza ...": where to look too


@dataclass(frozen=True)
class Frame:
    """The words around a nominal trigger that name its actor ("X carried out the attack")."""

    actors: list[Token]
    status: tuple[str, ...]
    reason: str
    verb: int | None = None


class ArgumentFinder:
    def __init__(self, doc: Document, ontology: Ontology, mentions: MentionFinder) -> None:
        self.doc = doc
        self.mentions = mentions
        self.support = ontology.words("support", "verbs")
        self.responsible = ontology.words("support", "adjectives")
        self.claim = ontology.words("claim", "verbs")
        self.allege_preps: dict[str, str] = dict(ontology.frames["allege"]["verbs"])
        self.allege_objects = ontology.words("allege", "object_verbs")
        self.threat_nouns = ontology.words("threat", "nouns")
        # "its vow to kill", "the IRA's decision to carry out the attacks": whose they are
        self.agent_nouns = self.threat_nouns | AGENT_NOUNS

    def find(self, trigger: Trigger) -> Arguments:
        tok = self.doc.tokens[trigger.head]
        if trigger.nominal:
            return self._nominal(tok, trigger)
        return self._verbal(tok, trigger)

    # --- verbs -----------------------------------------------------------------------
    def _verbal(self, tok: Token, trigger: Trigger) -> Arguments:
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
            recipients = self._mentions(patients, counted=_harms(trigger))
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

    def _passive(self, tok: Token) -> bool:
        """'was killed', 'hostages killed by ISIS', '49 killed in attacks', 'dead, killed in'."""
        doc = self.doc
        if doc.kids(tok.i, "auxpass", "nsubjpass"):
            return True
        if tok.tag != "VBN" or doc.kids(tok.i, "aux", "nsubj"):
            return False
        if tok.dep == "conj":  # shares the auxiliary of the verb it is joined to
            head = doc.tokens[tok.head]
            return bool(doc.kids(head.i, "auxpass")) or not doc.kids(head.i, "aux")
        return tok.dep in ("acl", "advcl", "ROOT", "xcomp", "ccomp")

    def _subject(self, tok: Token) -> list[Token]:
        """The subject of a verb, climbing to the verb it depends on when it has none."""
        doc = self.doc
        before = word_before_to(doc, tok)
        if before is not None and before.pos == "NOUN" and before.lemma in self.agent_nouns:
            # "its vow to kill ..."
            return doc.kids(before.i, "poss", "compound")
        node, via = tok, ""
        for _ in range(6):
            subj = doc.kids(node.i, "nsubj", "csubj")
            if not subj and via == "xcomp" and self._passive(node):
                # "a militant is shown shooting the man": the one shown does the shooting
                # (not "children were killed in shelling": they did not shell)
                subj = doc.kids(node.i, "nsubjpass")
            if subj:
                # "The Red Cross operating in Iraq said": the parser made the participle
                # the subject; its own subject is the speaker
                return [
                    s2 for s in subj
                    for s2 in ((doc.kids(s.i, "nsubj") or [s]) if s.tag == "VBG" else [s])
                ]  # fmt: skip
            if node.dep not in INHERIT_SUBJECT or node.head == node.i:
                break
            head = doc.tokens[node.head]
            if node.dep == "acl" or head.pos in ("NOUN", "PROPN"):
                # "ISIS vows to overthrow ...": a headline noun governor names the actor
                if head.lemma in self.threat_nouns:
                    return doc.kids(head.i, "poss", "compound", "nmod")
                if node.dep == "acl" and head.lemma in self.mentions.people:
                    return [head]
                if node.dep == "acl" and head.dep == "dobj" and not self._passive(tok):
                    # "issued a declaration demanding ...": the issuer demands
                    node = doc.tokens[head.head]
                    continue
                return []
            node, via = head, node.dep
        return []

    def _verb_recipients(self, tok: Token, trigger: Trigger, depth: int = 0) -> list[Mention]:
        doc = self.doc
        preps = trigger.coding.recipient_preps
        if preps:  # "attributed the attack to X": only the named preposition counts
            return self._mentions(self._prep_objects(tok, preps))
        accused_directly = any(self.mentions.is_actor_like(o) for o in doc.kids(tok.i, "dobj"))
        if trigger.coding.event == "ACCUSE" and not accused_directly:
            # "complained to the UN over Israeli air raids": the accused, not the audience
            # (but "accused Israel over the killing": the object is the accused)
            accused = [
                a
                for p in self._prep_objects(tok, ("over", "about", "against"))
                for a in (self._owner_tokens(p) or ([p] if self.mentions.is_actor_like(p) else []))
            ]
            if accused:
                return self._mentions(accused)
        out = []
        objects = doc.kids(tok.i, "dobj", "dative")
        # a preposition the trigger names: "called for the resignation of X", "hacked into X"
        objects += [
            p
            for prep in doc.kids(tok.i, "prep")
            if trigger.span.start <= prep.start < trigger.span.end
            for p in doc.kids(prep.i, "pobj")
        ]
        # "suspended part of a military aid program for Bosnia": the program
        objects = [self._counted_thing(o) for o in objects]
        for obj in objects:
            # "offered its troops to X": the object the trigger names is the thing given
            # (not so "expelled two diplomats", "dispersed the demonstrators")
            named = (
                trigger.coding.event in GIVING
                and obj.dep == "dobj"
                and trigger.span.start <= obj.start < trigger.span.end
            )
            people = self.mentions.is_actor_like(obj) or (_harms(trigger) and _a_count(obj))
            if people and not named and not self._own_forces(obj, trigger):
                out.extend(self.mentions.mentions(obj.i))
            else:  # "arming its missile stocks", "rejected calls by Kofi Annan"
                out.extend(self._owners(obj))
                # "sent aid to Yemen", "granted asylum to five officers": given to someone;
                # "fired missiles at X", "a state of siege against opponents": aimed at someone
                to = self._prep_objects(tok, ("to",)) + self._prep_objects(obj, ("to",))
                aimed = self._prep_objects(obj, ("at", "against", "on"))
                out.extend(
                    self._mentions(to + [a for a in aimed if self.mentions.is_actor_like(a)])
                )
        if not out:
            # "confiscated weapons from armed groups": seized from someone
            taken_from = ("from",) if trigger.coding.event == "COERCE" else ()
            for obj in self._prep_objects(tok, VERB_RECIPIENT_PREPS + ("to",) + taken_from):
                if self.mentions.is_actor_like(obj):
                    out.extend(self._mentions([obj]))
                else:  # "agreed to US mediation", "conceded to demands from the rebels"
                    out.extend(self._owners(obj))
        if not out and trigger.coding.event == "THREATEN":
            out = self._mentions(self._condition_subjects(tok))
        if not out and trigger.coding.event in ADDRESSED:
            # "demanded that Israel withdraw": the one asked, accused or threatened
            out = self._mentions(
                [s for c in doc.kids(tok.i, "ccomp") for s in doc.kids(c.i, "nsubj")]
            )
        if trigger.coding.event == "PROTEST" and _only_own(out):
            out += self._mentions(self._protested(tok))
        if not out and depth == 0:
            # "refused to meet X", "threatened to deliver blows to X": the act's recipient;
            # "blocked roads to press their demands on X": what a protest is for
            acts = doc.kids(tok.i, "xcomp")
            if trigger.coding.event == "PROTEST":
                acts += [a for a in doc.kids(tok.i, "advcl") if doc.kids(a.i, "aux")]
            for act in acts:
                out += self._verb_recipients(act, trigger, depth + 1)
        if not out:
            out = self._answered(tok, trigger)
        if _only_own(out):
            # "closed its borders with Iran": its own thing; the states named are the ones
            out += self._state_recipients(tok, trigger)
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

    def _counted_thing(self, obj: Token) -> Token:
        if obj.lemma not in ("part", "half", "most", "some", "all", "rest"):
            return obj
        inner = self._prep_objects(obj, ("of",))
        return inner[0] if inner else obj

    def _protested(self, tok: Token) -> list[Token]:
        """'in defiance of Chinese authorities', 'in protest at the government', 'their
        disapproval of the United States': whom a protest is against."""
        doc = self.doc
        out = []
        nouns = self._prep_objects(tok, ("in", "to", "as")) + doc.kids(tok.i, "dobj")
        for noun in nouns:
            if noun.lemma in PROTEST_NOUNS:
                preps = ("of", "at", "against", "to", "over", "for", "with")
                for target in self._prep_objects(noun, preps):
                    if self.mentions.is_actor_like(target):
                        out.append(target)
                    else:  # "in protest of the government's refusal", "of abuses by X"
                        # (not "the arrest of activists": the arrested are not protested)
                        out += self._owner_tokens(target, ("by", "from"))
        return out

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

    def _owners(self, thing: Token) -> list[Mention]:
        return self._mentions(self._owner_tokens(thing))

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

    def _owner_tokens(self, thing: Token, preps: tuple[str, ...] = OWNER_PREPS) -> list[Token]:
        """Whose a thing is, or whom it concerns: 'its missile stocks', 'calls by Kofi Annan',
        'an appeal from President Gbagbo', 'US mediation', 'the removal of President X'."""
        doc = self.doc
        named = doc.kids(thing.i, "poss") + [
            p for p in self._prep_objects(thing, preps) if p.lemma not in EDGES
        ]
        thing_is_people = self.mentions.is_actor_like(thing)  # "army reservists": one mention
        named += [
            k
            for k in doc.kids(thing.i, "compound", "nmod", "amod")
            if k.ent_type in STATE_LABELS
            # "hostage-takers demands", "rebel positions": people named as a modifier
            # ("the hostage deal", "the prisoner swap" are nobody's)
            or (
                k.dep == "compound"
                and k.pos == "NOUN"
                and thing.lemma in HELD
                and not thing_is_people
                and self.mentions.is_actor_like(k)
            )
        ]
        if "by" in preps:  # "crimes committed by Croat forces", "a protest staged by students"
            named += [
                p
                for acl in doc.kids(thing.i, "acl")
                if acl.tag == "VBN"
                for a in doc.kids(acl.i, "agent")
                for p in doc.kids(a.i, "pobj")
            ]
        return named

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

    # --- nouns -----------------------------------------------------------------------
    def _nominal(self, tok: Token, trigger: Trigger) -> Arguments:
        doc = self.doc
        actors: list[Mention] = []
        status: tuple[str, ...] = ()
        reason = ""
        # "Khashoggi's killing": the owner of a lethal noun is its victim, not its author
        possessors = doc.kids(tok.i, "poss")
        victims = possessors if trigger.coding.lethal else []
        victims += self._died_of(tok) if trigger.coding.event == "ASSAULT" else []
        own = (possessors if not victims else []) + [
            p for a in doc.kids(tok.i, "prep") if a.lower == "by" for p in doc.kids(a.i, "pobj")
        ]
        actors = self._mentions(own)
        frame = self.frame(tok)
        extra: list[Token] = []
        if frame is not None:
            status, reason = frame.status, frame.reason
            if not actors:
                actors = self._mentions(frame.actors)
            if frame.verb is not None:  # "attributed rocket fire ... into Israeli territory"
                extra = self._prep_objects(doc.tokens[frame.verb], FRAME_RECIPIENT_PREPS)
        prep = doc.tokens[tok.head]
        if not actors and tok.dep == "pobj" and prep.lower in ("on", "for"):
            # "arrived in Amman on a visit", "returned to Geneva for talks": the traveller
            governor = doc.tokens[prep.head]
            travel = prep.lower == "on" or set(governor.forms) & TRAVEL
            if governor.pos == "VERB" and travel and not self._passive(governor):
                actors = self._mentions(self._subject(governor))
        if not actors:  # "an Israeli airstrike", "Hamas rocket fire"
            modifiers = doc.kids(tok.i, "compound", "amod", "nmod")
            actors = self._mentions(
                [
                    k
                    for k in modifiers
                    if k.ent_type == "NORP"
                    or (k.ent_type == "ORG" and k.pos == "PROPN" and not self._a_site(modifiers))
                ]
            )
        taken = {a.head for a in actors} | {a.referent.head for a in actors}
        own_preps = self._prep_objects(tok, NOUN_RECIPIENT_PREPS)
        # "demonstrations against the harassment by the Israeli military": whose thing
        owned = [
            o
            for p in own_preps
            if doc.tokens[p.head].lower != "of"  # the preposition: "the arrest of activists"
            and not self.mentions.is_actor_like(p)
            and p.lemma not in HELP_NOUNS
            for o in self._owner_tokens(p, ("by", "from"))
        ]
        recipients = self._mentions(
            victims + [p for p in own_preps + extra + owned if p.i not in taken]
        )
        frame_verb = frame.verb if frame is not None else None
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
        return Arguments(tuple(actors), tuple(recipients), status, reason, frame_verb)

    def frame(self, tok: Token) -> Frame | None:
        """The verb or adjective a nominal trigger is the object of, if it names the actor."""
        doc = self.doc
        node = tok
        # climb "the mass murder of ..." / "responsibility for the attack" to the governor
        for _ in range(4):
            head = doc.tokens[node.head]
            if node.dep in ("dobj", "nsubjpass", "attr"):
                return self._verb_frame(head, node)
            if node.dep == "pobj" and head.dep == "prep":
                gov = doc.tokens[head.head]
                if gov.lemma in self.responsible:
                    subj = self._copula_subject(gov)
                    return Frame(subj, (), f"'{gov.text} {head.text}' frame")
                if head.lower == "behind" and gov.lemma == "be":  # "Russia was behind the attacks"
                    return Frame(doc.kids(gov.i, "nsubj"), (), "'was behind' frame")
                if gov.lemma == "responsibility" or (
                    head.lower == "of" and gov.lemma in QUANTITY_NOUNS
                ):
                    node = gov  # "claimed responsibility for", "launched a series of attacks"
                    continue
                if gov.lemma in self.allege_objects and head.lower == "of":
                    return Frame(
                        doc.kids(gov.i, "dobj"), ("alleged",), f"'{gov.text} ... of' frame"
                    )
                if gov.pos == "VERB" and head.lower in ("for", "behind"):
                    return self._verb_frame(gov, node)
                if gov.pos == "VERB" and {f"{f} {head.lower}" for f in gov.forms} & self.support:
                    # "were engaged in ethnic cleansing", "resorted to throwing stones"
                    subject = self._subject(gov) or doc.kids(gov.i, "nsubjpass")
                    return Frame(subject, (), f"'{gov.text} {head.text}' frame", gov.i)
                return None
            if node.dep in ("conj", "appos") and head.pos in ("NOUN", "PROPN"):
                node = head
                continue
            return None
        return None

    def _verb_frame(self, verb: Token, obj: Token) -> Frame | None:
        doc = self.doc
        lemmas = set(verb.forms) | {
            f"{form} {k.lower}" for form in verb.forms for k in doc.kids(verb.i, "prt")
        }
        if verb.lemma in self.allege_preps:
            prep = self.allege_preps[verb.lemma]
            # the parser hangs "on X" on the verb or on the noun: "blamed the bombing on X"
            return Frame(
                self._prep_objects(verb, (prep,)) or self._prep_objects(obj, (prep,)),
                ("alleged",),
                f"'{verb.text} ... {prep}' frame",
                verb.i,
            )
        if lemmas & self.claim:
            subject = self._subject(verb)
            if any(k.lower in ("no", "none") for s in subject for k in doc.kids(s.i, "det")):
                return Frame([], (), f"no one {verb.text} it", verb.i)  # "No group has claimed"
            if subject and subject[0].lower in ("nobody", "none", "noone"):
                return Frame([], (), f"no one {verb.text} it", verb.i)
            return Frame(subject, ("claimed",), f"'{verb.text}' frame", verb.i)
        if lemmas & self.support:
            return Frame(self._subject(verb), (), f"'{verb.text}' frame", verb.i)
        return None

    def _copula_subject(self, adj: Token) -> list[Token]:
        doc = self.doc
        head = doc.tokens[adj.head] if adj.dep in ("acomp", "amod", "advmod") else adj
        return doc.kids(head.i, "nsubj") or doc.kids(adj.i, "nsubj")

    # --- helpers ---------------------------------------------------------------------
    def _prep_objects(self, tok: Token, preps: tuple[str, ...]) -> list[Token]:
        doc = self.doc
        return [
            p
            for prep in doc.kids(tok.i, "prep", "dative")
            if prep.lower in preps
            for p in doc.kids(prep.i, "pobj")
        ]

    def _mentions(self, heads: list[Token], *, counted: bool = False) -> list[Mention]:
        """Mentions of the actor-like heads; with `counted` (the trigger kills or injures)
        a bare count is people too: "injured another 15", "496 had been killed"."""
        out: list[Mention] = []
        for head in heads:
            if not self.mentions.is_actor_like(head) and not (counted and _a_count(head)):
                continue
            for m in self.mentions.mentions(head.i):
                if m not in out:
                    out.append(m)
        return out


def _harms(trigger: Trigger) -> bool:
    return trigger.coding.lethal or trigger.coding.injures


COUNT_WORDS = {"others", "another", "more", "scores", "dozens", "hundreds", "thousands", "many",
               "several", "some", "all", "rest"}  # fmt: skip


def _a_count(tok: Token) -> bool:
    """'killing three people and injuring more than 260 others', 'injured another 15'."""
    return tok.tag == "CD" or tok.lower in COUNT_WORDS


def _only_own(mentions: list[Mention]) -> bool:
    """None, or only the actor's own possessive ("its borders", "their demands")."""
    return all(m.text.lower() in OWN for m in mentions)
