"""Where: the place phrase that belongs to a trigger (resolution to coordinates is separate).

Only places attached to the trigger by a locative preposition ("in", "at", "near", "from",
"inside", "across", "on the streets of") or as a modifier ("the Sinai plane crash") count;
a place merely named elsewhere in the sentence is not the event's location. Without one,
the location stays null rather than a guess. A word the statistical NER did not call a
place counts only when `known(name)` (the gazetteer) says it is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..places.locate import GROUP_NOUNS  # "Idlib and Hama provinces"
from ..types import Document, Location, TextSpan, Token

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "at", "near", "from", "inside", "across", "outside", "throughout", "into",
            "of", "on", "around", "along", "during"}  # fmt: skip
# "the town of Samarra": the text itself says the name is a place
PLACE_NOUNS = {"town", "city", "village", "province", "region", "district", "capital",
               "governorate", "state", "county", "port", "area", "suburb", "neighbourhood",
               "neighborhood", "camp", "island", "outskirts", "street", "road", "square",
               "market"}  # fmt: skip
# "a checkpoint outside Jenin", "the Al Noor mosque in Christchurch": a site whose own name
# is not where it is; a place in its locative phrase outranks a name modifying it
SITES = {"mosque", "church", "synagogue", "temple", "shrine", "hotel", "market", "mall",
         "school", "university", "college", "hospital", "clinic", "prison", "jail", "camp",
         "base", "airport", "airbase", "station", "checkpoint", "embassy", "consulate",
         "stadium", "bridge", "port", "compound", "headquarters", "office", "building",
         "restaurant", "cafe", "club", "factory", "mine", "plant", "field", "barracks",
         "post", "outpost"}  # fmt: skip
SUBDIVISIONS = {"province", "district", "governorate", "county", "region", "state"}
# "in protest of ...", "in retaliation for ...": the reason for an act, whose places are not
# the act's
PURPOSE = {"protest", "support", "solidarity", "response", "retaliation", "revenge",
           "reprisal", "memory", "honor", "honour", "defiance", "opposition", "reaction"}  # fmt: skip
NOT_PLACES = {"DATE", "TIME", "EVENT", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
MODIFIERS = ("compound", "nmod", "amod", "npadvmod")
NEAR = {"near", "outside", "nearby", "around"}
# "militants based in Afghanistan", "a Uyghur living in Australia": where someone is, not
# where the event was (verbs only: "a military base in Kandahar" is a place of the event)
RESIDING = {"base", "live", "reside", "headquarter", "station", "settle", "bear"}
# "the Kabul administration": a capital standing for its government, not a place
GOVERNING = {"administration", "government", "authority", "regime", "leadership", "official",
             "ministry", "cabinet", "leader"}  # fmt: skip
# where something was said, asked or agreed ("told reporters in Kabul", "met at the UN")
SAID_AT = {"in", "at", "near", "inside", "outside"}
MAX_HOPS = 6
WALK = ("prep", "agent", "pobj", "compound", "appos", "npadvmod")
# "blocked the Europe Bridge", "police in Jericho confiscated": the trigger's own arguments
ARGUMENTS = ("dobj", "nsubj", "nsubjpass")


def event_place(
    doc: Document,
    trigger_head: int,
    known: Callable[[str], bool] | None = None,
    *,
    object_is_place: bool = False,
    verbal: bool = False,
    people: frozenset[str] = frozenset(),
) -> Location | None:
    """The nearest place reached from the trigger through locative prepositions; the
    trigger's subject and object lead to places by their own prepositions ("police in
    Jericho confiscated"); with `object_is_place` the object may be the place itself
    ("blocked the Europe Bridge", "shelled Juba"). A place hanging on a word in `people`
    says where those people are from or live ("workers from Punjab"), not where the event
    was. A `verbal` event (a statement, a demand) is where it was made: only a place on
    the trigger by "in", "at" or "near", or a site there ("said at a news conference in
    Kabul"), never a place of its participants ("called on China", "the brutality of the
    Myanmar military")."""
    walk = _Walk(doc, trigger_head, known, object_is_place, verbal, people)
    frontier = [(trigger_head, False)]
    seen = {trigger_head}
    facility: Location | None = None
    for _ in range(MAX_HOPS):  # prep -> pobj -> prep -> pobj: "at a mosque in the Sinai"
        nxt = []
        for i, argument in frontier:
            for kid in doc.kids(i, *walk.deps(i, argument)):
                if kid.i in seen:
                    continue
                seen.add(kid.i)
                hop = walk.hop(i, kid, argument)
                if hop.final:
                    return hop.place
                facility = facility or hop.place  # "in Tahrir Square in Cairo": Cairo, if named
                if hop.follow is not None:
                    nxt.append((kid.i, hop.follow))
        frontier = nxt
    return facility


@dataclass(frozen=True)
class _Hop:
    """What one step of the walk finds: a place (`final`: the event's place; else a
    facility to fall back on), and whether the walk goes on below the word, as from a
    participant (`follow` True) or a place phrase (False), or not at all (None)."""

    place: Location | None = None
    final: bool = False
    follow: bool | None = None


@dataclass(frozen=True)
class _Walk:
    """The walk of `event_place` from a trigger: which words it goes through, and what
    each one it reaches says."""

    doc: Document
    trigger_head: int
    known: Callable[[str], bool] | None
    object_is_place: bool
    verbal: bool
    people: frozenset[str]

    def deps(self, i: int, argument: bool) -> tuple[str, ...]:
        """The dependencies walked down from token `i`: for a statement, the trigger's
        prepositions and a site's ("said at a news conference in Kabul"); from a
        participant, its prepositions and conjuncts; else prepositions, their objects,
        compounds and appositions, and the trigger's own subject and object."""
        if self.verbal:
            deps: tuple[str, ...] = ("prep", "pobj") if i == self.trigger_head else ("pobj",)
            return deps + (("prep",) if self.doc.tokens[i].lemma in SITES else ())
        if argument:
            return ("prep", "conj")
        return WALK + (ARGUMENTS if i == self.trigger_head else ())

    def hop(self, i: int, kid: Token, argument: bool) -> _Hop:
        """What the walk finds at `kid`, a child of token `i` (`argument`: `i` is a
        participant), and whether it goes on below it."""
        doc = self.doc
        if doc.tokens[i].dep == "agent" and kid.dep == "pobj":
            return _Hop(follow=True)  # "presented by the US": the doer, not a place
        if kid.dep in ("prep", "agent"):
            return _Hop(follow=False if self._through(i, kid) else None)
        if kid.dep in MODIFIERS and i != self.trigger_head and not _place_noun(doc, i):
            return _Hop()  # "tariffs on U.S. exports": whose, not where
        if argument and kid.dep == "conj":
            return _Hop(follow=True)  # "hotels and a railway station in Bombay"
        if kid.dep in ARGUMENTS:
            return self._argument(kid)
        if _names_site(doc, kid):
            return _Hop()  # "the Al Noor mosque in Christchurch": walk on to Christchurch
        place = _near(doc, i, _place_at(doc, kid.i, self.known))
        return _Hop(place, final=place is not None and not _facility(doc, kid.i), follow=False)

    def _through(self, i: int, kid: Token) -> bool:
        """Does the walk go through the preposition `kid` on token `i`: a locative one or
        a passive's agent ("at a mosque", "by the US"); for a statement only where it was
        made ("in", "at", "near"); not where people come from ("workers from Punjab")?"""
        if self.verbal and kid.lower not in SAID_AT:
            return False
        if kid.lower == "from" and self.doc.tokens[i].lemma in self.people:
            return False
        if _purpose(self.doc, i):
            return False  # "in protest of police actions around the Old City": why, not where
        return kid.lower in LOCATIVE or kid.dep == "agent"

    def _argument(self, kid: Token) -> _Hop:
        """The trigger's subject or object: the place itself where an object may be one
        ("shelled Juba"), the place a site is named after ("raided the Jenin refugee
        camp"), else a participant whose own phrases may say where ("police in Jericho")."""
        doc = self.doc
        if self.object_is_place and kid.dep == "dobj":
            place = _place_at(doc, kid.i, self.known)
            if place is not None:
                return _Hop(place, final=True)
        place = _site_place(doc, kid.i) if kid.dep == "dobj" else None
        if place is not None:
            return _Hop(place, final=True)
        return _Hop(follow=True)


def _purpose(doc: Document, i: int) -> bool:
    """'in protest of', 'in support of', 'in response to', 'in retaliation for': token `i`
    says why the act was done; the places in what follows are the reason's, not the act's."""
    token = doc.tokens[i]
    return token.lemma in PURPOSE and token.dep == "pobj" and doc.tokens[token.head].lower == "in"


def _near(doc: Document, i: int, place: Location | None) -> Location | None:
    """Marks a place reached through "near", "outside" or "outskirts of" (token `i`)."""
    token = doc.tokens[i]
    if place is None:
        return None
    beside = token.lower in NEAR or (
        token.lower == "of" and doc.tokens[token.head].lemma in ("outskirt", "outskirts", "edge")
    )
    return replace(place, near=True) if beside else place


def _facility(doc: Document, i: int) -> bool:
    """'Tahrir Square', 'the Ritz-Carlton': a facility, which no gazetteer maps; a town
    named beside it ("in Tahrir Square in Cairo") is the place to map."""
    ent = doc.entity_at(i)
    return ent is not None and ent.label == "FAC"


def _place_noun(doc: Document, i: int) -> bool:
    """A word a place name may modify and still say where: a site ("a Kabul mosque"), a
    place noun ("the Jenin camp", "Helmand province") or another name ("North Sinai")."""
    token = doc.tokens[i]
    return token.pos == "PROPN" or token.lemma in SITES or token.lemma in PLACE_NOUNS


def _site_place(doc: Document, i: int) -> Location | None:
    """The place a site is named after ("the Jenin refugee camp", "Kabul airport"), when
    the tagger calls it a place."""
    if doc.tokens[i].lemma not in SITES:
        return None
    for kid in doc.kids(i, "compound", "nmod"):
        ent = doc.entity_at(kid.i)
        if ent is not None and ent.label in ("GPE", "LOC"):
            return _place_at(doc, kid.i, None)
    return None


def _names_site(doc: Document, token) -> bool:
    """A name modifying a site that has a place of its own: "the Al Noor mosque in
    Christchurch", "the Westgate mall in Nairobi" (unless the tagger calls the name a
    place: "the Kabul airport in ...")."""
    if token.dep not in ("compound", "nmod") or token.head == token.i:
        return False
    site = doc.tokens[token.head]
    if site.lemma in PLACE_NOUNS:  # "the Red Sea port city of Jeddah": Jeddah
        return any(
            kid.lower == "of"
            and doc.kids(kid.i, "pobj")
            and doc.kids(kid.i, "pobj")[0].pos == "PROPN"
            for kid in doc.kids(site.i, "prep")
        )
    if site.lemma not in SITES:
        return False
    ent = doc.entity_at(token.i)
    if ent is not None and ent.label in ("GPE", "LOC"):
        return False
    return any(kid.lower in LOCATIVE for kid in doc.kids(site.i, "prep"))


def _place_at(doc: Document, i: int, known: Callable[[str], bool] | None) -> Location | None:
    group = _grouped(doc, i, known)
    if group is not None:
        return group
    ent = doc.entity_at(i)
    said = known is not None and _named_as_place(doc, i)  # the text calls it a place
    if ent is not None and ent.label in PLACE_LABELS:
        first, last = ent.first, ent.last
    elif ent is not None and (said or (ent.label == "NORP" and known is not None)):
        first, last = ent.first, ent.last  # "the town of Samarra", tagged as a nationality
    elif doc.tokens[i].pos == "PROPN" and known is not None and not _dated(ent):
        if ent is not None and ent.label == "ORG" and doc.tokens[i].text.isupper():
            return None  # "the Nigerian Union of Teachers (NUT)": an acronym, not a town
        first, last = _proper_run(doc, i)
        if last < len(doc.tokens) and doc.tokens[last].ent_type in NOT_PLACES:
            return None  # "the Bloody Friday attacks": a named day, not a town "Bloody"
    else:
        return None
    first, last = _hyphenated(doc, first, last)
    tokens = [t for t in doc.tokens[first:last] if t.lower != "the" and t.dep != "case"]
    if not tokens:
        return None
    span = TextSpan(tokens[0].start, tokens[-1].end)
    name = doc.span_text(span)
    if (ent is None or ent.label not in PLACE_LABELS) and not said and not (known and known(name)):
        return None
    end = _joined_end(doc, tokens[-1].i, known)
    if end is not None:  # "in Idlib and Hama": both, resolved together (places.locate)
        span = TextSpan(span.start, end)
        name = doc.span_text(span)
    return Location(extracted_place=name, span=span)


def _is_named_place(doc: Document, i: int, known: Callable[[str], bool] | None) -> bool:
    ent = doc.entity_at(i)
    if ent is not None and ent.label in PLACE_LABELS:
        return True
    token = doc.tokens[i]
    return token.pos == "PROPN" and known is not None and known(token.text)


def _joined_end(doc: Document, i: int, known: Callable[[str], bool] | None) -> int | None:
    """The end offset of the last place joined to token `i` by "and" ("Idlib and Hama",
    "Kandahar, Helmand and Uruzgan"), or None when none is."""
    end = None
    for kid in doc.kids(i, "conj"):
        if not _is_named_place(doc, kid.i, known):
            return None  # "in Kabul and the capital's outskirts": not a list of names
        ent = doc.entity_at(kid.i)
        last = doc.tokens[ent.last - 1] if ent is not None else kid
        further = _joined_end(doc, kid.i, known)
        end = max(end or 0, further or last.end)
    return end


def _grouped(doc: Document, i: int, known: Callable[[str], bool] | None) -> Location | None:
    """'Idlib and Hama provinces': a plural place noun after the names it groups; 'Bajaur
    district': a name the gazetteer lacks that the text calls a subdivision (resolved to
    the country the sentence gives, if any)."""
    token = doc.tokens[i]
    if token.lemma not in GROUP_NOUNS:
        return None
    names = [k for k in doc.kids(i, "compound", "nmod") if k.i < i]
    if not names or known is None:
        return None
    if token.lower == token.lemma:  # "Bajaur district", "the Amhara region": the text
        # says it is a subdivision, whatever the tagger calls the name
        ent = doc.entity_at(names[0].i)
        proper = all(n.pos == "PROPN" for n in names) and (
            ent is None or ent.label in ("ORG", "GPE", "LOC", "NORP")
        )
        if token.lemma not in SUBDIVISIONS or not proper:
            return None
    elif not _is_named_place(doc, names[0].i, known) or not doc.kids(names[0].i, "conj"):
        return None
    first = min(_proper_run(doc, n.i)[0] for n in names)  # "Cabo Delgado province"
    first = _hyphenated(doc, first, i)[0]  # "the North-West region"
    return Location(
        extracted_place=doc.span_text(TextSpan(doc.tokens[first].start, token.end)),
        span=TextSpan(doc.tokens[first].start, token.end),
    )


def _dated(ent) -> bool:
    """'the Christmas market', 'Bloody Sunday': a time or an occasion, not a place."""
    return ent is not None and ent.label in NOT_PLACES


def _named_as_place(doc: Document, i: int) -> bool:
    """'the town of Samarra', 'the province of Herat', 'the central street Rue Victor Hugo'."""
    token = doc.tokens[i]
    head = doc.tokens[token.head]
    if token.pos != "PROPN":
        return False
    if token.dep == "appos":
        return head.lemma in PLACE_NOUNS
    return (
        token.dep == "pobj"
        and head.lower == "of"
        and head.head != head.i
        and doc.tokens[head.head].lemma in PLACE_NOUNS
    )


def _proper_run(doc: Document, i: int) -> tuple[int, int]:
    """The name token `i` ends: the capitalised words before it that modify it ("Sheikh
    Zuweid", "Islamic State": "State" alone is no name)."""
    first = i
    while first > 0:
        prev = doc.tokens[first - 1]
        if prev.head != i or not (prev.pos == "PROPN" or prev.text[:1].isupper()):
            break
        first -= 1
    return first, i + 1


def _hyphenated(doc: Document, first: int, last: int) -> tuple[int, int]:
    """Tokens [first, last) widened over the hyphens of one written word: "Mazar-e-Sharif"
    (three tokens and two hyphens), "Mvog-Ada" (a market, not Ada, Oklahoma)."""
    tokens = doc.tokens
    while (
        first > 0
        and tokens[first - 1].end == tokens[first].start
        and (tokens[first - 1].text == "-" or tokens[first].text == "-")
    ):
        first -= 1
    while (
        last < len(tokens)
        and tokens[last].start == tokens[last - 1].end
        and (tokens[last].text == "-" or tokens[last - 1].text == "-")
    ):
        last += 1
    return first, last


def sentence_place(
    doc: Document,
    trigger_head: int,
    taken: list[TextSpan],
    people: frozenset[str] = frozenset(),
    *,
    said: bool = False,
    known: Callable[[str], bool] | None = None,
) -> Location | None:
    """The one place named in the trigger's sentence outside its participants, if exactly
    one is ("demanded a truce with Moslem forces in east Bosnia"); else none. A place
    word modifying a noun ("one U.S. soldier", "the Washington-led war") names a
    nationality or a side, one that is a subject ("unless Iraq withdraws", "Paris was
    accused") someone acting, and one where someone lives, is based or comes from
    ("militants based in Afghanistan", "workers from Punjab") not where the event was. For a statement or
    a demand (`said`) only a place after "in" or "at" counts ("urged ... in Geneva"; not
    "called on China")."""
    sent = doc.sentence_of(trigger_head)
    found: list[Location] = []
    for first_i, last_i in _named_places(doc, sent.first, sent.last, known):
        start, end = doc.tokens[first_i].start, doc.tokens[last_i - 1].end
        if any(start < span.end and span.start < end for span in taken):
            continue  # a participant ("the United States"), not where it happened
        last = doc.tokens[last_i - 1]
        while last.dep == "conj" and last.head != last.i:
            last = doc.tokens[last.head]  # "in Lahore and Islamabad": judged as the list
        first = doc.entity_at(last.i)
        if last.dep == "nsubjpass" and not tells_how(doc, trigger_head, last.head):
            continue  # "Paris was accused of aiding rebels"; not "Baghdad was hit by car
            # bombs that killed 20"
        if last.dep in ("compound", "nmod") and _place_noun(doc, last.head):
            pass  # "in Qandahar city", "a Kabul mosque": the name of the place itself
        elif last.dep in ("compound", "amod", "poss", "nmod", "nsubj", "npadvmod"):
            continue  # a nationality ("one U.S. soldier") or someone acting ("unless Iraq")
        acted_on = last.dep in ("dobj", "dative") and last.head != trigger_head
        if acted_on and not tells_how(doc, trigger_head, last.head):
            continue  # acted on in another clause ("asked Obama to help Iran"), but not
            # "Israel strikes Gaza, killing 20"
        if last.dep == "appos" and doc.tokens[last.head].ent_type in PLACE_LABELS:
            continue  # "Bam, Iran": the country says where Bam is
        if last.dep == "pobj" and doc.tokens[last.head].dep == "agent":
            continue  # "a mining company operated by China": someone acting
        if said and (last.dep != "pobj" or doc.tokens[last.head].lower not in ("in", "at")):
            continue
        if last.dep == "pobj" and doc.tokens[last.head].lower == "with":
            continue  # "cooperation with Japan", "clashed with Israel": a partner or a side
        if last.dep == "pobj" and _residence(doc, doc.tokens[last.head], people):
            continue  # "militants based in Afghanistan", "workers from Punjab"
        place = _grouped(doc, last.head, known) if last.dep in ("compound", "nmod") else None
        place = place or _place_at(doc, first.first if first is not None else last.i, known)
        if last.dep == "pobj":
            place = _near(doc, last.head, place)
        if place is not None and place.extracted_place not in [f.extracted_place for f in found]:
            found.append(place)
    return found[0] if len(found) == 1 else None


def _named_places(
    doc: Document, first: int, last: int, known: Callable[[str], bool] | None
) -> list[tuple[int, int]]:
    """Token ranges of the places named in tokens [first, last): what the tagger calls a
    place; where it calls none, the names after "in", "at", "near"... that the gazetteer
    knows, however the tagger labels them ("wounded four rangers in Yala", tagged a
    person; "in the Amhara region")."""
    out = [(e.first, e.last) for e in doc.entities
           if e.label in PLACE_LABELS and first <= e.first < last]  # fmt: skip
    if known is None or out:
        return out
    for token in doc.tokens[first:last]:
        if token.dep != "pobj" or doc.tokens[token.head].lower not in SAID_AT:
            continue
        if any(a <= token.i < b for a, b in out):
            continue
        ent = doc.entity_at(token.i)
        if ent is not None and ent.label in NOT_PLACES:
            continue
        place = _place_at(doc, token.i, known)  # "in Yala", "in the Amhara region"
        if place is not None and place.span is not None:
            inside = [
                t.i for t in doc.tokens[first:last] if place.span.start <= t.start < place.span.end
            ]
            if inside and not any(a <= inside[0] < b for a, b in out):
                out.append((inside[0], inside[-1] + 1))
    return sorted(out)


def participant_place(
    doc: Document, heads: list[int], people: frozenset[str], known: Callable[[str], bool] | None
) -> Location | None:
    """The place naming a participant's own people, when the sentence names no other:
    "Kano police arrested 20", "Lagos protesters blocked a highway" (a town's police act
    in it, as ACLED codes them); only before a word for people. A country so named is a
    nationality, not a place: the places stage drops it (`places.locate.names_a_side`)."""
    found = []
    for head in heads:
        word = doc.tokens[head]
        if word.lemma not in people or word.lemma in GOVERNING or not word.text[:1].islower():
            continue  # "the White House", "the Kabul administration" (a government, not a
            # place); a headline's "Haitian Gang Leader"
        for kid in doc.kids(head, "compound", "nmod"):
            if kid.i < head and kid.pos == "PROPN":
                place = _place_at(doc, kid.i, known)
                if place is not None:
                    found.append(place)
    return found[0] if len(found) == 1 else None


def _residence(doc: Document, prep: Token, people: frozenset[str]) -> bool:
    """Does a place after `prep` say where someone lives, is based or comes from?"""
    owner = doc.tokens[prep.head]
    residing = owner.lemma in RESIDING and owner.pos in ("VERB", "AUX")
    return residing or (prep.lower == "from" and owner.lemma in people)


def tells_how(doc: Document, head: int, verb: int) -> bool:
    """Is the trigger under `verb` through its agent, an adverbial clause or a coordinated
    verb, telling how that verb's act was done ("Baghdad was hit by car bombs that killed
    20", "Israel strikes Gaza, killing 20")?"""
    node = doc.tokens[head]
    while node.head != verb and node.head != node.i:
        node = doc.tokens[node.head]
    return node.head == verb and node.dep in ("agent", "advcl", "conj")
