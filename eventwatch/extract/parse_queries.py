"""Questions about the parse that finding actors and recipients asks, for verbs and nouns.

A verb's subject, whether it is passive, the objects of its prepositions, whose a thing is
("its missile stocks", "calls by Kofi Annan"), whom a protest is against, and the mentions
that actor-like heads stand for.
"""

from __future__ import annotations

from ..ontology import Ontology
from ..types import Document, Mention, Token, Trigger
from .mentions import MentionFinder
from .modality import word_before_to

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
OWN = {"its", "their", "his", "her", "our"}
# "a truce with Moslem forces", "a military aid program for Bosnia"
OWNER_PREPS = ("on", "against", "by", "from", "of", "with", "for")
STATE_LABELS = {"GPE", "ORG", "NORP"}
INHERIT_SUBJECT = {"xcomp", "advcl", "conj", "pcomp", "acl", "acomp"}
COUNT_WORDS = {"others", "another", "more", "scores", "dozens", "hundreds", "thousands", "many",
               "several", "some", "all", "rest"}  # fmt: skip


class ParseQueries:
    """What the parse says around a trigger; the base of the verb and noun argument finders."""

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

    def _prep_objects(self, tok: Token, preps: tuple[str, ...]) -> list[Token]:
        """The objects of the token's prepositions in `preps` ("fired at X" -> X)."""
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
            if not self.mentions.is_actor_like(head) and not (counted and a_count(head)):
                continue
            for m in self.mentions.mentions(head.i):
                if m not in out:
                    out.append(m)
        return out

    def _owners(self, thing: Token) -> list[Mention]:
        """The mentions of whose a thing is (see `_owner_tokens`)."""
        return self._mentions(self._owner_tokens(thing))

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

    def _counted_thing(self, obj: Token) -> Token:
        """'suspended part of a military aid program for Bosnia': the program, not the part."""
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


def harms(trigger: Trigger) -> bool:
    """Does the trigger kill or injure ("killed", "wounded")?"""
    return trigger.coding.lethal or trigger.coding.injures


def a_count(tok: Token) -> bool:
    """'killing three people and injuring more than 260 others', 'injured another 15'."""
    return tok.tag == "CD" or tok.lower in COUNT_WORDS


def only_own(mentions: list[Mention]) -> bool:
    """None, or only the actor's own possessive ("its borders", "their demands")."""
    return all(m.text.lower() in OWN for m in mentions)
