"""Did it happen? Negation, hypotheticals, intentions, avoidance, threats and claims.

`judge(trigger)` walks up the dependency tree from a trigger and returns a `Verdict`:
`fact` (code it), `threat` (a violent act that is only vowed or announced: code it as
THREATEN), or a reason to drop it (`negated`, `hypothetical`, `intended`, `avoided`,
`imperative`). It also reports the status words that apply (`claimed`, `alleged`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ontology import Ontology
from ..types import Document, Token, Trigger

CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
THREAT_MODE = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations"}
COERCE_THREAT_MODE = {"arrest": "arrest", "deport": "expel"}
CLIMB = {"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "prep", "pobj", "dobj",
         "acomp", "attr", "oprd", "nsubj", "nsubjpass", "appos", "nmod", "dep", "advmod"}  # fmt: skip
STRONG_THREATS = {"vow", "threaten", "warn", "pledge", "swear", "promise", "threat", "ultimatum"}


@dataclass(frozen=True)
class Verdict:
    kind: str  # fact | threat | negated | hypothetical | intended | avoided | imperative
    reason: str = ""
    status: tuple[str, ...] = field(default=())

    @property
    def keep(self) -> bool:
        return self.kind in ("fact", "threat")


class Modality:
    def __init__(self, doc: Document, ontology: Ontology) -> None:
        self.doc = doc
        w = ontology.words
        self.negation = w("negation", "words")
        self.modals = w("hypothetical", "modals")
        self.markers = w("hypothetical", "markers")
        self.hedges = w("hypothetical", "adverbs")
        self.avoid = w("avoid", "verbs")
        self.intend = w("intend", "verbs")
        self.threat_verbs = w("threat", "verbs")
        self.threat_nouns = w("threat", "nouns")
        self.report = w("report", "verbs")
        self.claim = w("claim", "verbs")
        self.support = w("support", "verbs")
        self.allege_adv = w("allege", "adverbs") | w("allege", "adjectives")

    def judge(self, trigger: Trigger) -> Verdict:
        doc = self.doc
        tok = doc.tokens[trigger.head]
        status = self._status(tok)
        if self._negated(tok):
            return Verdict("negated", f"'{tok.text}' is negated")
        if not trigger.nominal and self._imperative(tok):
            return Verdict("imperative", f"'{tok.text}' is a command, not a report")
        own_modal = self._modal(tok)
        if not trigger.nominal:
            before = word_before_to(self.doc, tok)
            if before is not None and before.lemma in STRONG_THREATS | self.threat_nouns:
                return Verdict("threat", f"'{tok.text}' is vowed ({before.text} to ...)")
            if before is not None and before.lemma in self.intend | self.avoid:
                return Verdict("intended", f"'{tok.text}' is only intended ({before.text} to ...)")
        if self._conditional(tok):
            return Verdict("hypothetical", f"'{tok.text}' is in a condition")
        if trigger.nominal and tok.dep in ("nsubj", "nsubjpass") and tok.head != tok.i:
            # "If talks fail", "talks will resume": the noun's verb carries the modality
            verb = doc.tokens[tok.head]
            if self._negated(verb) or self._conditional(verb):
                return Verdict(
                    "hypothetical", f"'{tok.text}' is negated or conditional ({verb.text})"
                )
            if self._modal(verb):
                return Verdict("hypothetical", f"'{tok.text}' is modal or future ({verb.text})")
        child = tok
        for head in doc.ancestors(tok.i):
            rel = child.dep
            if rel not in CLIMB:
                break
            words = self._lemmas(head)
            if words & self.avoid and rel in (
                "xcomp",
                "pcomp",
                "pobj",
                "prep",
                "dobj",
                "advcl",
                "advmod",
            ):
                return Verdict("avoided", f"'{tok.text}' is avoided or prevented ({head.text})")
            if rel in ("xcomp", "ccomp", "acl", "advcl") and not trigger.nominal:
                if words & STRONG_THREATS or (
                    own_modal and words & (self.threat_verbs | self.threat_nouns | self.report)
                ):
                    return Verdict("threat", f"'{tok.text}' is vowed or announced ({head.text})")
                if rel == "xcomp" and words & self.intend:
                    return Verdict("intended", f"'{tok.text}' is only intended ({head.text})")
            # "called for talks" is asked for; "ordered the attack" is done
            asked = words & self.intend and not words & self.support
            if trigger.nominal and rel in ("dobj", "pobj", "prep") and asked:
                return Verdict("intended", f"'{tok.text}' is asked for or planned ({head.text})")
            if self._negated(head) and rel in ("xcomp", "conj", "pobj", "dobj", "pcomp"):
                return Verdict("negated", f"'{head.text}' negates '{tok.text}'")
            if rel in ("ccomp", "relcl"):
                break  # a reported or relative clause has its own modality
            if trigger.nominal and rel not in (
                "pobj",
                "prep",
                "dobj",
                "nsubjpass",
                "attr",
                "appos",
            ):
                break
            child = head
        if own_modal and not trigger.nominal:
            return Verdict("hypothetical", f"'{tok.text}' is modal or future ({own_modal})")
        return Verdict("fact", status=status)

    # --- tests on single tokens ------------------------------------------------------
    def _lemmas(self, tok: Token) -> set[str]:
        out = {tok.lemma}
        for kid in self.doc.kids(tok.i, "prt", "advmod", "prep", "acomp"):
            out.add(f"{tok.lemma} {kid.lower}")
        return out

    def _negated(self, tok: Token) -> bool:
        for kid in self.doc.kids(tok.i, "neg", "det", "preconj"):
            if kid.lower in self.negation:
                return True
        return False

    def _modal(self, tok: Token) -> str | None:
        verb = tok
        # conjoined verbs share the auxiliaries of the first one: "will attack and kill"
        while verb.dep == "conj" and not self.doc.kids(verb.i, "aux", "nsubj"):
            verb = self.doc.tokens[verb.head]
        for kid in self.doc.kids(verb.i, "aux"):
            if kid.lower in self.modals:
                return kid.lower
        return None

    def _conditional(self, tok: Token) -> bool:
        doc = self.doc
        node = tok
        for _ in range(3):
            if any(k.lower in self.markers for k in doc.kids(node.i, "mark")):
                return True
            if any(k.lower in self.hedges for k in doc.kids(node.i, "advmod")):
                return True
            if node.dep not in ("conj", "xcomp") or node.head == node.i:
                return False
            node = doc.tokens[node.head]
        return False

    def _imperative(self, tok: Token) -> bool:
        doc = self.doc
        verb = tok
        while verb.dep == "conj":
            verb = doc.tokens[verb.head]
        if verb.tag != "VB" or verb.dep not in ("ROOT", "advcl", "ccomp"):
            return False
        if doc.kids(verb.i, "nsubj", "nsubjpass", "aux", "auxpass", "expl"):
            return False
        sent = doc.sentence_of(verb.i)
        first = next(
            (t for t in doc.tokens[sent.first : sent.last] if t.pos not in ("PUNCT", "SPACE")),
            None,
        )
        return first is not None and first.i == verb.i

    def _status(self, tok: Token) -> tuple[str, ...]:
        doc = self.doc
        status: list[str] = []
        near = [tok, *doc.kids(tok.i, "advmod", "amod")]
        if any(t.lower in self.allege_adv for t in near[1:]):
            status.append("alleged")
        head = doc.tokens[tok.head]
        if tok.dep in ("dobj", "pobj") and (head.lemma in self.claim or "responsibility" in {
            k.lemma for k in doc.kids(head.i)
        }):  # fmt: skip
            status.append("claimed")
        return tuple(status)


def threat_mode(event: str, mode: str | None) -> str | None:
    """The THREATEN mode for a vowed act of the given type and mode."""
    if event == "COERCE":
        return COERCE_THREAT_MODE.get(mode or "", "restrict")
    return THREAT_MODE.get(event)


def word_before_to(doc: Document, tok: Token) -> Token | None:
    """The word right before the "to" of an infinitive ("its vow to kill" -> vow)."""
    verb = tok
    while verb.dep == "conj" and not doc.kids(verb.i, "aux", "nsubj"):
        verb = doc.tokens[verb.head]
    to = [k for k in doc.kids(verb.i, "aux") if k.lower == "to"]
    if not to:
        return None
    j = to[0].i - 1
    while j >= 0 and doc.tokens[j].pos == "PUNCT":
        j -= 1
    return doc.tokens[j] if j >= 0 else None
