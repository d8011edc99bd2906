"""Query filters for merged events: checked once, then turned into parameterised SQL.

Every value reaches SQLite as a parameter, never as SQL text; the page size is capped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from .rows import published_iso

MAX_LIMIT = 1000
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Filters:
    """Checked query filters; build them with `Filters.of`."""

    start: str | None = None
    end: str | None = None
    country: str | None = None
    actor: str | None = None
    event: str | None = None
    text: str | None = None
    limit: int = 100
    offset: int = 0

    @classmethod
    def of(
        cls,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        country: str | None = None,
        actor: str | None = None,
        event: str | None = None,
        text: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Filters:
        """Check and normalise filters; raise `QueryError` naming the bad one."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise QueryError("limit", f"must be a positive integer, not {limit!r}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise QueryError("offset", f"must be an integer >= 0, not {offset!r}")
        first, last = _day("start", start), _day("end", end)
        if first and last and first > last:
            raise QueryError("start", f"{first} is after end {last}")
        if country is not None and not re.fullmatch(r"[A-Za-z]{2,3}", country.strip()):
            raise QueryError("country", f"expected an ISO 3166-1 alpha-3 code, not {country!r}")
        if text is not None and not _WORD.search(text):
            raise QueryError("text", "give at least one word to search for")
        return cls(
            start=first,
            end=last,
            country=country.strip().upper() if country else None,
            actor=actor.strip() if actor and actor.strip() else None,
            event=event.strip().upper() if event and event.strip() else None,
            text=text,
            limit=min(limit, MAX_LIMIT),
            offset=offset,
        )


def _day(name: str, value: dt.date | str | None) -> str | None:
    try:
        return published_iso(value)
    except ValueError:
        raise QueryError(name, f"expected a date YYYY-MM-DD, not {value!r}") from None


def fts_phrase(text: str) -> str:
    """A full-text query in which every word must occur, whatever the text holds."""
    return " ".join(f'"{word}"' for word in _WORD.findall(text))


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where_clause(filters: Filters) -> tuple[str, list[Any]]:
    """The WHERE clause over `clusters c` and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.start:
        clauses.append("c.enddate >= ?")
        params.append(filters.start)
    if filters.end:
        clauses.append("c.date <= ?")
        params.append(filters.end)
    if filters.country:
        clauses.append("c.country_code = ?")
        params.append(filters.country)
    if filters.event:
        clauses.append("c.event = ?")
        params.append(filters.event)
    if filters.actor:
        pattern = like_pattern(filters.actor)
        clauses.append(
            "EXISTS (SELECT 1 FROM cluster_members m JOIN event_actors a"
            " ON a.event_id = m.event_id WHERE m.cluster_id = c.id AND (a.identifier_id = ?"
            " OR a.identifier_text LIKE ? ESCAPE '\\' OR a.entity_text LIKE ? ESCAPE '\\'))"
        )
        params += [filters.actor, pattern, pattern]
    if filters.text:
        clauses.append(
            "EXISTS (SELECT 1 FROM cluster_members m JOIN evidence v ON v.event_id = m.event_id"
            " WHERE m.cluster_id = c.id AND v.id IN"
            " (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?))"
        )
        params.append(fts_phrase(filters.text))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
