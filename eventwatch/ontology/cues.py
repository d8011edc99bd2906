"""The ACLED cue lexicon (`data/acled_cues.toml`): the words that decide ACLED's
Explosions/Remote violence sub-types (weapons), what a protest turned into, mob violence,
and the words other sub-types need in their sentence.

Validated on load: every sub-type named must be one of ACLED's, every mode one of
ASSAULT's; a malformed entry raises `OntologyError` naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..errors import OntologyError
from ..types import Cue, Weapon

WHERE = "data/acled_cues.toml"
EXPLOSIONS = "Explosions/Remote violence"
_LEMMAS = re.compile(r"[^\s-]+|-")  # "sit-in" is three tokens, as the parser splits it


@dataclass(frozen=True, slots=True)
class WeaponKind:
    """One kind of weapon: the ACLED sub-type it decides, the PLOVER mode it implies and
    its words, each a tuple of lemmas ("air", "strike")."""

    acled: str
    mode: str
    words: tuple[tuple[str, ...], ...]


Phrases = tuple[tuple[str, ...], ...]  # each a run of lemmas


@dataclass(frozen=True)
class Protest:
    """What happened at a protest, as ACLED's Protests and Riots sub-types tell it apart."""

    words: Phrases  # words that make a clause tell of a protest
    violent: Phrases  # the protesters' own violence: a violent demonstration
    intervention: Phrases  # force used on the crowd
    lethal: Phrases  # force that killed or maimed: excessive force
    mob: frozenset[str]  # actors whose violence is a mob's, not a protest's
    armed: Phrases = ()  # words of an armed group: no mob
    violent_modes: frozenset[str] = frozenset()  # a protest of these modes was violent
    grievance: frozenset[str] = frozenset()  # words above what a protest is about


@dataclass(frozen=True)
class Territory:
    """A town or position changing hands by force (ACLED's Battles territory sub-types)."""

    verbs: Phrases  # the verbs that say it
    places: frozenset[str]  # what they must take (or a named place)
    back: Phrases  # verbs of taking back: the government, where the actor is unknown
    state_sectors: frozenset[str]  # actors of these sectors are a state's forces


@dataclass(frozen=True)
class Strategic:
    """A strategic development ACLED records, told by words in an event's clause."""

    acled: tuple[str, str]  # (event type, sub-event type)
    types: frozenset[str]  # the PLOVER types of the events it may be
    words: Phrases
    modes: frozenset[str] = frozenset()  # where given, the event must have one of them


@dataclass(frozen=True)
class AcledCues:
    kinds: tuple[WeaponKind, ...]  # most specific first
    battles: frozenset[str]  # trigger lemmas whose weapons do not make an explosion
    needs: dict[str, tuple[tuple[str, ...], ...]]  # sub-type -> words it needs
    not_before: frozenset[str] = frozenset()  # nouns a weapon word names no weapon before
    not_used_by: frozenset[str] = frozenset()  # verbs of weapons held, found or traded
    met_by_type: dict[str, frozenset[str]] = field(default_factory=dict)  # PLOVER type ->
    # the sub-types whose needs an event of that type meets
    protest: Protest | None = None
    territory: Territory | None = None
    strategic: tuple[Strategic, ...] = ()  # strategic developments told by their words
    armed: frozenset[str] = frozenset()  # sectors of armed victims: a battle
    unarmed: frozenset[str] = frozenset()  # sectors of unarmed victims: an attack on civilians

    @cached_property
    def all_needs(self) -> dict[str, Phrases]:
        """What each sub-type needs in its sentence: its `needs` words, and for an
        Explosions/Remote violence sub-type the words of its weapons."""
        needs = dict(self.needs)
        for kind in self.kinds:
            needs[kind.acled] = needs.get(kind.acled, ()) + kind.words
        return needs


def cue_acled(
    kind: str, weapon: Weapon | None, cue: Cue | None
) -> tuple[tuple[str, str], str] | None:
    """The ACLED (event type, sub-event type) the rules' cues decide for an event of PLOVER
    type `kind`, with the words that decided it: an attack's weapon first, then what its
    protest turned into, the town taken, the agreement; None where no cue decides."""
    if weapon is not None and kind == "ASSAULT":
        return (EXPLOSIONS, weapon.acled), f"the weapon {weapon.text!r}"
    if cue is not None:
        return cue.acled, repr(cue.text) if cue.text else ""
    return None


