"""The weapon lexicon (`data/weapons.toml`): the words that decide ACLED's Explosions/Remote
violence sub-types, and the words other sub-types need in their sentence.

Validated on load: every sub-type named must be one of ACLED's, every mode one of
ASSAULT's; a malformed entry raises `OntologyError` naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import OntologyError

WHERE = "data/weapons.toml"
EXPLOSIONS = "Explosions/Remote violence"
_LEMMAS = re.compile(r"[^\s-]+|-")  # "sit-in" is three tokens, as the parser splits it


@dataclass(frozen=True, slots=True)
class WeaponKind:
    """One kind of weapon: the ACLED sub-type it decides, the PLOVER mode it implies and
    its words, each a tuple of lemmas ("air", "strike")."""

    acled: str
    mode: str
    words: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Weapons:
    kinds: tuple[WeaponKind, ...]  # most specific first
    battles: frozenset[str]  # trigger lemmas whose weapons do not make an explosion
    needs: dict[str, tuple[tuple[str, ...], ...]]  # sub-type -> words it needs
    not_before: frozenset[str] = frozenset()  # nouns a weapon word names no weapon before
    not_used_by: frozenset[str] = frozenset()  # verbs of weapons held, found or traded

    def sub_types(self) -> frozenset[str]:
        return frozenset(k.acled for k in self.kinds)


def load_weapons(
    raw: dict[str, Any], subtypes: dict[str, tuple[str, str | None]], modes: tuple[str, ...]
) -> Weapons:
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
    return Weapons(
        tuple(kinds),
        _lemmas(raw, "battles"),
        needs,
        _lemmas(raw, "not_before"),
        _lemmas(raw, "not_used_by"),
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


def _lemmas(raw: dict[str, Any], key: str) -> frozenset[str]:
    words = raw.get(key, [])
    if not (isinstance(words, list) and all(isinstance(w, str) for w in words)):
        raise OntologyError(WHERE, f"{key} must be a list of lemmas")
    return frozenset(words)


def _phrases(words: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not (isinstance(words, list) and words and all(isinstance(w, str) for w in words)):
        raise OntologyError(where, "words must be a non-empty list of strings")
    return tuple(tuple(_LEMMAS.findall(w.lower())) for w in words)
