"""Did it happen? Negation, hypotheticals, intentions, avoidance, threats and claims.

`judge(trigger)` walks up the dependency tree from a trigger and returns a `Verdict`:
`fact` (code it as it is), `intent` (an act vowed, pledged, announced with will/would,
stated in the plain future or wanted by its own actor: coded as PLOVER codes expressed intent — THREATEN for violence or
coercion, AGREE for cooperation), `refusal` (a cooperative act announced as not done:
"would not provide support" is REJECT), or a reason to drop it (`negated`,
`hypothetical` — also foreseen by someone else, `intended` — asked of someone else or only
prepared for, `avoided` — also what almost happened, `imperative`, `habitual` — a habit or
a tally: "repeatedly attacked", "several attacks"). It also reports the status words that
apply (`claimed`, `alleged`). The word lists are in frames.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..ontology import Ontology
from ..types import Document, Token, Trigger
from .dates import WEEKDAYS

CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
THREAT_MODE = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations"}
COERCE_THREAT_MODE = {"arrest": "arrest", "deport": "expel"}
CLIMB = {"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "prep", "pobj", "dobj",
         "acomp", "attr", "oprd", "nsubj", "nsubjpass", "appos", "nmod", "dep", "advmod"}  # fmt: skip
FUTURE = {"will", "would", "'ll", "shall", "wo"}
PLAIN_FUTURE = {"will", "'ll", "shall"}
AVOID_RELS = {"xcomp", "pcomp", "pobj", "prep", "dobj", "advcl", "advmod"}
NOMINAL_CLIMB = {"pobj", "prep", "dobj", "nsubjpass", "attr", "appos"}
STRONG_THREATS = {"vow", "threaten", "warn", "pledge", "swear", "promise", "threat", "ultimatum"}
# a date of this grain makes a tally one event again ("several attacks on Monday")
DAYS = {*WEEKDAYS.split("|"), "yesterday", "today", "tonight", "overnight", "morning",
        "afternoon", "evening", "night"}  # fmt: skip


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
        self.object_control = w("intend", "object_control")
        self.preparing = w("intend", "preparing")
        self.planning = w("intend", "planning")
        self.beliefs = w("hypothetical", "beliefs")
        self.near_misses = w("hypothetical", "near_misses")
        self.habit = w("habitual", "adverbs")
        self.tally = w("habitual", "quantifiers")
        self.spans = w("habitual", "spans")
        self.lasting = w("habitual", "lasting")
        self.one_target = w("habitual", "one_target")

    def judge(self, trigger: Trigger) -> Verdict:
        tok = self.doc.tokens[trigger.head]
        negated = self._negated(tok)
        verdict = self._local(trigger, tok, negated)
        if verdict is not None:
            return verdict
        own_modal = self._modal(tok)
        verdict, status = self._climb(trigger, tok, own_modal, negated, self._status(tok))
        if verdict is not None:
            return verdict
        if negated:
            return Verdict("negated", f"'{tok.text}' is negated")
        if own_modal in PLAIN_FUTURE and not trigger.nominal:
            return self._intent(tok, False, own_modal)  # "Israel will evacuate the settlements"
        if own_modal and not trigger.nominal:
            return Verdict("hypothetical", f"'{tok.text}' is modal or future ({own_modal})")
        return Verdict("fact", status=status)

    def _local(self, trigger: Trigger, tok: Token, negated: bool) -> Verdict | None:
        """What the trigger's own words and marks say: a command, a condition, a habit or
        a tally, "vowed to" or "refused to" right before it, a noun whose verb is unreal."""
        doc = self.doc
        if not trigger.nominal and self._imperative(tok):
            return Verdict("imperative", f"'{tok.text}' is a command, not a report")
        if self._conditional(tok):
            return Verdict("hypothetical", f"'{tok.text}' is in a condition")
        if not trigger.nominal and self._habitual(tok):
            return Verdict("habitual", f"'{tok.text}' describes, in the present")
        missed = [k for k in doc.kids(tok.i, "advmod") if k.lower in self.near_misses]
        if missed and not trigger.nominal:
            return Verdict("avoided", f"'{tok.text}' almost happened ({missed[0].text})")
        pattern = self._pattern(tok, trigger.nominal, trigger.coding.event in self.lasting)
        if pattern:
            return Verdict("habitual", f"'{tok.text}' is a habit or a tally ({pattern})")
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
        return None

    def _climb(
        self,
        trigger: Trigger,
        tok: Token,
        own_modal: str | None,
        negated: bool,
        status: tuple[str, ...],
    ) -> tuple[Verdict | None, tuple[str, ...]]:
        """Up the tree from the trigger, what governs it: avoiding, asking, vowing,
        foreseeing, negating, planning; stops at a reported or relative clause (which has
        its own modality). Returns a verdict if one decides, and the status words found."""
        doc = self.doc
        child = tok
        for head in doc.ancestors(tok.i):
            rel = child.dep
            if rel not in CLIMB:
                break
            words = self._lemmas(head)
            if words & self.avoid and rel in AVOID_RELS:
                return Verdict(
                    "avoided", f"'{tok.text}' is avoided or prevented ({head.text})"
                ), status
            if trigger.nominal and rel in ("pobj", "prep") and head.lemma in self.avoid_nouns:
                return Verdict("avoided", f"'{tok.text}' has stopped ({head.text})"), status
            if rel in ("xcomp", "ccomp", "acl", "advcl") and not trigger.nominal:
                verdict = self._complement(tok, head, rel, words, own_modal, negated)
                if verdict is not None:
                    return verdict, status
            verdict = self._governed(trigger, tok, head, rel, words)
            if verdict is not None:
                return verdict, status
            if rel in ("ccomp", "relcl"):
                if rel == "ccomp" and words & self.allege_verbs:
                    status = (*status, "alleged")  # "the US claimed that ISIL had attacked"
                break  # a reported or relative clause has its own modality
            if trigger.nominal and rel not in NOMINAL_CLIMB:
                break
            if trigger.nominal and rel == "dobj" and words & self.planning and not self._known(tok):
                # "were planning attacks" (but "planned the attack" tells one that happened)
                return Verdict("intended", f"'{tok.text}' is planned ({head.text})"), status
            if trigger.nominal and rel == "dobj" and words & self.support:
                # "vowed to carry out attacks": the support verb carries the modality
                return self.judge(replace(trigger, head=head.i, nominal=False)), status
            child = head
        return None, status

    def _complement(
        self,
        tok: Token,
        head: Token,
        rel: str,
        words: set[str],
        own_modal: str | None,
        negated: bool,
    ) -> Verdict | None:
        """A verb in a clause under `head`: foreseen by someone, prepared for, vowed or
        announced (an intent), wanted by its own actor (an intent) or asked of another."""
        doc = self.doc
        future = own_modal in FUTURE
        if future and rel == "ccomp" and words & self.beliefs:
            return Verdict("hypothetical", f"'{tok.text}' is foreseen ({head.text})")
        to = any(k.lower == "to" for k in doc.kids(tok.i, "aux"))
        if to and rel in ("xcomp", "advcl") and words & self.preparing:
            return Verdict("intended", f"'{tok.text}' is prepared for ({head.text})")
        speech = words & (self.threat_verbs | self.threat_nouns | self.report)
        if words & STRONG_THREATS or (future and speech):
            return self._intent(tok, negated or self._negated(head), head.text)
        if words & self.intend and (rel == "xcomp" or to):
            if rel == "xcomp" and self._subject_control(head):
                return self._intent(tok, negated or self._negated(head), head.text)
            return Verdict("intended", f"'{tok.text}' is asked for ({head.text})")
        return None

    def _governed(
        self, trigger: Trigger, tok: Token, head: Token, rel: str, words: set[str]
    ) -> Verdict | None:
        """What a governing word says of the act: asked for or planned ("called for talks";
        but "ordered the attack" is done), negated, or demanded ("demanded that ...")."""
        asked = words & self.intend and not words & self.support
        if trigger.nominal and rel in ("dobj", "pobj", "prep") and asked:
            return Verdict("intended", f"'{tok.text}' is asked for or planned ({head.text})")
        if self._negated(head) and rel in ("xcomp", "conj", "pobj", "dobj", "pcomp"):
            return Verdict("negated", f"'{head.text}' negates '{tok.text}'")
        # "demanded that ...", "reiterated its demand today that ...": what is asked
        asked_for = words | {k.lemma for k in self.doc.kids(head.i, "dobj")}
        if rel in ("ccomp", "acl") and asked_for & self.asking:
            # "demanded that the parties allow aid": what is asked has not happened
            return Verdict("intended", f"'{tok.text}' is asked for ({head.text})")
        return None

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
        return verb.lemma not in self.object_control and not self.doc.kids(verb.i, "dobj", "dative")

    def _pattern(self, tok: Token, nominal: bool, lasting: bool) -> str:
        """'repeatedly attacked', 'for years threatened', 'several attacks': the word that
        makes the act a habit or a tally, or "" ('stabbed him repeatedly' is one act; a
        day in the sentence makes the tally one event; aid or support `lasting` for years
        is still the event)."""
        doc = self.doc
        verb = tok
        while verb.dep == "conj" and not nominal:
            verb = doc.tokens[verb.head]
        if nominal:
            found = [k for k in doc.kids(tok.i, "amod", "det") if k.lower in self.tally]
            found = found if tok.tag == "NNS" else []
        else:
            found = [k for k in doc.kids(verb.i, "advmod") if k.lower in self.habit]
            found += [
                k
                for p in doc.kids(verb.i, "prep")
                if p.lower in ("for", "over") and not lasting
                for k in doc.kids(p.i, "pobj")
                if k.lower in self.spans
            ]
            objects = doc.kids(tok.i, "dobj", "nsubjpass")
            if any(o.lemma in self.one_target or o.lower in self.one_target for o in objects):
                return ""
        if not found or self._dated_day(tok):
            return ""
        return found[0].text

    def _known(self, noun: Token) -> bool:
        """'the attack', 'its attacks', 'Monday's attack': an act the reader is told of."""
        kids = self.doc.kids(noun.i, "det", "poss")
        return any(
            k.dep == "poss" or k.lower in ("the", "this", "that", "these", "those") for k in kids
        )

    def _dated_day(self, tok: Token) -> bool:
        """Whether the sentence dates something to a day ('on Monday', 'on March 3')."""
        sentence = self.doc.sentence_of(tok.i)
        for t in self.doc.tokens[sentence.first : sentence.last]:
            if t.ent_type not in ("DATE", "TIME"):
                continue
            if t.lower in DAYS or (t.tag == "CD" and not (len(t.text) == 4 and t.text.isdigit())):
                return True
        return False

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
        # "will no longer grant access"
        return any(
            k.lower == "longer"
            and any(n.lower == "no" for n in self.doc.kids(k.i, "neg", "advmod"))
            for k in self.doc.kids(tok.i, "advmod")
        )

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
