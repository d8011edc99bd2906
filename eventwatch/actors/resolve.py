"""Resolve a participant mention to a canonical entity, and say how and why.

In order: a name in the knowledge base (the most specific one: a province over its
parent, "the Egyptian wing of ISIS" to the Sinai Province through the parent's
"descriptions"; a leader only within his years in office); a seat of government ("the
Kremlin"); a country named or implied by a nationality adjective ("Israeli forces",
"Iran's Supreme Leader"), with the sector from the agent noun; else the name as written,
with a sector from its agent noun ("militants" -> REB) and a country from its adjective.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..types import Document, Entity, Mention, Resolution, Token
from .kb import Country, EthnicGroup, KnowledgeBase, KnownActor, normalise

# sectors of people who live somewhere, rather than act for a state: their country is
# where they are ("Albanians of southern Serbia", "ethnic Turks" protesting in Sweden)
RESIDENT_SECTORS = frozenset({"CVL", "LAB", "EDU", "AGR", "MED"})  # not refugees: away from home
# words that make a nationality adjective an ethnicity: "ethnic Turks", "the Albanian
# population", "the Hungarian minority" live where the sentence says
ETHNIC = {"ethnic", "population", "minority", "minorities"}
# participles that say where a group is: "based in", "operating in", "stationed in"
SITED = {"base", "operate", "station", "locate", "headquarter", "live", "deploy", "active"}
FLED = {"flee", "escape", "leave"}
# what a leader's name can qualify as his own: "Putin's government", "Zarqawi's fighters"
# (not "Arafat's critics": they are not his)
OWNED = {"government", "administration", "regime", "cabinet", "force", "forces", "troop",
         "army", "militia", "fighter", "man", "loyalist", "supporter", "follower", "party",
         "coalition", "movement", "aide", "office", "spokesman", "spokeswoman", "camp",
         "militant", "guard", "envoy", "delegation", "ministry"}  # fmt: skip
# verbs of going somewhere: "arrived in Tehran" is no office holder's own country
TRAVEL = {"arrive", "visit", "travel", "fly", "go", "come", "head", "return", "land", "stop"}
# counts before "of": "thousands of Palestinians" are people, not their state
QUANTITIES = {"thousand", "hundred", "dozen", "score", "million", "crowd", "group", "number"}
# sectors of an office: an unknown office holder serves the one country the sentence names
OFFICE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "SPY"})

KIND_RANK = {"person": 0, "group": 1, "militia": 1, "pmc": 1, "movement": 1, "party": 2,
             "state-force": 1, "igo": 2, "ngo": 2, "media": 2, "state": 3}  # fmt: skip


@dataclass(frozen=True)
class Hit:
    alias: str
    actor: KnownActor


class ActorResolver:
    """`place_country(name)` (the gazetteer) gives the country of a place used as an actor
    ("Crimea voted", "Gaza said"); without it such names stay as written."""

    def __init__(
        self, kb: KnowledgeBase, place_country: Callable[[str], str | None] | None = None
    ) -> None:
        self.kb = kb
        self.place_country = place_country

    def resolve(self, mention: Mention, doc: Document, *, year: int | None = None) -> Entity:
        ref = mention.referent
        # "anti-Syria", "pro-Iranian": a stance towards a country, not a nationality
        tokens = _without_stances(
            [t for t in doc.tokens if ref.span.start <= t.start < ref.span.end]
        )
        head = doc.tokens[ref.head]
        sector = self.sector(tokens, head)
        via = f" (through '{ref.text}')" if ref is not mention else ""
        hits = self._hits(ref, tokens, year)
        if head.lemma not in OWNED:
            # "Arafat's critics", "Putin's opponents": not the person, nor his own people
            word = normalise(head.text)
            hits = [
                h for h in hits if h.actor.kind != "person" or word in normalise(h.alias).split()
            ]
        if hits:
            actor, reason, score = self._most_specific(hits, normalise(ref.text), head)
            if self.kb.lookup(ref.text) is actor:
                sector = None  # the words are its name ("Democratic People's Republic")
            owned = self._owned_by_person(actor, head, sector)
            if owned is not None:  # "Djindjic's opposition coalition", "Bush administration"
                reason = f"{reason}; the {head.text} is not the person but belongs to {owned.name}"
                entity = self._entity(mention, owned, sector, Resolution("knowledge-base", 0.7,
                                                                         reason + via))  # fmt: skip
                return replace(entity, identifier_text=ref.text, identifier_id=None, aliases=())
            why = Resolution("knowledge-base", score, reason + via)
            entity = self._entity(mention, actor, sector, why, year)
            # the role the text gives him in an organisation: "the party's leader Mahmoud
            # Abbas" (PTY), "Hamas's military commander X" (MIL)
            possessed = any(t.tag == "POS" and t.i < head.i for t in tokens)
            if actor.kind == "person" and sector not in (None, "GOV", "CVL", "ELI") and possessed:
                return replace(entity, sector=sector)
            return entity
        for gram in _ngrams(tokens):
            seat = self.kb.seats.get(normalise(gram))
            # "Kremlin officials", "Washington's envoy", not "the Copenhagen Charter"
            agent = sector is not None or normalise(head.text) in normalise(gram).split()
            if seat is not None and agent:
                seat_country, seat_sector = seat
                state = self.kb.actors[seat_country.name]
                reason = f"'{gram}' stands for the government of {seat_country.name}{via}"
                # a capital is also a city: where it is acted on, its residents (see records)
                method = "capital" if normalise(gram) in self.kb.capitals else "seat"
                return self._entity(
                    mention, state, sector or seat_sector, Resolution(method, 0.8, reason)
                )
        if sector is None and self._people(doc, head):
            sector = "CVL"  # "Bosnian Serbs", "thousands of Palestinians": people, not a state
        country: Country | None = None
        group = self._ethnic_group(doc, tokens, head)  # "Karen guerrillas", "Kurdish fighters"
        # "American tourists in Egypt" are American; "Albanians of southern Serbia" and
        # "demonstrators in Baghdad" are where they live
        national = self._country([t for t in tokens if t.i != head.i]) is not None
        # ethnicity names no citizenship: "ethnic Turks", "the Albanian population" and
        # "Karen guerrillas" are where they live ("Iraqi Kurdish fighters" are Iraqi)
        ethnic = any(t.lower in ETHNIC for t in tokens) or (group is not None and not national)
        if (sector in RESIDENT_SECTORS and not national) or ethnic:
            country = self._country_of_place(doc, head)
            if country is None and ethnic:
                country = self._sentence_country(doc, ref)
        placed = country is not None
        # an ethnic group of no known residence keeps its nation's (or home's) code until
        # the event's place says where it lives (see records)
        method = "ethnic" if ethnic and not placed else "country"
        home = self.kb.countries.get(group.home or "") if group is not None else None
        country = (
            country
            or self._country_names(tuple(n for n in ref.names if not _stance(n, ref.text)))
            or self._country(tokens)
            or home
            or self._country_of_place(doc, head)
            or self._place_modifier(tokens, head)
        )
        if country is None and ref.owner is not None:
            # "their forces": the forces of whoever "their" is
            owner = self.resolve(ref.owner, doc, year=year)
            known = self.kb.actors.get(owner.identifier_text or "")
            if known is not None and known.kind != "state":  # "the Taliban ... their fighters"
                why = Resolution("owner", 0.7, f"the {head.text} of {known.name}{via}")
                return self._entity(mention, known, sector, why, year)
            if owner.code in self.kb.countries:
                country = self.kb.countries[owner.code]
        if country is not None:
            state = self.kb.actors[country.name]
            reason = f"nationality or country word for {country.name}"
            if group is not None and ethnic:
                where = "where the sentence places them" if placed else "their home country"
                reason = f"the {group.name}, an ethnic group, coded to {country.name}, {where}"
            reason += f", sector {sector} from '{head.text}'" if sector else ""
            return self._entity(mention, state, sector, Resolution(method, 0.75, reason + via))
        # a whole proper name as written ("Zorgon Liberation Front"), else the phrase
        whole = [n for n in ref.names if n.split()[-1] in (ref.text.split()[-1], head.text)]
        name = whole[0] if whole else ref.text
        place = self._state_of_place(name) if head.ent_type in ("GPE", "LOC") else None
        if place is not None:
            state = self.kb.actors[place.name]
            reason = f"'{name}' is a place in {state.name}; its people or authorities act"
            entity = self._entity(mention, state, sector, Resolution("place", 0.6, reason + via))
            return replace(entity, identifier_text=name, identifier_id=None)
        described = self._apposition(doc, head, year)
        if described is not None:  # "Salaheddine Sidhoum, Algeria's leading rights activist"
            code, appos_sector, words = described
            reason = f"not in the knowledge base; described as '{words}'"
            return Entity(
                entity_text=mention.text,
                identifier_text=name,
                code=code,
                sector=sector or appos_sector,
                aliases=tuple(n for n in ref.names if n != name),
                span=mention.span,
                resolution=Resolution("apposition", 0.6, reason + via),
            )
        reason = "not in the knowledge base; " + (
            f"sector {sector} from '{head.text}'" if sector else "no sector word"
        )
        code = None
        if sector in OFFICE_SECTORS and head.ent_type == "PERSON":
            country = self._sentence_country(doc, ref, located=False)
            if country is not None:
                state = self.kb.actors[country.name]
                reason = (
                    f"{reason}; an office holder of the only country the sentence names, "
                    f"{country.name}"
                )
                entity = self._entity(
                    mention, state, sector, Resolution("context", 0.5, reason + via)
                )
                return replace(entity, identifier_text=name, identifier_id=None, aliases=())
        if (
            ref.names
            and normalise(name).split()[-1:]
            and normalise(name).split()[-1] in self.kb.organisation_words
        ):
            code = "NGO"  # "the Third World Water Forum": a named body of no country
            reason += "; a named organisation of no country (NGO)"
        elif sector == "MIL" and any(t.lower in self.kb.international_markers for t in tokens):
            code = "IGO"  # "a regional peacekeeping force", "the multinational force"
            reason += "; an international force of no country (IGO)"
        return Entity(
            entity_text=mention.text,
            identifier_text=name,
            code=code,
            sector=sector,
            aliases=tuple(n for n in ref.names if n != name),
            span=mention.span,
            resolution=Resolution("as-written", 0.4, reason + via),
        )

    # --- parts ---------------------------------------------------------------------
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

    def _hits(self, ref: Mention, tokens: list[Token], year: int | None) -> list[Hit]:
        hits: list[Hit] = []
        grams = [g for g in _ngrams(tokens) if g[:1].isupper()]  # names, not "is" or "us"
        if self._country_names(ref.names) and not any(map(self.kb.lookup, ref.names)):
            grams = []  # "Russian" of "U.S. and Russian negotiators": that nation only
        names = [n for n in ref.names if not _stance(n, ref.text)]
        for name in (*names, ref.text, *grams):
            actor = self.kb.lookup(name)
            if actor is None:
                continue
            if all(h.actor.name != actor.name for h in hits):
                hits.append(Hit(name, actor))
        return hits

    def _most_specific(
        self, hits: list[Hit], text: str, head: Token
    ) -> tuple[KnownActor, str, float]:
        names = {h.actor.name for h in hits}
        # a province over its parent when both are named
        candidates = [h for h in hits if not any(c.parent == h.actor.name for c in
                                                 (x.actor for x in hits))] or hits  # fmt: skip
        # the name that includes the head word: "Dudayev Battalion" is the battalion
        word = normalise(head.text)
        candidates = [h for h in candidates if word in normalise(h.alias).split()] or candidates
        best = min(candidates, key=lambda h: (KIND_RANK.get(h.actor.kind, 2), -len(h.alias)))
        actor = best.actor
        for child in self.kb.children.get(actor.name, []):
            for description in child.descriptions:
                if normalise(description) in text:
                    return child, f"'{description}' of {actor.name} is {child.name}", 0.85
        score = 0.6 if normalise(best.alias) in self.kb.ambiguous else 0.95
        others = sorted(names - {actor.name})
        reason = f"'{best.alias}' names {actor.name}" + (
            f" (preferred over {', '.join(others)})" if others else ""
        )
        return actor, reason, score

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
                    if _a_place(obj, inside=hop > 0):
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
            if country is None and _a_place(tok, inside=True):
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
            country = self._country(_without_stances(tokens))
            code = country.code if country else None
            if code is None:
                known = [self.kb.lookup(g) for g in _ngrams(tokens) if g[:1].isupper()]
                code = next((k.code for k in known if k is not None and k.code), None)
            if code or sector:
                return code, sector, " ".join(t.text for t in tokens)
        return None

    def _owned_by_person(
        self, actor: KnownActor, head: Token, sector: str | None
    ) -> KnownActor | None:
        """The group, else the state, of a leader whose name only qualifies the head noun."""
        if actor.kind != "person" or head.pos == "PROPN" or head.lemma not in OWNED:
            return None
        org = self.kb.actors.get(actor.org or "")
        if org is not None and org.kind != "state":
            return org  # "militants loyal to Zarqawi": his group
        country = self.kb.countries.get(actor.code or "")
        return self.kb.actors[country.name] if country else None

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
            if inside or not token.text[:1].isupper() or not _describes(doc, token, located):
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
        for gram in _ngrams(tokens):
            country = self.kb.demonyms.get(normalise(gram))
            if country is not None:
                return country
        return None

    def _entity(
        self,
        mention: Mention,
        actor: KnownActor,
        sector: str | None,
        why: Resolution,
        year: int | None = None,
    ) -> Entity:
        code = actor.code
        if actor.kind == "person" and actor.org and actor.org in self.kb.actors and not code:
            code = self.kb.actors[actor.org].code
        if actor.kind in ("party", "movement") and sector in ("REB", "MIL"):
            actor = KnownActor(**{**_fields(actor), "sector": sector})  # "UNITA's armed wing"
        if actor.kind == "person" and sector == "ELI" and actor.sector == "GOV":
            # "Ousted President Askar Akayev", "former prime minister Papandreou"
            actor = KnownActor(**{**_fields(actor), "sector": "ELI"})
        if actor.kind == "person" and not actor.active(year):
            # a leader out of office is still that person, now one of the elite
            term = ", ".join(f"{a or '?'}-{b or ''}" for a, b in actor.terms) or "?"
            why = Resolution(
                why.method,
                round(why.score * 0.8, 2),
                f"{why.reason}; out of office in {year} (term {term})",
            )
            sector = "ELI" if actor.sector == "GOV" else actor.sector
            actor = KnownActor(**{**_fields(actor), "sector": sector})
        return Entity(
            entity_text=mention.text,
            identifier_text=actor.name,
            identifier_id=actor.qid,
            code=code,
            sector=actor.sector or sector,
            aliases=actor.aliases,
            parent=actor.parent or (actor.org if actor.kind == "person" else None),
            span=mention.span,
            resolution=why,
        )


def _a_place(token: Token, *, inside: bool = False) -> bool:
    """A place name; `inside` an organisation's name too ("the Bus Company of Tehran")."""
    if token.ent_type in ("GPE", "LOC"):
        return True
    return inside and token.ent_type == "ORG" and token.pos == "PROPN" and token.dep == "pobj"


def _stance(name: str, text: str) -> bool:
    return re.search(r"\b(anti|pro)-" + re.escape(name), text, re.IGNORECASE) is not None


def _without_stances(tokens: list[Token]) -> list[Token]:
    """Drop the country of 'anti-Syria', 'pro-Iranian' (the words before stay)."""
    out: list[Token] = []
    for t in tokens:
        if len(out) >= 2 and out[-1].text == "-" and out[-2].lower in ("anti", "pro"):
            out = out[:-2]
            continue
        out.append(t)
    return out


def _describes(doc: Document, token: Token, located: bool = True) -> bool:
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


def _fields(actor: KnownActor) -> dict:
    return {name: getattr(actor, name) for name in actor.__dataclass_fields__}


def _ngrams(tokens: list[Token], longest: int = 6) -> list[str]:
    """Token n-grams, longest first, so 'South Korean' wins over 'Korean'."""
    words = [t.text for t in tokens]
    out = []
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            out.append(" ".join(words[i : i + n]))
    return out
