"""The ontology as data: PLOVER types, trigger lexicon and framing words, validated on load.

`load_ontology()` reads the TOML files in `data/` once per process and checks them: an
unknown event type, a mode that does not belong to its type, a malformed CAMEO code or a
pattern listed twice raises `OntologyError` naming the file and the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import OntologyError
from ..types import Coding
from .cues import AcledCues, load_cues

DATA = "data"


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: int
    needs_recipient: bool
    modes: tuple[str, ...]
    acled: tuple[str, str] | None
    acled_civilian: tuple[str, str] | None
    acled_by_mode: dict[str, tuple[str, str]]
    place_target: bool | tuple[str, ...] = False  # the place stands in for a missing recipient
    place_sector: str | None = None  # the sector of that stand-in ("CVL": its residents)
    recipient_from: tuple[str, ...] = ()  # types whose recipient in its clause it shares
    unidentified_actor: bool = False  # no named perpetrator: an unidentified armed group
    local_participants: bool = False  # unnamed people in it are of the country it is in
    cameo: str = ""  # the CAMEO root of the type, for events no pattern coded
    said: bool = False  # placed only where the text says it was made (statements, demands)
    acled_types: tuple[str, ...] = ("Strategic developments",)  # the coder may choose among
    acled_required: bool = False  # ACLED records every event of the type: no "none"

    def place_is_target(self, modes: tuple[str, ...]) -> bool:
        if isinstance(self.place_target, tuple):
            return any(m in self.place_target for m in modes)
        return self.place_target


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """`lemma`, optionally with particle/preposition children ("go back on": all of them),
    a required object ("declare +war") and/or a required subject ("a bomb exploded":
    "explode <bomb")."""

    lemma: str
    particles: tuple[str, ...]
    objects: frozenset[str]
    coding: Coding
    subjects: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        return len(self.particles) + int(bool(self.objects)) + int(bool(self.subjects))


@dataclass(frozen=True, slots=True)
class NounPattern:
    lemma: str
    modifiers: tuple[str, ...]
    coding: Coding


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    verbs: dict[str, tuple[VerbPattern, ...]]
    nouns: dict[str, tuple[NounPattern, ...]]
    frames: dict[str, Any] = field(repr=False)
    cues: AcledCues = field(repr=False)

    def words(self, section: str, key: str) -> frozenset[str]:
        """A framing word list from frames.toml, e.g. `words("negation", "words")`."""
        return frozenset(self.frames[section][key])

    def acled(self, event: str, modes: tuple[str, ...], civilian: bool) -> tuple[str, str] | None:
        etype = self.types[event]
        for mode in modes:
            if mode in etype.acled_by_mode:
                return etype.acled_by_mode[mode]
        if civilian and etype.acled_civilian:
            return etype.acled_civilian
        return etype.acled


def _read(name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath(DATA, name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"{DATA}/{name}", str(exc)) from exc


def _pair(value: Any, where: str) -> tuple[str, str] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise OntologyError(where, f"expected [event type, sub-event type], got {value!r}")
    return (value[0], value[1])


def _place_target(value: Any, where: str) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise OntologyError(where, f"place_target must be true/false or a list of modes, got {value!r}")


def _types(raw: dict[str, Any]) -> dict[str, EventType]:
    types = {}
    for name, spec in raw.items():
        where = f"{DATA}/plover.toml [{name}]"
        if spec.get("quad") not in (1, 2, 3, 4):
            raise OntologyError(where, "quad must be 1-4")
        by_mode = {m: _pair(v, where) for m, v in spec.get("acled_by_mode", {}).items()}
        for mode in by_mode:
            if mode not in spec["modes"]:
                raise OntologyError(where, f"acled_by_mode names unknown mode {mode!r}")
        target = _place_target(spec.get("place_target", False), where)
        if isinstance(target, tuple) and not set(target) <= set(spec["modes"]):
            raise OntologyError(where, f"place_target names unknown modes {target!r}")
        types[name] = EventType(
            name=name,
            quad=spec["quad"],
            needs_recipient=bool(spec.get("recipient")),
            modes=tuple(spec["modes"]),
            acled=_pair(spec.get("acled"), where),
            acled_civilian=_pair(spec.get("acled_civilian"), where),
            acled_by_mode={m: p for m, p in by_mode.items() if p},
            place_target=target,
            place_sector=spec.get("place_sector"),
            recipient_from=tuple(spec.get("recipient_from", ())),
            unidentified_actor=bool(spec.get("unidentified_actor")),
            local_participants=bool(spec.get("local_participants")),
            cameo=str(spec.get("cameo", "")),
            said=bool(spec.get("said")),
            acled_types=tuple(spec.get("acled_types", ("Strategic developments",))),
            acled_required=bool(spec.get("acled_required")),
        )
    for name, kind in types.items():
        unknown = set(kind.recipient_from) - set(types)
        if unknown:
            raise OntologyError(f"{DATA}/plover.toml [{name}]", f"recipient_from names {unknown}")
    if len(types) != 16:
        raise OntologyError(f"{DATA}/plover.toml", f"expected 16 PLOVER types, found {len(types)}")
    return types


_CAMEO = re.compile(r"^\d{2,4}$")
_GROUP_KEYS = {"event", "mode", "cameo", "verbs", "nouns", "lethal", "injures", "arrests",
               "person_object", "recipient_preps", "weak_nouns", "received"}  # fmt: skip


def _triggers(raw: dict[str, Any], types: dict[str, EventType]):
    verbs: dict[str, list[VerbPattern]] = {}
    nouns: dict[str, list[NounPattern]] = {}
    seen: dict[str, int] = {}
    for n, group in enumerate(raw.get("group", []), start=1):
        where = f"{DATA}/triggers.toml group {n} ({group.get('event')})"
        unknown = set(group) - _GROUP_KEYS
        if unknown:
            raise OntologyError(where, f"unknown keys {sorted(unknown)}")
        event, mode = group.get("event"), group.get("mode") or None
        if event not in types:
            raise OntologyError(where, f"unknown event type {event!r}")
        if mode is not None and mode not in types[event].modes:
            raise OntologyError(where, f"mode {mode!r} is not a mode of {event}")
        if not _CAMEO.match(str(group.get("cameo", ""))):
            raise OntologyError(where, f"bad CAMEO code {group.get('cameo')!r}")
        base = dict(
            event=event,
            mode=mode,
            cameo=str(group["cameo"]),
            lethal=bool(group.get("lethal")),
            injures=bool(group.get("injures")),
            arrests=bool(group.get("arrests")),
            person_object=bool(group.get("person_object")),
            recipient_preps=tuple(group.get("recipient_preps", ())),
            received=bool(group.get("received")),
        )
        for pattern in group.get("verbs", []):
            key = "verb:" + pattern.strip().lower()
            if key in seen:
                raise OntologyError(where, f"verb pattern {pattern!r} already in group {seen[key]}")
            seen[key] = n
            vp = _verb_pattern(pattern, Coding(**base))
            verbs.setdefault(vp.lemma, []).append(vp)
        for pattern in group.get("nouns", []):
            key = "noun:" + pattern.strip().lower()
            if key in seen:
                raise OntologyError(where, f"noun pattern {pattern!r} already in group {seen[key]}")
            seen[key] = n
            words = pattern.strip().lower().split()
            coding = Coding(**base, weak=bool(group.get("weak_nouns")))
            nouns.setdefault(words[-1], []).append(
                NounPattern(words[-1], tuple(words[:-1]), coding)
            )
    order = lambda p: -p.specificity  # noqa: E731 - most specific pattern first
    return (
        {k: tuple(sorted(v, key=order)) for k, v in verbs.items()},
        {k: tuple(sorted(v, key=lambda p: -len(p.modifiers))) for k, v in nouns.items()},
    )


def _verb_pattern(pattern: str, coding: Coding) -> VerbPattern:
    words = pattern.strip().lower().split()

    def marked(mark: str) -> frozenset[str]:
        return frozenset(w for word in words[1:] if word[0] == mark for w in word[1:].split("|"))

    particles = tuple(word for word in words[1:] if word[0] not in "+<")
    return VerbPattern(words[0], particles, marked("+"), coding, marked("<"))


@lru_cache(maxsize=1)
def acled_table() -> tuple[tuple[str, str, str | None], ...]:
    """ACLED's 25 sub-event types from `data/acled.toml`, in the codebook's order: (event
    type, sub-event type, the PLOVER mode it implies or None)."""
    out = []
    for event_type, subs in _read("acled.toml").items():
        for name, spec in subs.items():
            if not isinstance(spec, dict):
                raise OntologyError(f"{DATA}/acled.toml", f"{event_type}/{name}: expected a table")
            out.append((event_type, name, spec.get("mode")))
    names = [name for _, name, _ in out]
    if len(set(names)) != len(names):
        raise OntologyError(f"{DATA}/acled.toml", "a sub-event type is listed twice")
    return tuple(out)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Load and validate the bundled ontology (cached per process)."""
    types = _types(_read("plover.toml"))
    verbs, nouns = _triggers(_read("triggers.toml"), types)
    subtypes = {name: (event_type, mode) for event_type, name, mode in acled_table()}
    cues = load_cues(_read("acled_cues.toml"), subtypes, types["ASSAULT"].modes)
    acled_types = {event_type for event_type, _ in subtypes.values()} | set(subtypes)
    for name, kind in types.items():
        if not set(kind.acled_types) <= acled_types:
            unknown = set(kind.acled_types) - acled_types
            raise OntologyError(f"{DATA}/plover.toml [{name}]", f"acled_types names {unknown}")
    if not set(cues.met_by_type) <= set(types):
        raise OntologyError("data/acled_cues.toml [met_by_type]", "names an unknown PLOVER type")
    return Ontology(types, verbs, nouns, frames=_read("frames.toml"), cues=cues)
