"""Find trigger words: verbs and nominalisations listed in the trigger lexicon.

A verb pattern may require a particle or preposition ("step down", "call for"), a direct
object ("declare war") and/or a subject ("a bomb exploded"); the most specific pattern
that fits wins. A noun
pattern may require modifiers ("rocket fire"). Nouns used as modifiers ("attack
helicopter") are not triggers.
"""

from __future__ import annotations

from ..ontology import Ontology
from ..types import Coding, Document, TextSpan, Token, Trigger

PARTICLE_DEPS = {"prt", "prep", "advmod", "agent"}
OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
# "exploded a series of bombs", "fired a barrage of rockets": the object is in the "of"
QUANTITY_NOUNS = {"series", "number", "string", "wave", "spate", "barrage", "volley", "salvo",
                  "couple", "pair", "dozen", "dozens", "hundreds", "scores", "round", "set", "part",
                  "ton", "tonne", "kg", "kilogram", "pound", "dollar", "euro", "million",
                  "billion", "worth", "shipment", "consignment", "batch", "package",
                  "amount", "quantity", "lot", "kind"}  # fmt: skip
PERSONAL_PRONOUNS = {
    "him",
    "her",
    "them",
    "us",
    "me",
    "he",
    "she",
    "they",
    "we",
    "i",
    "whom",
    "who",
}
MODIFIER_DEPS = {"compound", "amod", "nmod"}


def find_triggers(doc: Document, ontology: Ontology, people: frozenset[str]) -> list[Trigger]:
    """Every token that matches a lexicon pattern, with the words that make up the trigger."""
    not_events = ontology.words("not_events", "modifiers")
    responses = ontology.words("not_events", "passive_with")
    press = ontology.words("not_events", "press")
    light = ontology.words("light_nouns", "nouns")
    demand_verbs = ontology.words("demand", "verbs")
    must = ontology.words("demand", "modals")
    ask_verbs = ontology.words("demand", "ask_verbs")
    out = []
    for tok in doc.tokens:
        if tok.pos == "VERB" or (tok.tag.startswith("VB") and tok.pos != "AUX"):
            if _adjectival(doc, tok):
                continue  # "opposed to Hamas's rule", "armed men"
            if tok.lemma in responses and _passive_with(doc, tok):
                continue  # "was met with staggering brutality"
            found = _match_verb(doc, tok, ontology, people)
        elif tok.pos in ("NOUN", "PROPN") and (
            tok.dep != "compound" or _light_head(doc, tok, light)
        ):
            if any(k.lemma in not_events for k in doc.kids(tok.i, *MODIFIER_DEPS)):
                continue  # "heart attack"
            found = _match_noun(doc, tok, ontology)
            if found is not None and tok.dep == "compound":
                # "a mediation effort between X and Y": the light noun carries the arguments
                coding, extra = found
                head = doc.tokens[tok.head]
                out.append(_trigger(doc, head, coding, [*extra, tok.i], nominal=True))
                continue
        else:
            continue
        if found is not None and _to_the_press(doc, tok, press):
            continue  # "declined to comment", "a request for comment"
        if found is not None:
            coding, extra = found
            out.append(_trigger(doc, tok, coding, extra, nominal=tok.pos != "VERB"))
        elif tok.pos == "VERB" and tok.lemma in demand_verbs and _demands(doc, tok, must):
            # "Russia said Sudan must return the helicopter": a demand
            out.append(_trigger(doc, tok, DEMAND, [], nominal=False))
        elif tok.pos == "VERB" and tok.lemma in ask_verbs and _asks_to(doc, tok):
            out.append(_trigger(doc, tok, APPEAL, [], nominal=False))
    return out


DEMAND = Coding(event="REQUEST", mode=None, cameo="100")
APPEAL = Coding(event="REQUEST", mode=None, cameo="020")  # CAMEO: make an appeal or request


def _demands(doc: Document, tok: Token, must: frozenset[str]) -> bool:
    for clause in doc.kids(tok.i, "ccomp"):
        if doc.kids(clause.i, "nsubj", "nsubjpass") and any(
            k.lower in must for k in doc.kids(clause.i, "aux")
        ):
            return True
    return False


def _asks_to(doc: Document, tok: Token) -> bool:
    """'asked Obama to help Iran': someone is asked to do something (not "asked him
    whether ...": a question)."""
    acts = [x for x in doc.kids(tok.i, "xcomp") if any(a.tag == "TO" for a in doc.kids(x.i, "aux"))]
    return bool(doc.kids(tok.i, "dobj") and acts)


def _light_head(doc: Document, tok: Token, light: frozenset[str]) -> bool:
    """'a mediation effort': a modifier noun is the event when its head says little."""
    return doc.tokens[tok.head].lemma in light


def _passive_with(doc: Document, tok: Token) -> bool:
    passive = bool(doc.kids(tok.i, "auxpass", "nsubjpass"))
    return passive and any(k.lower == "with" for k in doc.kids(tok.i, "prep"))


def _adjectival(doc: Document, tok: Token) -> bool:
    if tok.tag != "VBN":
        return False
    if tok.dep in ("dobj", "pobj", "nsubj", "nsubjpass") and doc.kids(tok.i, "det"):
        return True  # "evacuated the wounded": people, not a wounding
    if tok.dep in ("amod", "acomp"):
        return True
    head = doc.tokens[tok.head]
    # "sympathetic to ISIS and opposed to Hamas's rule": a participle beside an adjective
    return tok.dep == "conj" and (head.pos == "ADJ" or head.lemma == "be")


