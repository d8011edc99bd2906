"""Resolve a participant mention to a canonical entity, and say how and why.

`ActorResolver.resolve` tries these steps in order; the first that decides gives the
entity, with its `Resolution` (method, score, reason):

1. a name in the knowledge base ("knowledge-base": the most specific one, a province over
   its parent, "the Egyptian wing of ISIS" to the Sinai Province through the parent's
   "descriptions"; a leader only within his years in office; "the Bush administration"
   is not the person but his state);
2. a seat of government or a capital ("seat", "capital": "the Kremlin");
3. a country named or implied by a nationality adjective ("Israeli forces", "Iran's
   Supreme Leader"), or where the people live ("demonstrators in Baghdad"), or the home of
   an ethnic group ("country", "ethnic"), with the sector from the agent noun;
4. whoever "their" is in "their forces": a known group ("owner"), else its country;
5. a place used as an actor ("place": "Gaza said");
6. what an apposition says ("apposition": "X, Algeria's leading rights activist");
7. an office holder of the one country the sentence names ("context");
8. else the name as written ("as-written"), with a sector from its agent noun
   ("militants" -> REB), NGO for a named body, IGO for an international force.

Before step 3, a plural people noun with no sector word becomes civilians ("Bosnian
Serbs", "thousands of Palestinians"). What the words say is read in `clues`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..types import Document, Entity, Mention, Resolution, Token
from .clues import Clues, ngrams, stance, without_stances
from .kb import Country, EthnicGroup, KnownActor, normalise

# sectors of people who live somewhere, rather than act for a state: their country is
# where they are ("Albanians of southern Serbia", "ethnic Turks" protesting in Sweden)
RESIDENT_SECTORS = frozenset({"CVL", "LAB", "EDU", "AGR", "MED"})  # not refugees: away from home
# words that make a nationality adjective an ethnicity: "ethnic Turks", "the Albanian
# population", "the Hungarian minority" live where the sentence says
ETHNIC = {"ethnic", "population", "minority", "minorities"}
# what a leader's name can qualify as his own: "Putin's government", "Zarqawi's fighters"
# (not "Arafat's critics": they are not his)
OWNED = {"government", "administration", "regime", "cabinet", "force", "forces", "troop",
         "army", "militia", "fighter", "man", "loyalist", "supporter", "follower", "party",
         "coalition", "movement", "aide", "office", "spokesman", "spokeswoman", "camp",
         "militant", "guard", "envoy", "delegation", "ministry"}  # fmt: skip
# sectors of an office: an unknown office holder serves the one country the sentence names
OFFICE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "SPY"})

KIND_RANK = {"person": 0, "group": 1, "militia": 1, "pmc": 1, "movement": 1, "party": 2,
             "state-force": 1, "igo": 2, "ngo": 2, "media": 2, "state": 3}  # fmt: skip


@dataclass(frozen=True)
class Hit:
    alias: str
    actor: KnownActor


@dataclass(frozen=True, slots=True)
class _Nation:
    """The country the words or the sentence give a mention, and whether by ethnicity."""

    country: Country | None
    group: EthnicGroup | None  # "Karen guerrillas", "Kurdish fighters"
    ethnic: bool  # an ethnicity, which names no citizenship ("ethnic Turks")
    placed: bool  # the country is where the sentence places them


@dataclass(slots=True)
class _Phrase:
    """One mention being resolved: its words, head and agent sector, and what the steps
    found that later steps use again."""

    mention: Mention
    doc: Document
    year: int | None
    ref: Mention  # the mention, or the one it refers to ("he", "their forces")
    tokens: list[Token]  # the referent's words, without stances ("anti-Syria")
    head: Token
    sector: str | None
    via: str  # " (through 'X')" when resolved through a referent, else ""
    nation: _Nation | None = None  # once worked out (`_nation`)
    owner: Entity | None = None  # once resolved (`_owner`)


Step = Callable[[_Phrase], Entity | None]


class ActorResolver(Clues):
    """Mentions -> canonical entities over a knowledge base (see the module docstring).

    `place_country(name)` (the gazetteer) gives the country of a place used as an actor
    ("Crimea voted", "Gaza said"); without it such names stay as written."""

    def resolve(self, mention: Mention, doc: Document, *, year: int | None = None) -> Entity:
        """The entity `mention` names in `doc`, in the light of the article's `year`
        (leaders out of office then are the elite), from the first step that decides."""
        phrase = self._phrase(mention, doc, year)
        for step in self._named_steps():
            entity = step(phrase)
            if entity is not None:
                return entity
        if phrase.sector is None and self._people(doc, phrase.head):
            phrase.sector = "CVL"  # "Bosnian Serbs", "thousands of Palestinians": not a state
        for step in self._described_steps():
            entity = step(phrase)
            if entity is not None:
                return entity
        return self._as_written(phrase)

    def _named_steps(self) -> tuple[Step, ...]:
        """The steps that go by a name: of an entity, or of a seat of government."""
        return (self._known, self._seat)

    def _described_steps(self) -> tuple[Step, ...]:
        """The steps that go by what the words and the sentence say of the people."""
        return (
            self._national,
            self._owners_group,
            self._owners_country,
            self._place_named,
            self._described,
            self._office_holder,
        )

    def _phrase(self, mention: Mention, doc: Document, year: int | None) -> _Phrase:
        """What every step works from: the referent's words, head and sector."""
        ref = mention.referent
        # "anti-Syria", "pro-Iranian": a stance towards a country, not a nationality
        tokens = without_stances(
            [t for t in doc.tokens if ref.span.start <= t.start < ref.span.end]
        )
        head = doc.tokens[ref.head]
        sector = self.sector(tokens, head)
        via = f" (through '{ref.text}')" if ref is not mention else ""
        return _Phrase(mention, doc, year, ref, tokens, head, sector, via)

    # --- the steps, in order --------------------------------------------------------

    def _known(self, p: _Phrase) -> Entity | None:
        """An entity of the knowledge base, the most specific one the words name."""
        hits = self._hits(p.ref, p.tokens, p.year)
        if p.head.lemma not in OWNED:
            # "Arafat's critics", "Putin's opponents": not the person, nor his own people
            word = normalise(p.head.text)
            hits = [
                h for h in hits if h.actor.kind != "person" or word in normalise(h.alias).split()
            ]
        if not hits:
            return None
        actor, reason, score = self._most_specific(hits, normalise(p.ref.text), p.head)
        sector = p.sector
        if self.kb.lookup(p.ref.text) is actor:
            sector = None  # the words are its name ("Democratic People's Republic")
        owned = self._owned_by_person(actor, p.head, sector)
        if owned is not None:  # "Djindjic's opposition coalition", "Bush administration"
            reason = f"{reason}; the {p.head.text} is not the person but belongs to {owned.name}"
            why = Resolution("knowledge-base", 0.7, reason + p.via)
            entity = self._entity(p.mention, owned, sector, why)
            return replace(entity, identifier_text=p.ref.text, identifier_id=None, aliases=())
        why = Resolution("knowledge-base", score, reason + p.via)
        entity = self._entity(p.mention, actor, sector, why, p.year)
        # the role the text gives him in an organisation: "the party's leader Mahmoud
        # Abbas" (PTY), "Hamas's military commander X" (MIL)
        possessed = any(t.tag == "POS" and t.i < p.head.i for t in p.tokens)
        if actor.kind == "person" and sector not in (None, "GOV", "CVL", "ELI") and possessed:
            return replace(entity, sector=sector)
        return entity

    def _seat(self, p: _Phrase) -> Entity | None:
        """A seat of government or a capital standing for its state ("the Kremlin")."""
        for gram in ngrams(p.tokens):
            seat = self.kb.seats.get(normalise(gram))
            # "Kremlin officials", "Washington's envoy", not "the Copenhagen Charter"
            agent = p.sector is not None or normalise(p.head.text) in normalise(gram).split()
            if seat is not None and agent:
                seat_country, seat_sector = seat
                state = self.kb.actors[seat_country.name]
                reason = f"'{gram}' stands for the government of {seat_country.name}{p.via}"
                # a capital is also a city: where it is acted on, its residents (see records)
                method = "capital" if normalise(gram) in self.kb.capitals else "seat"
                why = Resolution(method, 0.8, reason)
                return self._entity(p.mention, state, p.sector or seat_sector, why)
        return None

    def _national(self, p: _Phrase) -> Entity | None:
        """The state of the country the words or the sentence give ("Israeli forces")."""
        nation = self._nation(p)
        return None if nation.country is None else self._of_country(p, nation, nation.country)

    def _owners_group(self, p: _Phrase) -> Entity | None:
        """'The Taliban ... their fighters': the group "their" stands for."""
        if p.ref.owner is None:
            return None
        known = self.kb.actors.get(self._owner(p).identifier_text or "")
        if known is None or known.kind == "state":
            return None
        why = Resolution("owner", 0.7, f"the {p.head.text} of {known.name}{p.via}")
        return self._entity(p.mention, known, p.sector, why, p.year)

    def _owners_country(self, p: _Phrase) -> Entity | None:
        """'Their forces', where "their" is a state or has a country: that country."""
        if p.ref.owner is None:
            return None
        code = self._owner(p).code
        if code not in self.kb.countries:
            return None
        return self._of_country(p, self._nation(p), self.kb.countries[code])

    def _place_named(self, p: _Phrase) -> Entity | None:
        """A place named as an actor ("Gaza said"): its people or authorities."""
        name = self._written(p)
        place = self._state_of_place(name) if p.head.ent_type in ("GPE", "LOC") else None
        if place is None:
            return None
        state = self.kb.actors[place.name]
        reason = f"'{name}' is a place in {state.name}; its people or authorities act"
        entity = self._entity(p.mention, state, p.sector, Resolution("place", 0.6, reason + p.via))
        return replace(entity, identifier_text=name, identifier_id=None)

    def _described(self, p: _Phrase) -> Entity | None:
        """A name the apposition describes ("Salaheddine Sidhoum, Algeria's leading rights
        activist"): the code and sector it gives, the name as written."""
        described = self._apposition(p.doc, p.head, p.year)
        if described is None:
            return None
        name = self._written(p)
        code, appos_sector, words = described
        reason = f"not in the knowledge base; described as '{words}'"
        return Entity(
            entity_text=p.mention.text,
            identifier_text=name,
            code=code,
            sector=p.sector or appos_sector,
            aliases=tuple(n for n in p.ref.names if n != name),
            span=p.mention.span,
            resolution=Resolution("apposition", 0.6, reason + p.via),
        )

    def _office_holder(self, p: _Phrase) -> Entity | None:
        """A person of an office sector serves the only country the sentence names."""
        if p.sector not in OFFICE_SECTORS or p.head.ent_type != "PERSON":
            return None
        country = self._sentence_country(p.doc, p.ref, located=False)
        if country is None:
            return None
        state = self.kb.actors[country.name]
        reason = (
            f"{self._unknown(p)}; an office holder of the only country the sentence names, "
            f"{country.name}"
        )
        entity = self._entity(
            p.mention, state, p.sector, Resolution("context", 0.5, reason + p.via)
        )
        return replace(entity, identifier_text=self._written(p), identifier_id=None, aliases=())

    def _as_written(self, p: _Phrase) -> Entity:
        """The name as written, of no known entity; a named body is an NGO, an
        international force an IGO."""
        name = self._written(p)
        reason = self._unknown(p)
        code = None
        last = normalise(name).split()[-1:]
        if p.ref.names and last and last[0] in self.kb.organisation_words:
            code = "NGO"  # "the Third World Water Forum": a named body of no country
            reason += "; a named organisation of no country (NGO)"
        elif p.sector == "MIL" and any(t.lower in self.kb.international_markers for t in p.tokens):
            code = "IGO"  # "a regional peacekeeping force", "the multinational force"
            reason += "; an international force of no country (IGO)"
        return Entity(
            entity_text=p.mention.text,
            identifier_text=name,
            code=code,
            sector=p.sector,
            aliases=tuple(n for n in p.ref.names if n != name),
            span=p.mention.span,
            resolution=Resolution("as-written", 0.4, reason + p.via),
        )

    # --- what the steps share -------------------------------------------------------

    def _nation(self, p: _Phrase) -> _Nation:
        """The country of the mention (worked out once): where the people live when they
        are residents or an ethnic group, else a country or nationality word, an ethnic
        group's home, the place they are in, or a place before the head."""
        if p.nation is not None:
            return p.nation
        doc, tokens, head = p.doc, p.tokens, p.head
        group = self._ethnic_group(doc, tokens, head)  # "Karen guerrillas", "Kurdish fighters"
        # "American tourists in Egypt" are American; "Albanians of southern Serbia" and
        # "demonstrators in Baghdad" are where they live
        national = self._country([t for t in tokens if t.i != head.i]) is not None
        # ethnicity names no citizenship: "ethnic Turks", "the Albanian population" and
        # "Karen guerrillas" are where they live ("Iraqi Kurdish fighters" are Iraqi)
        ethnic = any(t.lower in ETHNIC for t in tokens) or (group is not None and not national)
        country: Country | None = None
        if (p.sector in RESIDENT_SECTORS and not national) or ethnic:
            country = self._country_of_place(doc, head)
            if country is None and ethnic:
                country = self._sentence_country(doc, p.ref)
        placed = country is not None
        home = self.kb.countries.get(group.home or "") if group is not None else None
        country = (
            country
            or self._country_names(tuple(n for n in p.ref.names if not stance(n, p.ref.text)))
            or self._country(tokens)
            or home
            or self._country_of_place(doc, head)
            or self._place_modifier(tokens, head)
        )
        p.nation = _Nation(country, group, ethnic, placed)
        return p.nation

    def _of_country(self, p: _Phrase, nation: _Nation, country: Country) -> Entity:
        """The state of `country`, explained as a nationality or an ethnic group's country.
        An ethnic group of no known residence keeps its nation's (or home's) code until
        the event's place says where it lives (see records)."""
        state = self.kb.actors[country.name]
        reason = f"nationality or country word for {country.name}"
        if nation.group is not None and nation.ethnic:
            where = "where the sentence places them" if nation.placed else "their home country"
            reason = f"the {nation.group.name}, an ethnic group, coded to {country.name}, {where}"
        reason += f", sector {p.sector} from '{p.head.text}'" if p.sector else ""
        method = "ethnic" if nation.ethnic and not nation.placed else "country"
        return self._entity(p.mention, state, p.sector, Resolution(method, 0.75, reason + p.via))

    def _owner(self, p: _Phrase) -> Entity:
        """Whoever "their" is in "their forces", resolved once."""
        assert p.ref.owner is not None
        if p.owner is None:
            p.owner = self.resolve(p.ref.owner, p.doc, year=p.year)
        return p.owner

    def _written(self, p: _Phrase) -> str:
        """A whole proper name as written ("Zorgon Liberation Front"), else the phrase."""
        ref = p.ref
        whole = [n for n in ref.names if n.split()[-1] in (ref.text.split()[-1], p.head.text)]
        return whole[0] if whole else ref.text

    def _unknown(self, p: _Phrase) -> str:
        """The reason's start for a name the knowledge base does not hold."""
        return "not in the knowledge base; " + (
            f"sector {p.sector} from '{p.head.text}'" if p.sector else "no sector word"
        )

    # --- parts ----------------------------------------------------------------------

    def _hits(self, ref: Mention, tokens: list[Token], year: int | None) -> list[Hit]:
        hits: list[Hit] = []
        grams = [g for g in ngrams(tokens) if g[:1].isupper()]  # names, not "is" or "us"
        if self._country_names(ref.names) and not any(map(self.kb.lookup, ref.names)):
            grams = []  # "Russian" of "U.S. and Russian negotiators": that nation only
        names = [n for n in ref.names if not stance(n, ref.text)]
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


def _fields(actor: KnownActor) -> dict:
    return {name: getattr(actor, name) for name in actor.__dataclass_fields__}
