"""Participants: turn a head token into a `Mention`, and resolve pronouns and descriptions.

A mention's span is its noun phrase without clauses, conjuncts or prepositional phrases,
except the "of" phrase of partitive heads ("the Egyptian wing of ISIS") and an alias
introduced by "known as" ("..., known as the Sinai Province"). `names` lists the proper
names inside it; they decide whether two mentions may denote the same actor. Where a
mention's words begin and end is decided in `mention_spans`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..ontology import Ontology
from ..types import Document, Mention, Resolution, Token
from .mention_spans import (
    NAME_LABELS,
    aliases,
    in_dateline,
    is_acronym,
    mention_tokens,
    names_in,
)

QUANTITIES = {"thousand", "hundred", "dozen", "score", "million", "number", "group", "crowd",
              "some", "many", "several", "most", "all", "both", "one", "two", "three"}  # fmt: skip
DEFINITE = ("the", "this", "that", "these", "those")  # a thing the reader already knows
HELP_NOUNS = {"help", "support", "assistance", "backing", "cooperation", "blessing", "consent",
              "approval", "permission", "participation", "mediation", "aid"}  # fmt: skip
NOT_STATES = {"emergency", "siege", "war", "alert", "law", "mourning", "readiness", "disaster",
              "play", "affair", "health"}  # fmt: skip
NOT_ACTORS = {
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "ORDINAL",
    "EVENT",
    "LAW",
    "WORK_OF_ART",
}
RELATIVE = {"who", "whom", "that", "which", "whose"}
VICTIMS = {"hostage", "captive", "victim", "casualty"}  # never the attackers
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ANTECEDENT_DEPS = {"nsubj", "nsubjpass", "dobj", "appos", "conj", "ROOT"}


@dataclass
class MentionFinder:
    """Builds mentions over one document and resolves anaphora to earlier mentions."""

    doc: Document
    ontology: Ontology

    def __post_init__(self) -> None:
        self._cache: dict[int, Mention | None] = {}
        self.people = self.ontology.words("people", "nouns")
        self.partitive = self.ontology.words("partitive", "nouns")
        self.personal = self.ontology.words("anaphora", "personal")
        self.pronouns = self.ontology.words("anaphora", "pronouns") | self.personal
        self.descriptions = self.ontology.words("anaphora", "descriptions")
        self.civilians = self.ontology.words("civilians", "nouns")
        self.speech = self.ontology.words("report", "verbs") | self.ontology.words(
            "report", "accounts"
        )

    # --- what kind of token is this -------------------------------------------------
    @cached_property
    def person_words(self) -> frozenset[str]:
        """Surnames and full names the statistical NER tagged as PERSON anywhere."""
        words: set[str] = set()
        for ent in self.doc.entities:
            if ent.label == "PERSON":
                text = self.doc.span_text(ent.span)
                words.add(text.lower())
                words.add(text.split()[-1].lower())
        return frozenset(words)

    def is_person(self, mention: Mention) -> bool:
        tok = self.doc.tokens[mention.referent.head]
        if tok.tag in ("NNS", "NNPS"):
            return False  # "Bosnian Serbs", even when the NER calls them a person
        if tok.ent_type == "PERSON":
            return True
        if tok.pos != "PROPN":  # "militants loyal to Zarqawi" are not Zarqawi
            return False
        return any(n.lower() in self.person_words for n in mention.referent.names)

    def is_actor_like(self, tok: Token) -> bool:
        """Could this head token denote an actor (a named or described person or group)?"""
        if in_dateline(self.doc, tok):
            return False  # "GAZA CITY, Palestinian Territories: Four children were killed"
        if tok.lower in RELATIVE and tok.dep != "det":
            # "the bombing that killed ...": only as actor-like as what it stands for
            target = self._relative_antecedent(tok.i)
            return target is None or (
                target != tok.i and self.is_actor_like(self.doc.tokens[target])
            )
        if tok.lower in self.pronouns or tok.lower in RELATIVE:
            return True
        if self._quantity_of(tok) is not None:
            return True  # "tens of thousands of students", tagged as a number
        if tok.ent_type in NOT_ACTORS:
            return False
        if tok.ent_type in NAME_LABELS - {"LOC", "FAC"}:
            return True
        if tok.pos == "PROPN" or is_acronym(tok):
            return True
        if tok.lemma == "state" and any(
            o.lemma in NOT_STATES
            for p in self.doc.kids(tok.i, "prep")
            if p.lower == "of"
            for o in self.doc.kids(p.i, "pobj")
        ):
            return False  # "a state of emergency"
        if tok.lemma in HELP_NOUNS:
            return False  # "with Albania's help": an ally's contribution, not a target
        if tok.pos == "NOUN" and any(
            k.ent_type in ("NORP", "GPE") or (k.ent_type == "ORG" and k.pos == "PROPN")
            for k in self.doc.kids(tok.i, "amod", "compound", "poss", "nmod")
        ):
            # "Israeli territory", "Syrian positions": the state is the target;
            # "the APEC forum", "the Fatah movement": the organisation acts
            return True
        return tok.pos in ("NOUN", "PRON") and tok.lemma in self.people

    # --- building mentions ---------------------------------------------------------
    def mention(self, i: int) -> Mention | None:
        """The mention headed by token `i` (relative pronouns point to their noun)."""
        if i not in self._cache:
            self._cache[i] = self._build(i)
        return self._cache[i]

    def mentions(self, i: int) -> list[Mention]:
        """The mention headed by `i` and those coordinated with it ("the U.S. and the EU")."""
        out = []
        of = self._quantity_of(self.doc.tokens[i])
        if of is not None:  # "scores of Sierra Leonean and Liberian refugees": all of them
            i = of
        for j in [i, *self._conjuncts(i)]:
            m = self.mention(j)
            if m is not None:
                out.extend(self._nationalities(m))
        return out

    def _nationalities(self, mention: Mention) -> list[Mention]:
        """'Hungarian and Romanian officials' are two actors, one of each nation."""
        doc = self.doc
        for adj in doc.kids(mention.head, "amod", "nmod", "compound"):
            if adj.ent_type not in ("NORP", "GPE"):
                continue  # "Hungarian and Romanian officials", "U.S. and Russian negotiators"
            others = [k for k in doc.kids(adj.i, "conj") if k.ent_type in ("NORP", "GPE")]
            if others:
                return [replace(mention, names=(t.text,)) for t in (adj, *others)]
        return [mention]

    def _conjuncts(self, i: int) -> list[int]:
        out = []
        for kid in self.doc.kids(i, "conj"):
            if kid.pos in ("NOUN", "PROPN", "PRON"):
                out.append(kid.i)
                out.extend(self._conjuncts(kid.i))
        return out

    def _build(self, i: int) -> Mention | None:
        doc = self.doc
        self._cache[i] = None  # a cycle (relative clause, apposition) ends here
        tok = doc.tokens[i]
        of = self._quantity_of(tok)
        if of is not None:  # "thousands of protesters" -> the protesters
            return self.mention(of)
        if tok.lower in RELATIVE and tok.dep != "det":
            target = self._relative_antecedent(i)
            return self.mention(target) if target is not None else None
        # "Meshaal, the former Hamas leader": an appositive stands for the name it follows.
        # (a lower-case word is a description whatever the tagger says: "the umbrella union")
        common = tok.pos == "NOUN" or tok.text.islower()
        if tok.dep == "appos" and doc.tokens[tok.head].pos == "PROPN" and common:
            return self.mention(tok.head)
        if tok.dep == "appos" and is_acronym(tok) and i > 0 and doc.tokens[i - 1].text == "(":
            return self.mention(tok.head)  # "the Ceasefire Violations Committee (CFVC)"
        idx = mention_tokens(doc, i, self.partitive)
        if not idx:
            return None
        span = doc.tokens_span(idx[0], idx[-1])
        names = names_in(doc, idx) + aliases(doc, i, self.partitive)
        mention = Mention(span=span, text=doc.span_text(span), head=i, names=tuple(names))
        if not names and self._is_anaphor(tok):
            return self._resolve(mention)
        owner = next((k for k in doc.kids(i, "poss") if k.lower in self.pronouns), None)
        if not names and owner is not None:  # "their forces", "its fighters"
            resolved = self.mention(owner.i)
            if resolved is not None and resolved.antecedent is not None:
                return replace(mention, owner=resolved)
        return mention

    def _quantity_of(self, tok: Token) -> int | None:
        if not (tok.pos == "NUM" or tok.lemma in QUANTITIES):
            return None
        for prep in self.doc.kids(tok.i, "prep"):
            if prep.lower == "of":
                objs = self.doc.kids(prep.i, "pobj")
                if objs and self.is_actor_like(objs[0]):
                    return objs[0].i
        return None

    def _relative_antecedent(self, i: int) -> int | None:
        doc = self.doc
        clause = doc.tokens[doc.tokens[i].head]
        if clause.dep != "relcl":
            return None
        return clause.head

    # --- anaphora --------------------------------------------------------------------
    def _is_anaphor(self, tok: Token) -> bool:
        if tok.lower in self.pronouns:
            return True
        if tok.lemma in self.descriptions:
            if any(k.lower in ("of", "in") for k in self.doc.kids(tok.i, "prep")):
                # "the movement of Palestinian workers", "the government in Kyiv": described
                # in full, not a group named before
                return False
            dets = [k.lower for k in self.doc.kids(tok.i, "det")]
            # "the group", "another militant" (one more of the group told of)
            return bool(dets) and dets[0] in (*DEFINITE, "another")
        return False

    def _resolve(self, mention: Mention) -> Mention:
        """Link a pronoun or description to the nearest compatible earlier named actor."""
        doc = self.doc
        tok = doc.tokens[mention.head]
        plural = tok.lower in ("they", "their", "them", "themselves") or tok.tag in ("NNS", "NNPS")
        description = tok.lower not in self.pronouns
        # "Two of the passengers described the Baloch Liberation Army. 'They shot and
        # killed people'": who attacks is not one of the victims told of
        attacker = tok.dep == "nsubj" and self._attacks(doc.tokens[tok.head])
        for j in self._candidate_order(tok):
            cand_tok = doc.tokens[j]
            if not self._antecedent_position(cand_tok) or not self.is_actor_like(cand_tok):
                continue
            if self._co_argument(cand_tok, tok):
                continue  # "Israel compares the group to ...": the group is not Israel
            cand = self.mention(j)
            if cand is None or cand.referent.head == mention.head:
                continue
            ref = cand.referent
            if not ref.names and doc.tokens[ref.head].lemma not in self.people:
                continue
            if ref.head == cand_tok.i and cand_tok.lower in self.personal:
                continue  # an unresolved "he" is no antecedent
            if self.is_person(cand) != (tok.lower in self.personal):
                continue  # "it"/"the group" never refers to a person, "he" always does
            ref_tok = doc.tokens[ref.head]
            if description and ref_tok.ent_type == "GPE":
                continue  # "the group" is not a country
            if description and ref_tok.lemma != tok.lemma and not self._names_someone(ref):
                continue  # "Kenyan soldiers ... the militants": another kind of actor
            if tok.dep == "conj" and tok.head == cand_tok.i:
                continue  # coordinated: two actors, not one
            if attacker and ref_tok.lemma in self.civilians and self._victim_or_witness(cand_tok):
                continue
            if not plural and ref_tok.tag in ("NNS", "NNPS") and not ref.names:
                continue
            # "rejected a Senegalese peace plan, and said they ...": not the plan (but "the
            # army said they had killed ...": a body of people)
            thing = ref_tok.tag == "NN" and not ref.name_headed
            if plural and thing and ref_tok.lemma not in self.people:
                continue
            distance = tok.sent - cand_tok.sent
            score = round(0.9 - 0.15 * distance, 2)
            reason = f"nearest earlier actor ({cand_tok.dep}) {distance} sentence(s) back"
            return replace(
                mention,
                antecedent=cand,
                resolution=Resolution("nearest-antecedent", score, reason),
            )
        return mention

    def _victim_or_witness(self, tok: Token) -> bool:
        """Attacked ("gunmen shot the passengers") or telling of it ("two of the
        passengers described ..."): not who attacks next (but "residents attacked the
        soldiers. They killed one" are the residents)."""
        head = self.doc.tokens[tok.head]
        if tok.lemma in VICTIMS:
            return True
        if tok.dep in ("dobj", "nsubjpass"):
            return self._attacks(head)
        return tok.dep == "nsubj" and head.lemma in self.speech

    def _attacks(self, verb: Token) -> bool:
        """Is the verb one of violence ("shot", "killed", "attacked")?"""
        patterns = (p for f in verb.forms for p in self.ontology.verbs.get(f, ()))
        return verb.pos == "VERB" and any(p.coding.event == "ASSAULT" for p in patterns)

    def _names_someone(self, mention: Mention) -> bool:
        """A name ("Hamas"), or a thing of someone named ("the G7 joint statement"), not a
        description by nationality ("Kenyan soldiers", "the Sudanese government")."""
        head = self.doc.tokens[mention.head]
        return mention.name_headed or any(
            k.pos == "PROPN" and k.ent_type != "NORP"
            for k in self.doc.kids(head.i, "compound", "nmod", "poss")
        )

    def _candidate_order(self, tok: Token) -> list[int]:
        """Earlier tokens to try: this sentence nearest first, then each earlier sentence
        (up to three back) subjects first, as a reader would."""
        doc = self.doc
        sent = doc.sentences[tok.sent] if doc.sentences else None
        first = sent.first if sent else 0
        order = list(range(tok.i - 1, first - 1, -1))
        for back in range(tok.sent - 1, max(-1, tok.sent - 4), -1):
            s = doc.sentences[back]
            ids = range(s.first, s.last)
            order += [j for j in ids if doc.tokens[j].dep in SUBJECT_DEPS]
            order += [j for j in reversed(ids) if doc.tokens[j].dep not in SUBJECT_DEPS]
        return order

    def _co_argument(self, cand: Token, anaphor: Token) -> bool:
        """Is `cand` the subject of the verb whose object is `anaphor` (not reflexive)?"""
        if cand.dep not in SUBJECT_DEPS or anaphor.lower.endswith(("self", "selves")):
            return False
        if anaphor.dep == "poss":
            return False  # "fundamentalists continued their hunger strike": theirs
        node = anaphor
        while node.dep in ("pobj", "prep", "dobj", "poss", "dative") and node.head != node.i:
            node = self.doc.tokens[node.head]
            if node.i == cand.head:
                return True
        return False

    def _antecedent_position(self, tok: Token) -> bool:
        if tok.dep in ANTECEDENT_DEPS:
            return tok.dep in SUBJECT_DEPS or tok.ent_type != "GPE"
        if tok.dep == "pobj":
            prep = self.doc.tokens[tok.head]
            # "harrowing moments with the Baloch Liberation Army. 'They shot ...'": a group
            # named after "with"
            named_with = prep.lower == "with" and tok.ent_type in ("ORG", "NORP")
            return prep.dep == "agent" or named_with
        return False