def _match_verb(doc: Document, tok: Token, ontology: Ontology, people: frozenset[str]):
    lemma = next((f for f in tok.forms if f in ontology.verbs), tok.lemma)
    for pattern in ontology.verbs.get(lemma, ()):
        extra: list[int] = []
        if pattern.particles:
            kids = {k.lower: k.i for k in reversed(doc.kids(tok.i, *PARTICLE_DEPS))}
            if not all(p in kids for p in pattern.particles):
                continue
            extra.extend(kids[p] for p in pattern.particles)
        if pattern.objects:
            # the object may be the particle's: "went on strike"
            held = [o for i in extra for o in doc.kids(i, "pobj")]
            objs = [k for k in _objects(doc, tok) + held if k.lemma in pattern.objects]
            if not objs:
                continue
            extra.append(objs[0].i)
        if pattern.subjects:
            subjects = [k for k in _subjects(doc, tok) if _names(k) & pattern.subjects]
            if not subjects:
                continue
        if pattern.coding.person_object and not _has_person_object(doc, tok, people):
            continue
        return pattern.coding, extra
    return None


def _objects(doc: Document, tok: Token) -> list[Token]:
    out = []
    for kid in doc.kids(tok.i, *OBJECT_DEPS):
        out.append(kid)
        if kid.lemma in QUANTITY_NOUNS:
            out.extend(
                o for p in doc.kids(kid.i, "prep") if p.lower == "of" for o in doc.kids(p.i, "pobj")
            )
    return out


def _subjects(doc: Document, tok: Token) -> list[Token]:
    """The subjects of a verb, through a quantity ("a series of bombs exploded") and, for
    a verb joined to another ("a bomb exploded and killed"), the first verb's."""
    kids = doc.kids(tok.i, "nsubj", "nsubjpass")
    if not kids and tok.dep == "conj":
        kids = doc.kids(tok.head, "nsubj", "nsubjpass")
    out = []
    for kid in kids:
        out.append(kid)
        if kid.lemma in QUANTITY_NOUNS:
            out.extend(
                o for p in doc.kids(kid.i, "prep") if p.lower == "of" for o in doc.kids(p.i, "pobj")
            )
    return out


def _names(tok: Token) -> set[str]:
    """A noun's lemma and, for a plural the model took for a name ("Rockets landed"), its
    singular."""
    low = tok.lower
    return {tok.lemma.lower(), low, low[:-1] if low.endswith("s") else low}


def _has_person_object(doc: Document, tok: Token, people: frozenset[str]) -> bool:
    for kid in doc.kids(tok.i, "dobj", "nsubjpass"):
        if _names_people(kid, people) or kid.ent_type == "PERSON":
            return True
        if kid.tag in ("VBN", "JJ") and doc.kids(kid.i, "det"):
            return True  # "evacuated the wounded", "freed the elderly"
        if kid.lower in PERSONAL_PRONOUNS:
            return True
        if kid.pos == "NUM" or any(k.dep == "nummod" for k in doc.kids(kid.i)):
            return kid.lemma in people or kid.pos == "NUM"
    # "hostages released by ...": the participle modifies the people released.
    head = doc.tokens[tok.head]
    if tok.dep == "acl" and head.lemma in people:
        return True
    return _reciprocal(doc, tok, people)


def _reciprocal(doc: Document, tok: Token, people: frozenset[str]) -> bool:
    """'Fano militiamen and federal troops battled near Debre Markos': two sides joined as
    the subject of a verb with no object act on each other."""
    if doc.kids(tok.i, "dobj", "xcomp") or any(
        k.lower == "to" for c in doc.kids(tok.i, "advcl") for k in doc.kids(c.i, "aux")
    ):
        return False  # "fought to save the patients": strove
    for subject in doc.kids(tok.i, "nsubj"):
        sides = [subject, *doc.kids(subject.i, "conj")]
        if len(sides) > 1 and all(_names_people(s, people) for s in sides):
            return True
    return False


def _names_people(tok: Token, people: frozenset[str]) -> bool:
    """'militiamen', 'Ethiopians', 'al-Shabaab', 'Kenya': a word for people or a group."""
    return tok.lemma in people or tok.ent_type in ("NORP", "ORG") or tok.pos == "PROPN"


def _match_noun(doc: Document, tok: Token, ontology: Ontology):
    patterns = ontology.nouns.get(tok.lemma)
    if not patterns:
        return None
    mods = {k.lemma: k.i for k in doc.kids(tok.i, *MODIFIER_DEPS)}
    for pattern in patterns:
        if all(m in mods for m in pattern.modifiers):
            return pattern.coding, [mods[m] for m in pattern.modifiers]
    return None


def _to_the_press(doc: Document, tok: Token, press: frozenset[str]) -> bool:
    """'declined to comment', 'requested comment', 'a request for comment': a reply to
    reporters, not an act between the sides."""
    if any(k.lemma in press for k in doc.kids(tok.i, "xcomp", "dobj")):
        return True
    if tok.pos in ("NOUN", "PROPN"):
        return any(
            k.lemma in press for p in doc.kids(tok.i, "prep") if p.lower == "for"
            for k in doc.kids(p.i, "pobj")
        )  # fmt: skip
    return False


def _trigger(doc: Document, tok: Token, coding: Coding, extra: list[int], *, nominal: bool):
    idx = sorted({tok.i, *extra})
    # A discontinuous trigger ("declared ... war") keeps its words only when close together.
    if idx[-1] - idx[0] > 3:
        idx = [tok.i]
    span = TextSpan(doc.tokens[idx[0]].start, doc.tokens[idx[-1]].end)
    return Trigger(
        span=span,
        text=doc.span_text(span),
        head=tok.i,
        coding=coding,
        nominal=nominal,
    )
