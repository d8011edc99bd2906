"""What a mention's words and sentence say about who acts: a sector, a country, a place.

The clues the resolver weighs (see `resolve`): the PLOVER sector of the agent words
("security forces" -> COP); the country of a nationality or country word ("Israeli"),
of the place the people are in ("demonstrators in Baghdad"), of the one country the rest
of the sentence names, or of a place before the head ("Darfur rebels"); an ethnic group
("Karen guerrillas"); and what an apposition says ("X, Algeria's leading rights
activist"). Places become countries through the gazetteer (`place_country`), when given.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..types import Document, Mention, Token
from .kb import Country, EthnicGroup, KnowledgeBase, normalise

# participles that say where a group is: "based in", "operating in", "stationed in"
SITED = {"base", "operate", "station", "locate", "headquarter", "live", "deploy", "active"}
FLED = {"flee", "escape", "leave"}
# verbs of going somewhere: "arrived in Tehran" is no office holder's own country
TRAVEL = {"arrive", "visit", "travel", "fly", "go", "come", "head", "return", "land", "stop"}
# counts before "of": "thousands of Palestinians" are people, not their state
QUANTITIES = {"thousand", "hundred", "dozen", "score", "million", "crowd", "group", "number"}


class Clues:
    """`place_country(name)` (the gazetteer) gives the country of a place used as an actor
    ("Crimea voted", "Gaza said"); without it such names stay as written."""

    def __init__(
        self, kb: KnowledgeBase, place_country: Callable[[str], str | None] | None = None
    ) -> None:
        self.kb = kb
        self.place_country = place_country

    def sector(self, tokens: list[Token], head: Token) -> str | None:
        """The PLOVER sector the agent words give: 'security forces' -> COP, 'militants' ->
        REB, 'Foreign Minister X' -> GOV; a specific modifier beats a generic head
        ('intelligence officials' -> SPY, 'military officials' -> MIL)."""
        words = [t for t in tokens if t.i <= head.i]
        if head.lemma in self.kb.partitive:  # "leaders of the opposition coalition"
            words += [t for t in tokens if t.i > head.i]
        found: list[str] = []
        n = 0
        while n < len(words):
            for size in (3, 2, 1):
                gram = words[n : n + size]
                if len(gram) < size:
                    continue
                last = gram[-1]
                forms = {last.lemma, last.lower} if last.i == head.i else {last.lower}
                keys = [normalise(" ".join([t.lower for t in gram[:-1]] + [f])) for f in forms]
                sector = next((self.kb.sectors[k] for k in keys if k in self.kb.sectors), None)
                if sector is not None:
                    found.append(sector)
                    n += size - 1
                    break
            n += 1
        if not found:
            return None
        specific = [s for s in found if s not in ("GOV", "CVL")]
        sector = specific[-1] if specific else found[-1]
        if sector == "GOV" and any(t.lower.strip("-") in self.kb.elite_markers for t in words):
            return "ELI"  # "Ousted President Askar Akayev", "former prime minister"
        return sector

    def _place_of(self, doc: Document, head: Token) -> list[Token]:
        """'rebels in the Ivory Coast', 'opposition groups in Zimbabwe': the place after."""
        out: list[Token] = []
        # "a newspaper based in Beirut", "guerrillas operating in Macedonia"
        sited = [a for a in doc.kids(head.i, "acl") if a.lemma in SITED]
        # "refugees fleeing the civil war in Liberia", "civilians fleeing Aleppo"
        for fled in (a for a in doc.kids(head.i, "acl") if a.lemma in FLED):
            sited.append(fled)  # "refugees fleeing the war in Liberia"
            for obj in doc.kids(fled.i, "dobj"):
                if obj.ent_type in ("GPE", "LOC"):
                    out.extend([obj, *doc.kids(obj.i, "compound")])
                else:
                    sited.append(obj)
        preps = [*doc.kids(head.i, "prep"), *(p for a in sited for p in doc.kids(a.i, "prep"))]
        if head.dep == "compound" and head.pos == "NOUN":  # "an army base in Darfur"
            preps += doc.kids(head.head, "prep")
        for hop in range(2):
            inner = []
            for prep in preps:
                if prep.lower not in ("in", "from", "of", "throughout", "across"):
                    continue
                for obj in doc.kids(prep.i, "pobj"):
                    if a_place(obj, inside=hop > 0):
                        out.extend([obj, *doc.kids(obj.i)])
                        continue
                    # "doctors from two American aid groups", "the Syrian Golan"
                    out.extend(
                        k
                        for k in doc.kids(obj.i, "amod", "compound")
                        if k.ent_type in ("NORP", "GPE")
                    )
                    # "workers of the bus company of Tehran": one organisation further (not
                    # "opponents of the war in Iraq")
                    if obj.ent_type == "ORG" or obj.lemma in self.kb.organisation_words:
                        inner += doc.kids(obj.i, "prep")
            if out:
                break
            preps = inner
        return sorted(out, key=lambda t: t.i)

    def _country_of_place(self, doc: Document, head: Token) -> Country | None:
        """'demonstrators in Baghdad': the country of the place the phrase is in; none where
        it lists places of several countries ("officials in Belgium, Germany and Italy")."""
        tokens = self._place_of(doc, head)
        listed = [c for t in tokens for c in doc.kids(t.i, "conj")]
        codes: set[str] = set()
        for tok in (*tokens, *listed):
            # the whole name ("North Korean", "New York"), else the word ("Christian east
            # Beirut")
            words = [*(k for k in doc.kids(tok.i, "compound") if k.pos == "PROPN"), tok]
            country = self._country(words)
            if country is None and a_place(tok, inside=True):
                whole = " ".join(t.text for t in words)
                country = self._state_of_place(whole) or self._state_of_place(tok.text)
            if country is not None:
                codes.add(country.code)
        return self.kb.countries[codes.pop()] if len(codes) == 1 else None

    def _apposition(
        self, doc: Document, head: Token, year: int | None
    ) -> tuple[str | None, str | None, str] | None:
        """The code and sector a name's apposition gives ("X, Algeria's leading human rights
        activist", "Y, the United Nations relief coordinator"); None when it gives neither."""
        if head.pos != "PROPN":
            return None
        for appos in doc.kids(head.i, "appos"):
            if appos.pos != "NOUN":
                continue
            clauses = {
                j for k in doc.kids(appos.i, "relcl", "acl", "advcl") for j in doc.subtree(k.i)
            }
            # "X, a spokesman for the group that attacked Iraq": not the clause's country
            tokens = [doc.tokens[j] for j in doc.subtree(appos.i) if j not in clauses]
            sector = self.sector(tokens, appos)
            country = self._country(without_stances(tokens))
            code = country.code if country else None
            if code is None:
                known = [self.kb.lookup(g) for g in ngrams(tokens) if g[:1].isupper()]
                code = next((k.code for k in known if k is not None and k.code), None)
            if code or sector:
                return code, sector, " ".join(t.text for t in tokens)
        return None

    def _people(self, doc: Document, head: Token) -> bool:
        """A plural people noun counted or described ("thousands of Palestinians", "young
        Algerians", "Bosnian Serbs") or naming no state ("Kurds"); not a plural country
        name ("the Philippines") nor a nation's bare plural, which stands for its state
        ("the Russians rejected the proposal")."""
        plural = head.tag == "NNPS" or (head.tag == "NNS" and head.ent_type == "NORP")
        known = self.kb.lookup(head.text)
        if not plural or (known is not None and known.kind == "state"):
            return False
        described = any(k.dep in ("nummod", "amod", "compound") for k in doc.kids(head.i))
        counted = (
            doc.tokens[head.head].lemma in QUANTITIES
            or head.dep == "pobj"
            and (doc.tokens[doc.tokens[head.head].head].lemma in QUANTITIES)
        )
        located = bool(self._place_of(doc, head))  # "the Albanians of southern Serbia"
        return described or counted or located or normalise(head.text) not in self.kb.demonyms

    def _sentence_country(
        self, doc: Document, ref: Mention, *, located: bool = True
    ) -> Country | None:
        """The one country the rest of the mention's sentence places things in, by a
        country or nationality word or (when `located`) a place things are in; None when it
        names none or several. An office holder's country is never where he travels:
        "Foreign Minister X arrived in Tehran" is not Iran's."""
        sentence = doc.sentence_of(ref.head)
        codes: set[str] = set()
        for token in doc.tokens[sentence.first : sentence.last]:
            inside = ref.span.start <= token.start < ref.span.end
            if inside or not token.text[:1].isupper() or not describes(doc, token, located):
                continue
            words = sorted([*doc.kids(token.i, "compound"), token], key=lambda t: t.i)
            country = self._country(words)
            if country is not None:
                codes.add(country.code)
            elif token.ent_type in ("GPE", "LOC"):
                place = self._state_of_place(" ".join(t.text for t in words))
                if place is not None:
                    codes.add(place.code)
        return self.kb.countries[codes.pop()] if len(codes) == 1 else None

    def _ethnic_group(self, doc: Document, tokens: list[Token], head: Token) -> EthnicGroup | None:
        """The ethnic group a word of the mention names ("the Crimean Tatars"), not inside
        another name ("Karen Smith", "the Mano River Union") nor a person alone ("Karen
        condemned"); the tagger also calls "Karen guerrillas" a person, which counts."""
        for size in (2, 1):
            for n in range(len(tokens) - size + 1):
                gram = tokens[n : n + size]
                ent = doc.entity_at(gram[0].i)
                if ent is not None and ent.label != "NORP" and ent.last - ent.first > size:
                    continue
                if ent is not None and ent.label == "PERSON" and head in gram:
                    continue
                group = self.kb.ethnic.get(" ".join(t.text for t in gram))
                if group is not None:
                    return group
        return None

    def _place_modifier(self, tokens: list[Token], head: Token) -> Country | None:
        """'Darfur rebels', 'the Tyumen region': a place before the head word."""
        words = [t for t in tokens if t.i < head.i and t.ent_type in ("GPE", "LOC")]
        if not words:
            return None
        if head.ent_type in ("GPE", "LOC"):  # "the Amur Region": the whole name is the place
            words.append(head)
        return self._state_of_place(" ".join(t.text for t in words))

    def _state_of_place(self, name: str) -> Country | None:
        """The country a place lies in, through the gazetteer (None without one)."""
        code = self.place_country(name) if self.place_country is not None else None
        return self.kb.countries.get(code) if code else None

    def _country_names(self, names: tuple[str, ...]) -> Country | None:
        for name in names:
            country = self.kb.demonyms.get(normalise(name))
            if country is not None:
                return country
        return None

    def _country(self, tokens: list[Token]) -> Country | None:
        for gram in ngrams(tokens):
            country = self.kb.demonyms.get(normalise(gram))
            if country is not None:
                return country
        return None


