"""The reader's event queries: pages of merged events, counts, one event, its articles.

Pages are read in the order `Store.query` gives (date, then id; undated last) through
the date index, by offset or by keyset (`after`), or sorted by one of `SORTS`.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ...store.query import Filters, where_clause
from .connection import ReadOnlyStore

# What the events table can be sorted by (GET /api/events?sort=KEY or -KEY)
SORTS = {
    "date": "c.date",
    "event": "c.event",
    "actor": "json_extract(c.record, '$.actor[0].identifier_text')",
    "recipient": "json_extract(c.record, '$.recipient[0].identifier_text')",
    "place": "COALESCE(json_extract(c.record, '$.event_loc.resolved_place'),"
    " json_extract(c.record, '$.event_loc.extracted_place'))",
    "dead": "c.dead",
    "sources": "c.source_count",
}
_DATED, _UNDATED = "c.date IS NOT NULL", "c.date IS NULL"
_Row = tuple[str, str | None, str]  # a merged event's record, date and id


@dataclass(frozen=True)
class Page:
    """One page of merged events as their stored JSON text (never re-parsed)."""

    records: list[str]
    offset: int
    has_more: bool
    total: int | None = None
    next_after: str | None = None  # the cursor of the next page (date order only)


def _page_sql(where: str, section: str, tail: str, after: str = "") -> str:
    """The records, dates and ids of one section (dated or undated) of the date order.

    Page through row ids first: the sorter then carries no record JSON for the rows an
    offset skips, and only the page's records are read."""
    both = f"{where} AND" if where else "WHERE"
    inner, outer = ("c.date, c.id", "date, id") if section == _DATED else ("c.id", "id")
    return (
        "SELECT record, date, id FROM clusters WHERE rowid IN (SELECT c.rowid FROM"
        f" clusters c {both} {section}{after} ORDER BY {inner} {tail}) ORDER BY {outer}"
    )


def _rows_after(
    conn: sqlite3.Connection, where: str, params: list[Any], after: str, limit: int
) -> list[_Row]:
    """Up to `limit + 1` rows following the event `after` ("date|id") names."""
    day, _, ident = after.partition("|")
    rows: list[_Row] = []
    if day:
        sql = _page_sql(where, _DATED, "LIMIT ?", " AND (c.date, c.id) > (?, ?)")
        rows = conn.execute(sql, [*params, day, ident, limit + 1]).fetchall()
        ident = ""
    if len(rows) <= limit:
        sql = _page_sql(where, _UNDATED, "LIMIT ?", " AND c.id > ?")
        rows += conn.execute(sql, [*params, ident, limit + 1 - len(rows)]).fetchall()
    return rows


def _rows_from(
    conn: sqlite3.Connection, where: str, params: list[Any], offset: int, limit: int
) -> list[_Row]:
    """Up to `limit + 1` rows after skipping `offset`, crossing from dated to undated."""
    both = f"{where} AND" if where else "WHERE"
    sql = _page_sql(where, _DATED, "LIMIT ? OFFSET ?")
    rows: list[_Row] = conn.execute(sql, [*params, limit + 1, offset]).fetchall()
    if len(rows) <= limit:
        if rows:
            before = offset + len(rows)
        else:
            sql = f"SELECT COUNT(*) FROM clusters c {both} {_DATED}"
            before = int(conn.execute(sql, params).fetchone()[0])
        want = limit + 1 - len(rows)
        sql = _page_sql(where, _UNDATED, "LIMIT ? OFFSET ?")
        rows += conn.execute(sql, [*params, want, max(0, offset - before)]).fetchall()
    return rows


def _total(conn: sqlite3.Connection, where: str, params: list[Any]) -> int:
    """How many merged events the WHERE clause selects."""
    return int(conn.execute(f"SELECT COUNT(*) FROM clusters c {where}", params).fetchone()[0])


class EventQueries(ReadOnlyStore):
    """Pages of merged events, their count, one event and the articles it cites."""

    def events(
        self,
        filters: Filters,
        *,
        count: bool = False,
        sort: str | None = None,
        after: str | None = None,
    ) -> Page:
        """A page of merged events, ordered as `Store.query` orders them (date, then id;
        undated last), read through the date index rather than by sorting every row; or
        by `sort` (a key of `SORTS`, "-" first for descending; events without the value
        last either way, then by id). `after` (a page's `next_after`) continues after that
        event instead of skipping `offset` rows: a deep page costs what the first does."""
        if sort and sort != "date":
            if after is not None:
                raise ValueError("after pages the date order only; use offset with sort")
            return self._sorted(filters, sort, count=count)
        where, params = where_clause(filters)
        limit, offset = filters.limit, filters.offset
        with self._query() as conn:
            if after is not None:
                rows = _rows_after(conn, where, params, after, limit)
            else:
                rows = _rows_from(conn, where, params, offset, limit)
            total = _total(conn, where, params) if count else None
        shown = rows[:limit]
        more = len(rows) > limit
        last = f"{shown[-1][1] or ''}|{shown[-1][2]}" if shown and more else None
        return Page([r[0] for r in shown], offset, more, total, last)

    def _sorted(self, filters: Filters, sort: str, *, count: bool) -> Page:
        key = sort.removeprefix("-")
        if key not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, optionally after '-'")
        expr = SORTS[key]
        order = "DESC" if sort.startswith("-") else "ASC"
        where, params = where_clause(filters)
        sql = (
            f"SELECT c.record FROM clusters c {where}"
            f" ORDER BY ({expr}) IS NULL, {expr} {order}, c.id LIMIT ? OFFSET ?"
        )
        with self._query() as conn:
            rows = [r[0] for r in conn.execute(sql, [*params, filters.limit + 1, filters.offset])]
            total = _total(conn, where, params) if count else None
        return Page(rows[: filters.limit], filters.offset, len(rows) > filters.limit, total)

    def count(self, filters: Filters) -> int:
        """How many merged events match the filters."""
        where, params = where_clause(filters)
        with self._query() as conn:
            return _total(conn, where, params)

    def iter_records(
        self, filters: Filters, *, sort: str | None = None, chunk: int = 500
    ) -> Iterator[dict[str, Any]]:
        """Every matching merged event as a dict, in the order of `events`, read a page
        at a time (each page a query of its own, under the deadline)."""
        offset, after = 0, None
        keyset = not sort or sort == "date"
        while True:
            page = self.events(
                dataclasses.replace(filters, limit=chunk, offset=0 if keyset else offset),
                sort=sort,
                after=after,
            )
            for raw in page.records:
                yield json.loads(raw)
            if not page.has_more:
                return
            offset += chunk
            after = page.next_after if keyset else None

    def event(self, event_id: str) -> str | None:
        """The stored JSON of a merged event, by its id or the id of one of its reports."""
        with self._query() as conn:
            row = conn.execute(
                "SELECT record FROM clusters WHERE id = ? OR id ="
                " (SELECT cluster_id FROM cluster_members WHERE event_id = ?)",
                (event_id, event_id),
            ).fetchone()
        return str(row[0]) if row else None

    def articles(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored articles by id: title, url, source, published and text."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        keys = ("id", "title", "url", "source", "published", "text")
        with self._query() as conn:
            rows = conn.execute(
                f"SELECT {', '.join(keys)} FROM articles WHERE id IN ({marks})", list(ids)
            ).fetchall()
        return {row[0]: dict(zip(keys, row, strict=True)) for row in rows}
