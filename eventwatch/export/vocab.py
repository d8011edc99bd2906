"""The vocabularies of the ACLED and GDELT exports, as data: loaded once and checked.

`acled_vocabulary()` reads `data/acled.toml` (columns, actor types, interactions, regions,
disorder types, generic actor names), `data/acled_countries.toml` (ACLED's country name,
region and ISO numeric code per alpha-3 code) and the event and sub-event types of the
ontology's `acled.toml`. `goldstein(code)` reads `data/goldstein.toml`. A file that
breaks a rule (an interaction that does not spell its two actor types, a country in no
known region, a Goldstein value outside -10..10) raises `OntologyError` naming the file
and the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import OntologyError
from ..learn.labels import acled_subtypes

ACLED_FILE = "data/acled.toml"
COUNTRIES_FILE = "data/acled_countries.toml"
GOLDSTEIN_FILE = "data/goldstein.toml"
KINDS = ("text", "int", "float")
PANDAS_DTYPES = {"text": "str", "int": "int64", "float": "float64"}


@dataclass(frozen=True, slots=True)
class Column:
    """One ACLED column: its name, what pandas reads it as, and its closed vocabulary."""

    name: str
    kind: str
    required: bool
    vocabulary: str | None


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    region: str
    iso: int


@dataclass(frozen=True)
class AcledVocabulary:
    """Everything an ACLED row may say, by column; see data/acled.toml for each part."""

    columns: tuple[Column, ...]
    event_types: dict[str, tuple[str, ...]]
    disorder: dict[str, str]
    disorder_by_sub_type: dict[str, str]
    actor_types: dict[int, str]
    interactions: dict[int, str]
    inter_by_sector: dict[str, int]
    countries: dict[str, Country]
    generic_actors: dict[str, str]
    admin1_suffixes: tuple[str, ...]
    admin2_suffixes: tuple[str, ...]
    admin2_prefixes: tuple[str, ...]
    lists: dict[str, tuple[Any, ...]]

    def interaction(self, inter1: int | None, inter2: int | None) -> str:
        """The `interaction` text of two inter codes (either may be missing)."""
        codes = sorted(c for c in (inter1, inter2) if c is not None)
        if not codes:
            return ""
        key = codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)
        return self.interactions[key]

    def values(self, vocabulary: str) -> frozenset[Any]:
        """The allowed values of a named vocabulary (as `columns` name them)."""
        if vocabulary == "event_types":
            return frozenset(self.event_types)
        if vocabulary == "sub_event_types":
            return frozenset(s for subs in self.event_types.values() for s in subs)
        if vocabulary == "actor_types":
            return frozenset(self.actor_types.values())
        if vocabulary == "interactions":
            return frozenset(self.interactions.values())
        if vocabulary == "countries":
            return frozenset(c.name for c in self.countries.values())
        if vocabulary == "iso":
            return frozenset(c.iso for c in self.countries.values())
        return frozenset(self.lists[vocabulary])

    def dtypes(self) -> dict[str, str]:
        """The pandas dtype of each column as `pandas.read_csv` gives it for a full file."""
        return {c.name: PANDAS_DTYPES[c.kind] for c in self.columns}


def _read(name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath(name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(name, str(exc)) from exc


def _strings(raw: dict[str, Any], key: str, where: str = ACLED_FILE) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise OntologyError(where, f"{key!r} must be a non-empty list of strings")
    if len(set(value)) != len(value):
        raise OntologyError(where, f"{key!r} lists a value twice")
    return tuple(value)


def _columns(raw: dict[str, Any], vocabularies: set[str]) -> tuple[Column, ...]:
    columns = []
    for n, spec in enumerate(raw.get("columns") or (), start=1):
        where = f"column {n} ({spec.get('name')!r})"
        if spec.get("kind") not in KINDS:
            raise OntologyError(ACLED_FILE, f"{where}: kind must be one of {', '.join(KINDS)}")
        vocabulary = spec.get("vocabulary")
        if vocabulary is not None and vocabulary not in vocabularies:
            raise OntologyError(ACLED_FILE, f"{where}: unknown vocabulary {vocabulary!r}")
        columns.append(
            Column(str(spec["name"]), spec["kind"], bool(spec.get("required")), vocabulary)
        )
    names = [c.name for c in columns]
    if len(names) != 31 or len(set(names)) != 31:
        raise OntologyError(ACLED_FILE, f"expected ACLED's 31 distinct columns, found {len(names)}")
    return tuple(columns)


def _actor_types(raw: dict[str, Any]) -> dict[int, str]:
    types = {int(code): str(label) for code, label in (raw.get("actor_types") or {}).items()}
    if sorted(types) != list(range(1, 9)):
        raise OntologyError(ACLED_FILE, "[actor_types] must give the inter codes 1 to 8")
    return types


def _interactions(raw: dict[str, Any], types: dict[int, str]) -> dict[int, str]:
    """Check that each pair's text spells its two actor types and that no pair is missing."""
    table = {int(key): str(text) for key, text in (raw.get("interactions") or {}).items()}
    wanted = {a * 10 + b for a in types for b in (0, *types) if b == 0 or b >= a}
    if set(table) != wanted:
        missing, extra = sorted(wanted - set(table)), sorted(set(table) - wanted)
        raise OntologyError(ACLED_FILE, f"[interactions]: missing {missing}, unexpected {extra}")
    for key, text in table.items():
        low, high = divmod(key, 10)
        if high == 0:
            allowed = {f"{types[low]} only"}
        else:
            allowed = {f"{types[low]}-{types[high]}", f"{types[high]}-{types[low]}"}
        if text not in allowed:
            raise OntologyError(ACLED_FILE, f"[interactions] {key}: {text!r} is not {allowed}")
    return table


