"""Whether a participant's words name someone: pronouns and bare counts do not.

    unnamed("her")            -> "a pronoun"
    unnamed("18")             -> "a bare number"
    unnamed("four others")    -> "a count of people"
    unnamed("11 coal miners") -> "a counted description"
    unnamed("Hamas")          -> None

The actor network keeps only entities that name someone (`network_name`). A record drops
a participant that is a pronoun nothing resolved (`names_someone`): "They blamed Hamas"
keeps its event with no actor rather than one called "They". Counts stay in records
("killing 18": the victims as the text names them, and what WikiEvents scores) but are
never network nodes. The word lists are data (`data/unnamed.toml`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import OntologyError

_WORD = re.compile(r"[\w'\u2019.,%-]+")
_NUMBER = re.compile(r"^[\d.,%]*\d[\d.,%]*$")


@dataclass(frozen=True)
class Lexicon:
    pronouns: frozenset[str]
    numbers: frozenset[str]
    hedges: frozenset[str]
    people: frozenset[str]
    anyone: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The word lists of `data/unnamed.toml`, checked once."""
    path = resources.files(__package__).joinpath("data", "unnamed.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError("actors/data/unnamed.toml", str(exc)) from exc
    fields = ("pronouns", "numbers", "hedges", "people", "anyone")
    missing = [f for f in fields if not isinstance(raw.get(f), list)]
    if missing:
        raise OntologyError("actors/data/unnamed.toml", f"needs lists {', '.join(missing)}")
    words = {f: frozenset(str(w).lower() for w in raw[f]) for f in fields}
    if not words["anyone"] <= words["people"]:
        raise OntologyError("actors/data/unnamed.toml", "every `anyone` word must be in `people`")
    return Lexicon(**words)


def _is_count(word: str, lex: Lexicon) -> bool:
    return bool(_NUMBER.match(word)) or word in lex.numbers


def unnamed(text: str | None) -> str | None:
    """Why these words name no one ("a pronoun", "a bare number", "a count of people",
    "a counted description", "no one named", "no name"), or None when they may name
    someone."""
    lex = lexicon()
    words = [w.strip(".,") for w in _WORD.findall(text or "")]
    words = [w for w in words if w]
    if not words:
        return "no name"
    folded = [w.lower() for w in words]
    if len(words) == 1:
        # all capitals is an acronym, not a pronoun: "US", "IT"
        acronym = len(words[0]) > 1 and words[0].isupper()
        if folded[0] in lex.pronouns and not acronym:
            return "a pronoun"
        if folded[0] in lex.anyone:
            return "no one named"
    # what is left after the hedges and the counts: "at least 12 people" -> ["people"]
    counts = [w for w in folded if _is_count(w, lex)]
    rest = [
        w
        for w, f in zip(words, folded, strict=True)
        if not _is_count(f, lex) and f not in lex.hedges
    ]
    first = next((f for f in folded if f not in lex.hedges or _is_count(f, lex)), "")
    if not counts or not _is_count(first, lex):
        return None  # "the group of 18", "Hamas"
    if not rest:
        return "a bare number"
    if all(w.lower() in lex.people | lex.pronouns for w in rest):
        return "a count of people"
    if all(w.islower() for w in rest):
        return "a counted description"  # "11 coal miners", "more than 270 schoolgirls"
    return None  # "two Hamas leaders"


def names_someone(
    text: str | None, *, identifier_id: str | None, code: str | None, sector: str | None
) -> bool:
    """Whether a resolved participant may be a record's actor or recipient: anything but a
    pronoun that nothing resolved (an unresolved "her" or "they": no knowledge-base id,
    country code or sector). Counts stay: "killing 18", "wounding four others" name the
    victims as the text does (WikiEvents scores them), though never a network node."""
    if identifier_id or code or sector:
        return True
    return unnamed(text) not in ("a pronoun", "no name")


def network_name(entity: Mapping[str, Any]) -> str | None:
    """The entity's name when it may be a node of the actor network, else None: an entity
    with a knowledge-base id always may; one known only by its words may when they name
    someone (not "her", "18", "four others", "two people")."""
    name = str(entity.get("identifier_text") or entity.get("entity_text") or "").strip()
    if entity.get("identifier_id"):
        return name or str(entity["identifier_id"])
    return None if unnamed(name) else name