def load_cues(
    raw: dict[str, Any], subtypes: dict[str, tuple[str, str | None]], modes: tuple[str, ...]
) -> AcledCues:
    """`subtypes`: ACLED sub-type -> (event type, the PLOVER mode it implies);
    `modes`: the modes of ASSAULT."""
    kinds = []
    for n, spec in enumerate(raw.get("kind", []), start=1):
        where = f"{WHERE} kind {n}"
        name = spec.get("acled")
        if name not in subtypes or subtypes[name][0] != EXPLOSIONS:
            raise OntologyError(where, f"{name!r} is not an {EXPLOSIONS} sub-type")
        mode = spec.get("mode") or subtypes[name][1]
        if mode not in modes:
            raise OntologyError(where, f"mode {mode!r} is not a mode of ASSAULT")
        kinds.append(WeaponKind(name, mode, _phrases(spec.get("words"), where)))
    lists = raw.get("words", {})
    needs = {}
    for name, words in raw.get("needs", {}).items():
        where = f"{WHERE} [needs] {name!r}"
        if name not in subtypes:
            raise OntologyError(where, f"{name!r} is not an ACLED sub-type")
        needs[name] = _phrases(_expand(words, lists, where), where)
    met = {}
    for kind, names in raw.get("met_by_type", {}).items():
        unknown = set(names) - set(subtypes) if isinstance(names, list) else {repr(names)}
        if unknown:
            raise OntologyError(f"{WHERE} [met_by_type] {kind}", f"not ACLED sub-types: {unknown}")
        met[kind] = frozenset(names)
    return AcledCues(
        tuple(kinds),
        _lemmas(raw, "battles"),
        needs,
        _lemmas(raw, "not_before"),
        _lemmas(raw, "not_used_by"),
        met,
        _protest(raw.get("protest"), lists),
        _territory(raw.get("territory")),
        _strategic(raw.get("strategic", []), subtypes),
        _lemmas(raw.get("victims", {}), "armed", f"{WHERE} [victims]"),
        _lemmas(raw.get("victims", {}), "unarmed", f"{WHERE} [victims]"),
    )


def _strategic(raw: Any, subtypes: dict[str, tuple[str, str | None]]) -> tuple[Strategic, ...]:
    out = []
    for n, spec in enumerate(raw, start=1):
        where = f"{WHERE} strategic {n}"
        name = spec.get("acled")
        if name not in subtypes:
            raise OntologyError(where, f"{name!r} is not an ACLED sub-type")
        acled = (subtypes[name][0], name)
        words = _phrases(spec.get("words"), where)
        modes = _lemmas(spec, "modes", where)
        out.append(Strategic(acled, _lemmas(spec, "types", where), words, modes))
    return tuple(out)


def _territory(raw: Any) -> Territory | None:
    if raw is None:
        return None
    where = f"{WHERE} [territory]"
    if not isinstance(raw, dict):
        raise OntologyError(where, "expected a table")
    return Territory(
        verbs=_phrases(raw.get("verbs"), f"{where} verbs"),
        places=_lemmas(raw, "places", where),
        back=_phrases(raw.get("back"), f"{where} back"),
        state_sectors=_lemmas(raw, "state_sectors", where),
    )


def _protest(raw: Any, lists: dict[str, Any]) -> Protest | None:
    if raw is None:
        return None
    where = f"{WHERE} [protest]"
    if not isinstance(raw, dict):
        raise OntologyError(where, "expected a table")

    def words(key: str) -> Phrases:
        return _phrases(_expand(raw.get(key), lists, f"{where} {key}"), f"{where} {key}")

    return Protest(
        words=words("words"),
        violent=words("violent"),
        intervention=words("intervention"),
        lethal=words("lethal"),
        mob=_lemmas(raw, "mob", where),
        armed=words("armed"),
        grievance=_lemmas(raw, "grievance", where),
        violent_modes=_lemmas(raw, "violent_modes", where),
    )


def _expand(words: Any, lists: dict[str, Any], where: str) -> list[Any]:
    """The words with each "@name" replaced by the list `name` of [words]."""
    if not isinstance(words, list):
        raise OntologyError(where, "expected a list of words")
    out = []
    for word in words:
        if isinstance(word, str) and word.startswith("@"):
            if word[1:] not in lists:
                raise OntologyError(where, f"{word!r}: no such list in [words]")
            out.extend(lists[word[1:]])
        else:
            out.append(word)
    return out


def _lemmas(raw: dict[str, Any], key: str, where: str = WHERE) -> frozenset[str]:
    words = raw.get(key, [])
    if not (isinstance(words, list) and all(isinstance(w, str) for w in words)):
        raise OntologyError(where, f"{key} must be a list of lemmas")
    return frozenset(words)


def _phrases(words: Any, where: str) -> Phrases:
    if not (isinstance(words, list) and words and all(isinstance(w, str) for w in words)):
        raise OntologyError(where, "words must be a non-empty list of strings")
    return tuple(tuple(_LEMMAS.findall(w.lower())) for w in words)