def _inter_by_sector(raw: dict[str, Any], types: dict[int, str]) -> dict[str, int]:
    table: dict[str, int] = {}
    for code, sectors in (raw.get("inter_by_sector") or {}).items():
        if int(code) not in types:
            raise OntologyError(ACLED_FILE, f"[inter_by_sector] {code}: not an inter code")
        for sector in sectors:
            if sector in table:
                raise OntologyError(ACLED_FILE, f"[inter_by_sector] {sector} is listed twice")
            table[str(sector)] = int(code)
    return table


def _disorder(raw: dict[str, Any], event_types: dict[str, tuple[str, ...]], kinds: set[str]):
    disorder = {str(k): str(v) for k, v in (raw.get("disorder") or {}).items()}
    by_sub = {str(k): str(v) for k, v in (raw.get("disorder_by_sub_type") or {}).items()}
    if set(disorder) != set(event_types):
        raise OntologyError(ACLED_FILE, "[disorder] must give every ACLED event type")
    subs = {s for values in event_types.values() for s in values}
    for key, value in [*disorder.items(), *by_sub.items()]:
        if value not in kinds:
            raise OntologyError(ACLED_FILE, f"{key!r}: {value!r} is not a disorder type")
        if key not in event_types and key not in subs:
            raise OntologyError(ACLED_FILE, f"{key!r} is no ACLED event or sub-event type")
    return disorder, by_sub


def _countries(regions: tuple[str, ...]) -> dict[str, Country]:
    countries: dict[str, Country] = {}
    for code, spec in _read(COUNTRIES_FILE).items():
        if not re.fullmatch(r"[A-Z]{3}", code) or not isinstance(spec, dict):
            raise OntologyError(
                COUNTRIES_FILE, f"{code!r}: expected ALPHA3 = {{ name, region, iso }}"
            )
        if spec.get("region") not in regions:
            raise OntologyError(COUNTRIES_FILE, f"{code}: unknown region {spec.get('region')!r}")
        if not isinstance(spec.get("iso"), int) or not isinstance(spec.get("name"), str):
            raise OntologyError(COUNTRIES_FILE, f"{code}: 'name' must be text and 'iso' a number")
        countries[code] = Country(spec["name"], spec["region"], spec["iso"])
    names = [c.name for c in countries.values()]
    if len(set(names)) != len(names):
        raise OntologyError(COUNTRIES_FILE, "a country name is given to two codes")
    return countries


@cache
def acled_vocabulary() -> AcledVocabulary:
    """Load and check the ACLED vocabularies (cached per process)."""
    raw = _read(ACLED_FILE)
    event_types: dict[str, tuple[str, ...]] = {}
    for sub in acled_subtypes():
        event_types[sub.event_type] = (*event_types.get(sub.event_type, ()), sub.name)
    lists: dict[str, tuple[Any, ...]] = {
        key: _strings(raw, key)
        for key in ("disorder_types", "regions", "civilian_targeting", "source_scales")
    }
    for key in ("time_precision", "geo_precision"):
        if raw.get(key) != [1, 2, 3]:
            raise OntologyError(ACLED_FILE, f"{key!r} must be [1, 2, 3]")
        lists[key] = (1, 2, 3)
    named = {*lists, "event_types", "sub_event_types", "actor_types", "interactions"}
    columns = _columns(raw, named | {"countries", "iso"})
    types = _actor_types(raw)
    disorder, by_sub = _disorder(raw, event_types, set(lists["disorder_types"]))
    generic = {str(k): str(v) for k, v in (raw.get("generic_actors") or {}).items()}
    if not generic or not all("{country}" in v for v in generic.values()):
        raise OntologyError(ACLED_FILE, "[generic_actors] names must each hold {country}")
    return AcledVocabulary(
        columns=columns,
        event_types=event_types,
        disorder=disorder,
        disorder_by_sub_type=by_sub,
        actor_types=types,
        interactions=_interactions(raw, types),
        inter_by_sector=_inter_by_sector(raw, types),
        countries=_countries(lists["regions"]),
        generic_actors=generic,
        admin1_suffixes=_strings(raw.get("admin1") or {}, "drop_suffixes"),
        admin2_suffixes=_strings(raw.get("admin2") or {}, "drop_suffixes"),
        admin2_prefixes=_strings(raw.get("admin2") or {}, "drop_prefixes"),
        lists=lists,
    )


@cache
def goldstein_table() -> dict[str, float]:
    """CAMEO event code -> Goldstein value, from data/goldstein.toml (checked)."""
    table: dict[str, float] = {}
    for section, values in _read(GOLDSTEIN_FILE).items():
        root = section.removeprefix("root")
        for code, value in values.items():
            if not re.fullmatch(r"\d{2,4}", code) or code[:2] != root:
                raise OntologyError(
                    GOLDSTEIN_FILE, f"[{section}] {code!r}: not a CAMEO code of {root}"
                )
            if not isinstance(value, int | float) or not -10 <= value <= 10:
                raise OntologyError(
                    GOLDSTEIN_FILE, f"[{section}] {code}: {value!r} is not in -10..10"
                )
            table[code] = float(value)
    missing = [f"{n:02d}" for n in range(1, 21) if f"{n:02d}" not in table]
    if missing:
        raise OntologyError(GOLDSTEIN_FILE, f"no value for the root codes {missing}")
    return table


def goldstein(code: str | None) -> float | None:
    """The Goldstein value of a CAMEO code: its own, else its base code's, else its root's."""
    if not code:
        return None
    table = goldstein_table()
    for prefix in (code, code[:3], code[:2]):
        if prefix in table:
            return table[prefix]
    return None
