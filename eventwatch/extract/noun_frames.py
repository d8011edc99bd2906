"""The frame a nominal trigger sits in, when its words name the actor.

"X carried out / claimed / is responsible for the attack", "blamed the attack on X",
"accused X of the attack", "Russia was behind the attacks", "resorted to throwing stones".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Token
from .parse_queries import ParseQueries
from .triggers import QUANTITY_NOUNS


@dataclass(frozen=True)
class Frame:
    """The words around a nominal trigger that name its actor ("X carried out the attack")."""

    actors: list[Token]
    status: tuple[str, ...]
    reason: str
    verb: int | None = None


class NounFrames(ParseQueries):
    """Finds the `Frame` of a nominal trigger: the verb or adjective it is the object of."""

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
        """'blamed the bombing on X', 'X claimed the attack', 'X carried out the attack':
        a verb of alleging, claiming or doing names the actor ('No group has claimed':
        no one)."""
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
        """'X is responsible for the attack': the subject the adjective is said of."""
        doc = self.doc
        head = doc.tokens[adj.head] if adj.dep in ("acomp", "amod", "advmod") else adj
        return doc.kids(head.i, "nsubj") or doc.kids(adj.i, "nsubj")
