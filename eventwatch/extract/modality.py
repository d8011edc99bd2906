"""Did it happen? Negation, hypotheticals, intentions, avoidance, threats and claims.

`judge(trigger)` walks up the dependency tree from a trigger and returns a `Verdict`:
`fact` (code it as it is), `intent` (an act vowed, pledged, announced with will/would,
stated in the plain future or wanted by its own actor: coded as PLOVER codes expressed intent — THREATEN for violence or
coercion, AGREE for cooperation), `refusal` (a cooperative act announced as not done:
"would not provide support" is REJECT), or a reason to drop it (`negated`,
`hypothetical`, `intended` — asked of someone else, `avoided`, `imperative`). It also
reports the status words that apply (`claimed`, `alleged`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..ontology import Ontology
from ..types import Document, Token, Trigger

CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
THREAT_MODE = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations"}
COERCE_THREAT_MODE = {"arrest": "arrest", "deport": "expel"}
CLIMB = {"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "prep", "pobj", "dobj",
         "acomp", "attr", "oprd", "nsubj", "nsubjpass", "appos", "nmod", "dep", "advmod"}  # fmt: skip
FUTURE = {"will", "would", "'ll", "shall", "wo"}
PLAIN_FUTURE = {"will", "'ll", "shall"}
OBJECT_CONTROL = {"ask", "urge", "call", "demand", "push", "press", "allow", "let", "help",
                  "encourage", "permit", "invite", "order", "instruct", "tell"}  # fmt: skip
AVOID_RELS = {"xcomp", "pcomp", "pobj", "prep", "dobj", "advcl", "advmod"}
NOMINAL_CLIMB = {"pobj", "prep", "dobj", "nsubjpass", "attr", "appos"}
STRONG_THREATS = {"vow", "threaten", "warn", "pledge", "swear", "promise", "threat", "ultimatum"}


@dataclass(frozen=True)
class Verdict:
    # fact | intent | refusal | negated | hypothetical | intended | avoided | imperative |
    # habitual
    kind: str
    reason: str = ""
    status: tuple[str, ...] = field(default=())

    @property
    def keep(self) -> bool:
        return self.kind in ("fact", "intent", "refusal")


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
        self.allege_verbs = w("allege", "reporting")
        self.avoid_nouns = w("avoid", "nouns")
        self.asking = w("demand", "asking")
        self.support = w("support", "verbs")
        self.allege_adv = w("allege", "adverbs") | w("allege", "adjectives")

    def judge(self, trigger: Trigger) -> Verdict:
        doc = self.doc
        tok = doc.tokens[trigger.head]
        status = self._status(tok)
        negated = self._negated(tok)
        if not trigger.nominal and self._imperative(tok):
            return Verdict("imperative", f"'{tok.text}' is a command, not a report")
        if self._conditional(tok):
            return Verdict("hypothetical", f"'{tok.text}' is in a condition")
        if not trigger.nominal and self._habitual(tok):
            return Verdict("habitual", f"'{tok.text}' describes, in the present")
        own_modal = self._modal(tok)
        if not trigger.nominal:
            before = word_before_to(doc, tok)
            if before is not None and before.lemma in STRONG_THREATS | self.threat_nouns:
                return self._intent(tok, negated, f"{before.text} to ...")
            if before is not None and before.lemma in self.avoid | self.avoid_nouns:
                # "refused to talk", "its refusal to talk"
                return Verdict("avoided", f"'{tok.text}' is avoided ({before.text} to ...)")
        if trigger.nominal and tok.dep in ("nsubj", "nsubjpass") and tok.head != tok.i:
            # "If talks fail", "talks will resume": the noun's verb carries the modality
            verb = doc.tokens[tok.head]
            if self._negated(verb) or self._conditional(verb) or self._modal(verb):
                return Verdict("hypothetical", f"'{tok.text}' is not asserted ({verb.text})")
        child = tok
        for head in doc.ancestors(tok.i):
            rel = child.dep
            if rel not in CLIMB:
                break
            words = self._lemmas(head)
            if words & self.avoid and rel in AVOID_RELS:
                return Verdict("avoided", f"'{tok.text}' is avoided or prevented ({head.text})")
            if trigger.nominal and rel in ("pobj", "prep") and head.lemma in self.avoid_nouns:
                return Verdict("avoided", f"'{tok.text}' has stopped ({head.text})")
            if rel in ("xcomp", "ccomp", "acl", "advcl") and not trigger.nominal:
                future = own_modal in FUTURE
                speech = words & (self.threat_verbs | self.threat_nouns | self.report)
                if words & STRONG_THREATS or (future and speech):
                    return self._intent(tok, negated or self._negated(head), head.text)
                infinitive = rel == "xcomp" or any(k.lower == "to" for k in doc.kids(tok.i, "aux"))
                if words & self.intend and infinitive:
                    if rel == "xcomp" and self._subject_control(head):
                        return self._intent(tok, negated or self._negated(head), head.text)
                    return Verdict("intended", f"'{tok.text}' is asked for ({head.text})")
            # "called for talks" is asked for; "ordered the attack" is done
            asked = words & self.intend and not words & self.support
            if trigger.nominal and rel in ("dobj", "pobj", "prep") and asked:
                return Verdict("intended", f"'{tok.text}' is asked for or planned ({head.text})")
            if self._negated(head) and rel in ("xcomp", "conj", "pobj", "dobj", "pcomp"):
                return Verdict("negated", f"'{head.text}' negates '{tok.text}'")
            # "demanded that ...", "reiterated its demand today that ...": what is asked
            asked_for = words | {k.lemma for k in doc.kids(head.i, "dobj")}
            if rel in ("ccomp", "acl") and asked_for & self.asking:
                # "demanded that the parties allow aid": what is asked has not happened
                return Verdict("intended", f"'{tok.text}' is asked for ({head.text})")
            if rel in ("ccomp", "relcl"):
                if rel == "ccomp" and words & self.allege_verbs:
                    status = (*status, "alleged")  # "the US claimed that ISIL had attacked"
                break  # a reported or relative clause has its own modality
            if trigger.nominal and rel not in NOMINAL_CLIMB:
                break
            if trigger.nominal and rel == "dobj" and words & self.support:
                # "vowed to carry out attacks": the support verb carries the modality
                return self.judge(replace(trigger, head=head.i, nominal=False))
            child = head
        if negated:
            return Verdict("negated", f"'{tok.text}' is negated")
        if own_modal in PLAIN_FUTURE and not trigger.nominal:
            return self._intent(tok, False, own_modal)  # "Israel will evacuate the settlements"
        if own_modal and not trigger.nominal:
            return Verdict("hypothetical", f"'{tok.text}' is modal or future ({own_modal})")
        return Verdict("fact", status=status)

    def _intent(self, tok: Token, negated: bool, governor: str) -> Verdict:
        """A vowed, pledged or announced act; refused when negated ("would not provide")."""
        if negated:
            return Verdict("refusal", f"'{tok.text}' is refused ({governor})")
        return Verdict("intent", f"'{tok.text}' is vowed, pledged or announced ({governor})")

    def _habitual(self, tok: Token) -> bool:
        """'Crimea, which hosts the Black Sea Fleet': a relative clause in the simple
        present says what something does, not what happened; but headlines tell the past in
        the present ("Police arrest gunman who kills three"), so not in a title (no full
        stop) nor where the clause counts or dates something."""
        doc = self.doc
        if tok.dep != "relcl" or tok.tag not in ("VBZ", "VBP") or doc.kids(tok.i, "aux", "auxpass"):
            return False
        sentence = doc.sentence_of(tok.i)
        headline = doc.tokens[sentence.last - 1].pos != "PUNCT"
        told = any(
            doc.tokens[j].tag == "CD" or doc.tokens[j].ent_type in ("DATE", "TIME")
            for j in doc.subtree(tok.i)
        )
        return not headline and not told

    def _subject_control(self, verb: Token) -> bool:
        """'wants to attack' (the wanter acts) versus 'urged Russia to accept' (Russia would)."""
        return verb.lemma not in OBJECT_CONTROL and not self.doc.kids(verb.i, "dobj", "dative")

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


COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
PLEDGE_CAMEO = {"AID": "033", "COOPERATE": "031", "CONSULT": "036", "RETREAT": "035",
                "CONCEDE": "035", "SUPPORT": "032", "AGREE": "030"}  # fmt: skip
REFUSAL = {"AID": ("assist", "122"), "COOPERATE": ("assist", "121"), "SUPPORT": ("assist", "121"),
           "CONSULT": ("meet", "125"), "RETREAT": ("yield", "124"), "CONCEDE": ("yield", "124"),
           "AGREE": ("change", "120")}  # fmt: skip
THREAT_CAMEO = {"violence": "138", "arrest": "137", "restrict": "132", "relations": "131",
                "expel": "1312"}  # fmt: skip


def recode(kind: str, event: str, mode: str | None) -> tuple[str, str | None, str] | None:
    """(event, mode, CAMEO) for an intent or refusal of an act of type `event`; None: drop."""
    if kind == "intent" and event in CONFLICT:
        new_mode = threat_mode(event, mode)
        return "THREATEN", new_mode, THREAT_CAMEO.get(new_mode or "", "130")
    if kind == "intent" and event in COOPERATIVE:
        return "AGREE", None, PLEDGE_CAMEO[event]
    if kind == "refusal" and event in COOPERATIVE:
        refused_mode, cameo = REFUSAL[event]
        return "REJECT", refused_mode, cameo
    return None


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