def a_place(token: Token, *, inside: bool = False) -> bool:
    """A place name; `inside` an organisation's name too ("the Bus Company of Tehran")."""
    if token.ent_type in ("GPE", "LOC"):
        return True
    return inside and token.ent_type == "ORG" and token.pos == "PROPN" and token.dep == "pobj"


def stance(name: str, text: str) -> bool:
    """Whether `name` is the country of a stance in `text` ("anti-Syria", "pro-Iranian")."""
    return re.search(r"\b(anti|pro)-" + re.escape(name), text, re.IGNORECASE) is not None


def without_stances(tokens: list[Token]) -> list[Token]:
    """Drop the country of 'anti-Syria', 'pro-Iranian' (the words before stay)."""
    out: list[Token] = []
    for t in tokens:
        if len(out) >= 2 and out[-1].text == "-" and out[-2].lower in ("anti", "pro"):
            out = out[:-2]
            continue
        out.append(t)
    return out


def describes(doc: Document, token: Token, located: bool = True) -> bool:
    """A country word that says whose things are ("Ugandan opposition", "Haiti's
    elections") or, when `located`, where they are ("a curfew in Algiers"); not one acted
    on ("threatened Russia")."""
    if token.dep in ("amod", "compound", "poss", "nmod"):
        return True
    head = doc.tokens[token.head]
    if token.dep == "pobj" and head.lower == "of" and doc.tokens[head.head].pos == "PROPN":
        return True  # "the National Union for the Total Independence of Angola"
    where = ("in", "at", "inside", "across", "throughout")
    if not (token.dep == "pobj" and head.lower in where):
        return False
    # "a curfew in Algiers" says where; "arrived in Tehran" only where someone went
    return located or doc.tokens[head.head].lemma not in TRAVEL


def ngrams(tokens: list[Token], longest: int = 6) -> list[str]:
    """Token n-grams, longest first, so 'South Korean' wins over 'Korean'."""
    words = [t.text for t in tokens]
    out = []
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            out.append(" ".join(words[i : i + n]))
    return out
