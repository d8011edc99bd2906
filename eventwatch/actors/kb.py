"""The actor knowledge base: countries, organisations, armed groups and leaders, as data.

TOML files in `data/`: `countries.toml` (every UN member state with aliases,
demonyms, capitals and seats of government), `actors.toml` (IGOs, NGOs, armed groups,
parties, with aliases, parents and "descriptions" such as "Egyptian wing"; leaders of
those organisations), `leaders.toml` (heads of state and government and other office
holders, with their years in office), `ethnic.toml` (ethnic and communal groups and where
they live) and `sectors.toml` (agent nouns -> PLOVER sectors). They are validated when
loaded: an alias that names two entities is an error unless listed in `ambiguous_aliases`,
and an ethnic group's word may not be a nationality.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import OntologyError

INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "UNO", "EUR"}


def normalise(text: str) -> str:
    """'The U.S.' -> 'us'; 'Hizb’allah' -> "hizb'allah"; 'ISIS's' -> 'isis'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[^\w' -]+", " ", text)
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    return re.sub(r"[\s-]+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class KnownActor:
    """One entity of the knowledge base (a state is one too, with kind "state")."""

    name: str
    code: str | None
    sector: str | None = None
    qid: str | None = None
    kind: str = "group"
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    descriptions: tuple[str, ...] = ()
    org: str | None = None
    role: str | None = None
    start: int | None = None
    end: int | None = None
    # years in office: every spell of the main role and of earlier roles ("history")
    terms: tuple[tuple[int | None, int | None], ...] = ()

    def active(self, year: int | None) -> bool:
        if year is None:
            return True
        spans = self.terms or ((self.start, self.end),)
        return any((a is None or a <= year) and (b is None or year <= b) for a, b in spans)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    qid: str | None
    demonyms: tuple[str, ...]
    seats: dict[str, str] = field(default_factory=dict)  # "kremlin" -> GOV, "knesset" -> LEG


@dataclass(frozen=True)
class EthnicGroup:
    """'Karen guerrillas', 'Hausa politicians': a group named by ethnicity, with the country
    it is coded to when the text says nothing else (`home`: none where it lives in several
    countries in like numbers) and every country it is a community of (`homes`)."""

    name: str
    home: str | None
    homes: tuple[str, ...]


@dataclass
class KnowledgeBase:
    actors: dict[str, KnownActor]
    countries: dict[str, Country]
    aliases: dict[str, KnownActor]  # normalised alias -> entity
    demonyms: dict[str, Country]  # normalised demonym or country name -> country
    seats: dict[str, tuple[Country, str]]  # normalised seat name -> (country, sector)
    sectors: dict[str, str]  # normalised agent noun -> sector
    ambiguous: frozenset[str]
    children: dict[str, list[KnownActor]]
    elite_markers: frozenset[str] = frozenset()
    capitals: frozenset[str] = frozenset()  # normalised capital names (seats that are cities)
    partitive: frozenset[str] = frozenset()  # "leaders of X": X says what they belong to
    organisation_words: frozenset[str] = frozenset()
    international_markers: frozenset[str] = frozenset()  # "a peacekeeping force": IGO
    ethnic: dict[str, EthnicGroup] = field(default_factory=dict)  # word (case kept) -> group

    def lookup(self, name: str) -> KnownActor | None:
        return self.aliases.get(normalise(name))


def _read(name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath("data", name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"actors/data/{name}", str(exc)) from exc


class _Aliases:
    """Normalised alias -> entity, refusing an alias that names two entities unless it is
    listed as ambiguous (then the first, most newsworthy, entity keeps it)."""

    def __init__(self, ambiguous: frozenset[str]) -> None:
        self.ambiguous = ambiguous
        self.names: dict[str, KnownActor] = {}

    def add(self, alias: str, actor: KnownActor, where: str) -> None:
        key = normalise(alias)
        if not key:
            return
        other = self.names.get(key)
        if other is not None and other.name != actor.name:
            if key in self.ambiguous:
                return
            raise OntologyError(where, f"alias {alias!r} names both {other.name} and {actor.name}")
        self.names[key] = actor


@dataclass
class _Countries:
    """What countries.toml gives: the states and the words that name or imply them."""

    countries: dict[str, Country] = field(default_factory=dict)
    states: dict[str, KnownActor] = field(default_factory=dict)
    demonyms: dict[str, Country] = field(default_factory=dict)
    seats: dict[str, tuple[Country, str]] = field(default_factory=dict)
    capitals: set[str] = field(default_factory=set)


def build(
    countries_raw: dict, actors_raw: dict, sectors_raw: dict, ethnic_raw: dict | None = None
) -> KnowledgeBase:
    """Build and validate the indexes from the parsed files."""
    ambiguous = frozenset(normalise(a) for a in actors_raw.get("ambiguous_aliases", []))
    aliases = _Aliases(ambiguous)
    found = _countries(countries_raw, aliases)
    actors = _actors(actors_raw, found, aliases)
    sectors = {
        normalise(noun): sector
        for sector, nouns in sectors_raw.get("nouns", {}).items()
        for noun in nouns
    }
    ethnic = _ethnic(ethnic_raw or {}, found.countries, found.demonyms)
    return KnowledgeBase(
        actors,
        found.countries,
        aliases.names,
        found.demonyms,
        found.seats,
        sectors,
        ambiguous,
        _children(actors),
        elite_markers=_words(sectors_raw, "elite_markers"),
        organisation_words=_words(sectors_raw, "organisation_words"),
        international_markers=_words(sectors_raw, "international_markers"),
        capitals=frozenset(found.capitals),
        partitive=_words(sectors_raw, "partitive"),
        ethnic=ethnic,
    )


def _countries(raw_file: dict, aliases: _Aliases) -> _Countries:
    """Each country as a state, with its names, demonyms, seats and capitals."""
    out = _Countries()
    for raw in raw_file.get("country", []):
        where = f"actors/data/countries.toml [{raw.get('code')}]"
        seat_map = {s: "GOV" for s in raw.get("seat_names", [])}
        seat_map.update({s: "LEG" for s in raw.get("legislature", [])})
        seat_map.update({s: "GOV" for s in raw.get("capital", [])})
        out.capitals.update(normalise(s) for s in raw.get("capital", []))
        country = Country(
            raw["code"], raw["name"], raw.get("qid"), tuple(raw.get("demonyms", [])), seat_map
        )
        out.countries[country.code] = country
        state = KnownActor(country.name, country.code, None, country.qid, "state",
                           tuple(raw.get("aliases", [])))  # fmt: skip
        out.states[state.name] = state
        for alias in (country.name, *state.aliases):
            aliases.add(alias, state, where)
            out.demonyms.setdefault(normalise(alias), country)
        for word in country.demonyms:
            out.demonyms.setdefault(normalise(word), country)
        for seat, sector in seat_map.items():
            out.seats[normalise(seat)] = (country, sector)
    return out


def _actors(raw_file: dict, found: _Countries, aliases: _Aliases) -> dict[str, KnownActor]:
    """Every entity by name: the states, then the organisations and people."""
    actors = dict(found.states)
    for table, kind in (("actor", None), ("person", "person")):
        for raw in raw_file.get(table, []):
            where = f"actors/data/actors.toml [{raw.get('name')}]"
            actor = KnownActor(
                name=raw["name"],
                code=raw.get("code"),
                sector=raw.get("sector"),
                qid=raw.get("qid"),
                kind=kind or raw.get("kind", "group"),
                aliases=tuple(raw.get("aliases", [])),
                parent=raw.get("parent"),
                descriptions=tuple(raw.get("descriptions", [])),
                org=raw.get("org"),
                role=raw.get("role"),
                start=raw.get("from"),
                end=raw.get("until"),
                terms=_terms(raw),
            )
            code = actor.code
            if code and code not in found.countries and code not in INTERNATIONAL:
                raise OntologyError(where, f"unknown code {actor.code!r}")
            actors[actor.name] = actor
            for alias in (actor.name, *actor.aliases):
                aliases.add(alias, actor, where)
    return actors


def _children(actors: dict[str, KnownActor]) -> dict[str, list[KnownActor]]:
    """Parent name -> the entities that name it as their parent (each parent must exist)."""
    children: dict[str, list[KnownActor]] = {}
    for actor in actors.values():
        if actor.parent is not None:
            if actor.parent not in actors:
                raise OntologyError(
                    f"actors/data/actors.toml [{actor.name}]", f"unknown parent {actor.parent!r}"
                )
            children.setdefault(actor.parent, []).append(actor)
    return children


def _ethnic(
    raw: dict[str, Any], countries: dict[str, Country], demonyms: dict[str, Country]
) -> dict[str, EthnicGroup]:
    out: dict[str, EthnicGroup] = {}
    for entry in raw.get("group", []):
        where = f"actors/data/ethnic.toml [{entry.get('name')}]"
        if not entry.get("name") or not entry.get("words"):
            raise OntologyError(where, "a group needs a name and words")
        group = EthnicGroup(entry["name"], entry.get("home"), tuple(entry.get("homes", [])))
        for code in (group.home, *group.homes):
            if code is not None and code not in countries:
                raise OntologyError(where, f"unknown country {code!r}")
        if group.home is not None and group.home not in group.homes:
            raise OntologyError(where, f"home {group.home!r} is not among its homes")
        for word in entry.get("words", []):
            if normalise(word) in demonyms:
                raise OntologyError(where, f"{word!r} is a nationality, not an ethnic group")
            if word in out:
                raise OntologyError(where, f"{word!r} also names {out[word].name}")
            out[word] = group
    return out


def _words(raw: dict[str, Any], table: str) -> frozenset[str]:
    return frozenset(raw.get(table, {}).get("words", []))


def _terms(raw: dict[str, Any]) -> tuple[tuple[int | None, int | None], ...]:
    # the main role's spells (one undated spell when no years are given), then earlier roles
    spells = raw.get("terms") or [{"from": raw.get("from"), "until": raw.get("until")}]
    spells = [*spells, *raw.get("history", [])]
    return tuple((t.get("from"), t.get("until")) for t in spells)


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The bundled knowledge base, validated (cached per process)."""
    actors = _read("actors.toml")
    leaders = _read("leaders.toml")
    actors["person"] = [*actors.get("person", []), *leaders.get("person", [])]
    actors["ambiguous_aliases"] = [
        *actors.get("ambiguous_aliases", []),
        *leaders.get("ambiguous_aliases", []),
    ]
    return build(_read("countries.toml"), actors, _read("sectors.toml"), _read("ethnic.toml"))
