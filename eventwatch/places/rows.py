"""Candidates: the index rows a name's loose key points to, and what is asked of a row.

A `Candidate` is one decoded posting (see `model.Index`): the row, whether the key came
from the place's own names or an alternate one, and, for fuzzy matches only, how similar
the key was.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import OWN, Index, Kind
from .normalize import display_key, strip_leading_article


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean."""

    row: int
    flags: int  # OWN and/or ALTERNATE (model.py)
    similarity: float = 1.0  # below 1 for fuzzy matches only


def country_of(ix: Index, row: int, ctx: frozenset[str]) -> str:
    """The country of `row`: of several (a curated region's), the first in `ctx`."""
    codes = ix.countries[row].split()
    return next((c for c in codes if c in ctx), codes[0])


def spelled(ix: Index, disp: str, c: Candidate) -> bool:
    """Whether the query is spelled exactly as the place's own name or an alias."""
    if not c.flags & OWN:
        return False
    names = ix.aliases.get(c.row) or [ix.names[c.row]]
    return any(strip_leading_article(display_key(n) or "") == disp for n in names)


def twin(ix: Index, row: int, other: int) -> bool:
    """Two rows for one place (a curated region and the subdivision it stands for)."""
    return ix.names[row] == ix.names[other] and not set(ix.countries[row].split()).isdisjoint(
        ix.countries[other].split()
    )


def admin_like(ix: Index, row: int) -> bool:
    """A first-level subdivision, or a curated region that stands for one."""
    kind = ix.kinds[row]
    return kind == Kind.ADMIN1 or (kind == Kind.CURATED and ix.admin1[row] is not None)
