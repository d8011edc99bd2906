"""Read the event store for the web API: bounded, read-only, one connection per thread.

The store's own `Store` serialises every call on one connection; a server answering
many readers at once opens the file read-only (`mode=ro`, `query_only`) once per worker
thread instead, so SQLite runs their queries side by side. Filters are the store's own
(`Filters`, `where_clause`), so the API and `eventwatch query` select the same events.

Every statement runs under a deadline: a progress handler interrupts it once
`timeout` seconds have passed and `QueryTimeout` is raised. Aggregations are cached
until the database files change (another process ingesting, or `POST /api/extract`).

The store's counts, timeline and map read the summary tables that the store keeps by
triggers (`eventwatch.store.summaries`) when the filters are only an event type and a
country, and group the merged events otherwise (or on a store not yet migrated); both
give the same answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from ..actors.named import network_name
from ..errors import EventwatchError, StoreError
from ..store.query import Filters, where_clause

T = TypeVar("T")

INTERVALS = ("day", "week", "month", "year")
_BUCKET = {
    "day": "c.date",
    "week": "date(c.date, 'weekday 0', '-6 days')",
    "month": "substr(c.date, 1, 7) || '-01'",
    "year": "substr(c.date, 1, 4) || '-01-01'",
}
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
# How an entity is grouped: by its Wikidata id when it has one, else by its folded name.
_KEY = "COALESCE({t}.identifier_id, lower(COALESCE({t}.identifier_text, {t}.entity_text)))"
_LABEL = "COALESCE({t}.identifier_text, {t}.entity_text)"


class QueryTimeout(EventwatchError):
    """Raised when a query runs past the server's time limit and is stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"the query ran longer than {seconds:g} s and was stopped; narrow the filters "
            "(a shorter date range, an event type or a country)"
        )


@dataclass(frozen=True)
class Page:
    """One page of merged events as their stored JSON text (never re-parsed)."""

    records: list[str]
    offset: int
    has_more: bool
    total: int | None = None
    next_after: str | None = None  # the cursor of the next page (date order only)


class _Cache:
    """A small least-recently-used cache of aggregation results, thread-safe."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class Reader:
    """Read-only access to an event store file, safe to share between threads."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 2.0,
        check_every: int = 1000,
        use_summaries: bool = True,
    ) -> None:
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise StoreError(str(path), "no such event store; create one with `eventwatch ingest`")
        self.timeout = timeout
        self.check_every = check_every  # SQLite VM steps between two looks at the clock
        self.use_summaries = use_summaries  # False: always group the merged events
        self._uri = f"file:{quote(str(self.path))}?mode=ro"
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._cache = _Cache()
        with self._query() as conn:  # fail now, with a clear message, on a bad file
            try:
                conn.execute("SELECT 1 FROM clusters LIMIT 1").fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    str(path),
                    f"not an eventwatch store ({exc}); create one with `eventwatch ingest`",
                ) from None

    # --- connections and deadlines ---------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self._uri, uri=True, check_same_thread=False, timeout=5.0)
                conn.execute("PRAGMA query_only = ON")
                conn.execute("PRAGMA mmap_size = 268435456")
                conn.execute("PRAGMA cache_size = -16000")
            except sqlite3.Error as exc:
                raise StoreError(
                    str(self.path), f"cannot open the store read-only ({exc})"
                ) from exc
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    @contextmanager
    def _query(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        deadline = time.monotonic() + self.timeout
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), self.check_every)
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(self.timeout) from None
            raise StoreError(str(self.path), f"query failed: {exc}") from exc
        finally:
            conn.set_progress_handler(None, 0)

    def close(self) -> None:
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()

    def version(self) -> tuple[int, ...]:
        """Changes whenever a writer commits (the WAL file) or checkpoints (the main file)."""
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def _cached(self, key: Any, compute: Callable[[], T]) -> T:
        return self._cache.get((key, self.version()), compute)

    def _summarised(self, filters: Filters) -> tuple[str, list[Any]] | None:
        """The WHERE clause over a summary table for these filters, or None when the
        summaries cannot answer them (a store not yet migrated to 6, or a date, actor or
        text filter) and the aggregation must read the merged events."""
        if filters.start or filters.end or filters.actor or filters.text:
            return None
        if not self.summaries:
            return None
        clauses, params = [], []
        if filters.country:
            clauses.append("country = ?")
            params.append(filters.country)
        if filters.event:
            clauses.append("event = ?")
            params.append(filters.event)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    @property
    def summaries(self) -> bool:
        """Whether the store holds the summary tables (migration 6), looked up each time:
        a writer may migrate the file while the server runs."""
        return self._has("summary_places")

    # --- events ----------------------------------------------------------------------
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
        both = f"{where} AND" if where else "WHERE"
        limit, offset = filters.limit, filters.offset
        # Page through row ids first: the sorter then carries no record JSON for the
        # rows an offset skips, and only the page's records are read.
        dated, undated = "c.date IS NOT NULL", "c.date IS NULL"

        def page_sql(section: str, tail: str, after: str = "") -> str:
            inner, outer = ("c.date, c.id", "date, id") if section == dated else ("c.id", "id")
            return (
                "SELECT record, date, id FROM clusters WHERE rowid IN (SELECT c.rowid FROM"
                f" clusters c {both} {section}{after} ORDER BY {inner} {tail}) ORDER BY {outer}"
            )

        with self._query() as conn:
            if after is not None:
                day, _, ident = after.partition("|")
                rows: list[tuple[str, str | None, str]] = []
                if day:
                    sql = page_sql(dated, "LIMIT ?", " AND (c.date, c.id) > (?, ?)")
                    rows = conn.execute(sql, [*params, day, ident, limit + 1]).fetchall()
                    ident = ""
                if len(rows) <= limit:
                    sql = page_sql(undated, "LIMIT ?", " AND c.id > ?")
                    rows += conn.execute(sql, [*params, ident, limit + 1 - len(rows)]).fetchall()
            else:
                sql = page_sql(dated, "LIMIT ? OFFSET ?")
                rows = conn.execute(sql, [*params, limit + 1, offset]).fetchall()
                if len(rows) <= limit:
                    if rows:
                        before = offset + len(rows)
                    else:
                        sql = f"SELECT COUNT(*) FROM clusters c {both} {dated}"
                        before = int(conn.execute(sql, params).fetchone()[0])
                    want = limit + 1 - len(rows)
                    sql = page_sql(undated, "LIMIT ? OFFSET ?")
                    rows += conn.execute(sql, [*params, want, max(0, offset - before)]).fetchall()
            total = None
            if count:
                total = int(
                    conn.execute(f"SELECT COUNT(*) FROM clusters c {where}", params).fetchone()[0]
                )
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
            total = None
            if count:
                total = int(
                    conn.execute(f"SELECT COUNT(*) FROM clusters c {where}", params).fetchone()[0]
                )
        return Page(rows[: filters.limit], filters.offset, len(rows) > filters.limit, total)

    def count(self, filters: Filters) -> int:
        """How many merged events match the filters."""
        where, params = where_clause(filters)
        with self._query() as conn:
            return int(
                conn.execute(f"SELECT COUNT(*) FROM clusters c {where}", params).fetchone()[0]
            )

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

    def stats(self) -> dict[str, Any]:
        summed = self._summarised(Filters()) is not None

        def compute() -> dict[str, Any]:
            with self._query() as conn:
                sql = {t: f"SELECT COUNT(*) FROM {t}" for t in ("articles", "events", "failures")}
                sql["clusters"] = (
                    "SELECT COALESCE(SUM(n), 0) FROM summary_counts"
                    if summed
                    else "SELECT COUNT(*) FROM clusters"
                )
                counts = {
                    t: int(conn.execute(sql[t]).fetchone()[0])
                    for t in ("articles", "events", "clusters", "failures")
                }
                first, last = conn.execute(
                    "SELECT MIN(date), MAX(date) FROM clusters WHERE date IS NOT NULL"
                ).fetchone()
                table, n = ("summary_counts", "SUM(n)") if summed else ("clusters", "COUNT(*)")
                types = {
                    event: int(count)
                    for event, count in conn.execute(
                        f"SELECT event, {n} FROM {table} GROUP BY event ORDER BY event"
                    )
                }
            return {**counts, "first_date": first, "last_date": last, "types": types}

        return self._cached(("stats", summed), compute)

    # --- aggregations ----------------------------------------------------------------
    def timeline(self, filters: Filters, interval: str, *, max_buckets: int) -> dict[str, Any]:
        """Merged events per period (by the start of their date range) and type."""
        if interval not in _BUCKET:
            raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
        where, params = where_clause(filters)
        both = f"{where} AND" if where else "WHERE"
        summary = self._summarised(filters)

        def compute() -> dict[str, Any]:
            sql = (
                f"SELECT {_BUCKET[interval]} AS period, c.event, COUNT(*) FROM clusters c"
                f" {both} c.date IS NOT NULL GROUP BY period, c.event ORDER BY period, c.event"
            )
            undated_sql = f"SELECT COUNT(*) FROM clusters c {both} c.date IS NULL"
            args = params
            if summary is not None:
                # months hold the year too; days hold the week
                table, column = (
                    ("summary_days", "day") if interval in ("day", "week") else
                    ("summary_months", "month")
                )  # fmt: skip
                bucket = _BUCKET[interval].replace("c.date", column)
                sql = (
                    f"SELECT {bucket} AS period, event, SUM(n) FROM {table} {summary[0]}"
                    " GROUP BY period, event ORDER BY period, event"
                )
                undated_sql = f"SELECT COALESCE(SUM(undated), 0) FROM summary_counts {summary[0]}"
                args = summary[1]
            with self._query() as conn:
                rows = conn.execute(sql, args).fetchall()
                undated = int(conn.execute(undated_sql, args).fetchone()[0])
            buckets: dict[str, dict[str, int]] = {}
            for period, event, n in rows:
                buckets.setdefault(period, {})[event] = int(n)
            if len(buckets) > max_buckets:
                raise TooMany(
                    f"{len(buckets)} {interval}s hold events, more than {max_buckets}; choose a "
                    "longer interval or a shorter date range"
                )
            out: list[dict[str, Any]] = [
                {
                    "period": period,
                    "start": period,
                    "end": period_end(period, interval),
                    "total": sum(counts.values()),
                    "counts": counts,
                }
                for period, counts in buckets.items()
            ]
            types = sorted({e for counts in buckets.values() for e in counts})
            dated = sum(b["total"] for b in out)
            return {
                "interval": interval,
                "buckets": out,
                "types": types,
                "total": dated + undated,
                "undated": undated,
            }

        return self._cached(
            ("timeline", filters, interval, max_buckets, summary is not None), compute
        )

    def actors(
        self, filters: Filters, *, name: str | None, role: str | None, limit: int, offset: int
    ) -> dict[str, Any]:
        """Actors and recipients of the matching events, most events first."""
        where, params = where_clause(filters)
        summed = not name and not where and self._has("summary_actor_counts")
        extra: list[str] = []
        extra_params: list[Any] = []
        if role:
            extra.append("a.role = ?")
            extra_params.append(role)
        if name:
            from ..store.query import like_pattern

            extra.append(
                "(a.identifier_text LIKE ? ESCAPE '\\' OR a.entity_text LIKE ? ESCAPE '\\'"
                " OR a.identifier_id = ?)"
            )
            extra_params += [like_pattern(name), like_pattern(name), name]
        clauses = " AND ".join(extra)
        if clauses:
            where = f"{where} AND {clauses}" if where else f"WHERE {clauses}"
        key, label = _KEY.format(t="a"), _LABEL.format(t="a")
        # a name picks few participants: read them first (SQLite would walk every merged
        # event in date order and look each one's participants up: 7 s at a million)
        joins = (
            "FROM event_actors a CROSS JOIN cluster_members m ON m.event_id = a.event_id"
            " CROSS JOIN clusters c ON c.id = m.cluster_id"
            if name
            else "FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id"
            " JOIN event_actors a ON a.event_id = m.event_id"
        )

        def compute() -> dict[str, Any]:
            if summed:
                return self._summed_actors(role, limit=limit, offset=offset)
            sql = (
                f"SELECT {key} AS k, MAX(a.identifier_id), MAX({label}), MAX(a.code),"
                " MAX(a.sector), COUNT(DISTINCT c.id) AS n,"
                " COUNT(DISTINCT CASE WHEN a.role = 'actor' THEN c.id END),"
                " COUNT(DISTINCT CASE WHEN a.role = 'recipient' THEN c.id END),"
                f" MIN(c.date), MAX(c.date) {joins} {where}"
                " GROUP BY k ORDER BY n DESC, k LIMIT ? OFFSET ?"
            )
            with self._query() as conn:
                rows = conn.execute(sql, [*params, *extra_params, limit + 1, offset]).fetchall()
            items = [_actor_item(*row) for row in rows[:limit]]
            return {"items": items, "offset": offset, "has_more": len(rows) > limit}

        return self._cached(("actors", filters, name, role, limit, offset, summed), compute)

    def _summed_actors(self, role: str | None, *, limit: int, offset: int) -> dict[str, Any]:
        """`actors` of every merged event, from the actor summaries (migration 8): the
        same rows, in the same order, as grouping the participants of every merged event."""
        roles = (role,) if role else ("actor", "recipient")
        with self._query() as conn:
            if role:
                top = conn.execute(
                    "SELECT k, n FROM summary_actor_roles WHERE role = ?"
                    " ORDER BY n DESC, k LIMIT ? OFFSET ?",
                    (role, limit + 1, offset),
                ).fetchall()
            else:
                top = conn.execute(
                    "SELECT k, n FROM summary_actor_counts ORDER BY n DESC, k LIMIT ? OFFSET ?",
                    (limit + 1, offset),
                ).fetchall()
            items = []
            for k, n in top[:limit]:
                marks = ", ".join("?" * len(roles))
                ident, text, code, sector = conn.execute(
                    "SELECT NULLIF(MAX(ident), ''), NULLIF(MAX(label), ''), NULLIF(MAX(code), ''),"
                    f" NULLIF(MAX(sector), '') FROM summary_actor_names WHERE k = ?"
                    f" AND role IN ({marks})",
                    (k, *roles),
                ).fetchone()
                counts = dict.fromkeys(("actor", "recipient"), 0)
                firsts, lasts = [], []
                for r in roles:
                    found = conn.execute(
                        "SELECT n FROM summary_actor_roles WHERE k = ? AND role = ?", (k, r)
                    ).fetchone()
                    counts[r] = int(found[0]) if found else 0
                    first, last = (
                        conn.execute(
                            f"SELECT {agg}(date) FROM summary_cluster_actors"
                            " WHERE k = ? AND role = ? AND date IS NOT NULL",
                            (k, r),
                        ).fetchone()[0]
                        for agg in ("MIN", "MAX")
                    )
                    firsts += [first] if first else []
                    lasts += [last] if last else []
                items.append(
                    _actor_item(
                        k,
                        ident,
                        text,
                        code,
                        sector,
                        n,
                        counts["actor"],
                        counts["recipient"],
                        min(firsts, default=None),
                        max(lasts, default=None),
                    )  # fmt: skip
                )
        return {"items": items, "offset": offset, "has_more": len(top) > limit}

    def _has(self, table: str) -> bool:
        """Whether the store holds this summary table (and summaries are wanted), looked up
        each time: a writer may migrate the file while the server runs."""
        if not self.use_summaries:
            return False
        with self._query() as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
        return row is not None

    def places(self, filters: Filters, *, limit: int, per_place: int) -> dict[str, Any]:
        """Places (coordinates) of the matching events with counts, fatalities and types."""
        where, params = where_clause(filters)
        both = f"{where} AND" if where else "WHERE"
        summary = self._summarised(filters)

        def compute() -> dict[str, Any]:
            if summary is not None:
                return self._summed_places(filters, summary, limit=limit, per_place=per_place)
            sql = (
                "SELECT c.lat, c.lon, c.country_code, c.event, COUNT(*), SUM(COALESCE(c.dead, 0)),"
                f" MIN(c.id) FROM clusters c {both} c.lat IS NOT NULL AND c.lon IS NOT NULL"
                " GROUP BY c.lat, c.lon, c.country_code, c.event"
                " ORDER BY c.lat, c.lon, c.country_code, c.event"
            )
            with self._query() as conn:
                rows = conn.execute(sql, params).fetchall()
                unplaced = int(
                    conn.execute(
                        f"SELECT COUNT(*) FROM clusters c {both} (c.lat IS NULL OR c.lon IS NULL)",
                        params,
                    ).fetchone()[0]
                )
            groups: dict[tuple[float, float, str | None], dict[str, Any]] = {}
            for lat, lon, country, event, n, dead, sample in rows:
                group = groups.setdefault(
                    (lat, lon, country),
                    {"lat": lat, "lon": lon, "country_code": country, "events": 0, "dead": 0,
                     "types": {}, "sample": sample},
                )  # fmt: skip
                group["events"] += int(n)
                group["dead"] += int(dead or 0)
                group["types"][event] = int(n)
                group["sample"] = min(group["sample"], sample)
            ordered = sorted(groups.values(), key=lambda g: (-g["events"], -g["dead"], g["lat"]))
            top = ordered[:limit]
            self._name_places(top, filters, per_place)
            return {
                "items": top,
                "places": len(groups),
                "truncated": len(groups) > limit,
                "unplaced": unplaced,
            }

        return self._cached(("places", filters, limit, per_place, summary is not None), compute)

    def _summed_places(
        self,
        filters: Filters,
        summary: tuple[str, list[Any]],
        *,
        limit: int,
        per_place: int,
    ) -> dict[str, Any]:
        """`places` from `summary_places`: the busiest points grouped and ordered in SQL,
        then each one's sample, name and deadliest events read through `clusters_place`."""
        where, params = summary
        grouped = (
            f"SELECT lat, lon, country, SUM(n) AS events, SUM(dead) AS dead FROM summary_places"
            f" {where} GROUP BY lat, lon, country"
        )
        with self._query() as conn:
            rows = conn.execute(
                f"{grouped} ORDER BY events DESC, dead DESC, lat, lon, country LIMIT ?",
                [*params, limit],
            ).fetchall()
            n_places = int(conn.execute(f"SELECT COUNT(*) FROM ({grouped})", params).fetchone()[0])
            unplaced = int(
                conn.execute(
                    f"SELECT COALESCE(SUM(unplaced), 0) FROM summary_counts {where}", params
                ).fetchone()[0]
            )
            both = f"{where} AND" if where else "WHERE"
            cluster_where, cluster_params = where_clause(filters)
            also = cluster_where.replace("WHERE", "AND", 1)
            top = []
            for lat, lon, country, events, dead in rows:
                types = {
                    event: int(n)
                    for event, n in conn.execute(
                        f"SELECT event, n FROM summary_places {both} lat = ? AND lon = ?"
                        " AND country IS ? ORDER BY event",
                        [*params, lat, lon, country],
                    )
                }
                sample = conn.execute(
                    "SELECT MIN(c.id) FROM clusters c WHERE c.lat = ? AND c.lon = ?"
                    f" AND c.country_code IS ? {also}",
                    [lat, lon, country, *cluster_params],
                ).fetchone()[0]
                top.append(
                    {"lat": lat, "lon": lon, "country_code": country, "events": int(events),
                     "dead": int(dead), "types": types, "sample": sample}
                )  # fmt: skip
        self._name_places(top, filters, per_place, by_place=True)
        return {
            "items": top,
            "places": n_places,
            "truncated": n_places > limit,
            "unplaced": unplaced,
        }

    def _name_places(
        self,
        places: list[dict[str, Any]],
        filters: Filters,
        per_place: int,
        *,
        by_place: bool = False,
    ) -> None:
        """Add each place's name and its deadliest (then latest) events: ranked over all
        matching events at once, or (`by_place`) one point at a time through the index
        `clusters_place`, which costs what the listed places hold, not the store."""
        if not places:
            return
        where, params = where_clause(filters)
        both = f"{where} AND" if where else "WHERE"
        samples = [p.pop("sample") for p in places]
        marks = ", ".join("?" * len(samples))
        with self._query() as conn:
            names = {
                row[0]: row[1:]
                for row in conn.execute(
                    "SELECT id, json_extract(record, '$.event_loc.resolved_place'),"
                    " json_extract(record, '$.event_loc.extracted_place'),"
                    " json_extract(record, '$.event_loc.precision') FROM clusters"
                    f" WHERE id IN ({marks})",
                    samples,
                )
            }
            top: dict[tuple[float, float], list[dict[str, Any]]] = {}
            if per_place > 0 and by_place:
                also = where.replace("WHERE", "AND", 1)
                sql = (
                    "SELECT c.id, c.event, c.date, c.dead,"
                    " json_extract(c.record, '$.actor[0].identifier_text') FROM clusters c"
                    f" WHERE c.lat = ? AND c.lon = ? {also}"
                    " ORDER BY COALESCE(c.dead, -1) DESC, c.date DESC, c.id LIMIT ?"
                )
                for lat, lon in dict.fromkeys((p["lat"], p["lon"]) for p in places):
                    top[(lat, lon)] = [
                        {"id": event_id, "event": event, "date": date, "dead": dead,
                         "actor": actor}
                        for event_id, event, date, dead, actor in conn.execute(
                            sql, [lat, lon, *params, per_place]
                        )
                    ]  # fmt: skip
            elif per_place > 0:
                # Rank on the narrow columns; read a name from the JSON of the winners only.
                sql = (
                    "SELECT t.lat, t.lon, t.id, t.event, t.date, t.dead,"
                    " json_extract(k.record, '$.actor[0].identifier_text') FROM (SELECT c.lat,"
                    " c.lon, c.id, c.event, c.date, c.dead, ROW_NUMBER() OVER (PARTITION BY"
                    " c.lat, c.lon ORDER BY COALESCE(c.dead, -1) DESC, c.date DESC, c.id) AS rank"
                    f" FROM clusters c {both} c.lat IS NOT NULL AND c.lon IS NOT NULL) AS t"
                    " JOIN clusters k ON k.id = t.id WHERE t.rank <= ? ORDER BY t.rank"
                )
                kept = {(p["lat"], p["lon"]) for p in places}
                for lat, lon, event_id, event, date, dead, actor in conn.execute(
                    sql, [*params, per_place]
                ):
                    if (lat, lon) in kept:
                        top.setdefault((lat, lon), []).append(
                            {"id": event_id, "event": event, "date": date, "dead": dead,
                             "actor": actor}
                        )  # fmt: skip
        for place, sample in zip(places, samples, strict=True):
            resolved, extracted, precision = names.get(sample, (None, None, None))
            place["name"] = resolved or extracted
            place["precision"] = precision
            place["top_events"] = top.get((place["lat"], place["lon"]), [])

    def network(self, filters: Filters, *, max_nodes: int, min_weight: int) -> dict[str, Any]:
        """Who acted on whom: actors as nodes, actor -> recipient edges weighted by events.
        A node's name, id, sector and code are the largest of its key's variants (as the
        actors list shows them). Without filters the edges come from the store's summary
        (migration 9)."""
        where, params = where_clause(filters)
        ka, kr = _KEY.format(t="a"), _KEY.format(t="r")
        summed = not where and self._has("summary_edges")

        def compute() -> dict[str, Any]:
            if summed:
                sql = "SELECT ka, kr, event, n FROM summary_edges"
            else:
                sql = (
                    f"SELECT {ka} AS ka, {kr} AS kr, c.event, COUNT(DISTINCT c.id)"
                    " FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id"
                    " JOIN event_actors a ON a.event_id = m.event_id AND a.role = 'actor'"
                    " JOIN event_actors r ON r.event_id = m.event_id AND r.role = 'recipient'"
                    f" {where} GROUP BY ka, kr, c.event ORDER BY ka, kr, c.event"
                )
            from_summary = self._has("summary_actor_names")
            with self._query() as conn:
                counted = conn.execute(sql, params).fetchall()
                keys = {k for row in counted for k in row[:2] if k}
                names = self._names(conn, keys, from_summary)
            rows = []
            for k_a, k_r, event, n in sorted(counted, key=lambda r: (r[0] or "", r[1] or "", r[2])):
                (la, ida, sa, ca), (lr, idr, sr, cr) = (
                    names.get(k, (None, None, None, None)) for k in (k_a, k_r)
                )
                rows.append((k_a, k_r, event, n, la, lr, ida, idr, sa, sr, ca, cr))
            return build_network(rows, max_nodes=max_nodes, min_weight=min_weight)

        return self._cached(("network", filters, max_nodes, min_weight, summed), compute)

    @staticmethod
    def _names(
        conn: sqlite3.Connection, keys: set[str], summed: bool
    ) -> dict[str, tuple[Any, ...]]:
        """Each key's largest name, id, sector and code over its stored participants (from
        the actor summaries when `summed`)."""
        out: dict[str, tuple[Any, ...]] = {}
        ordered = sorted(keys)
        for i in range(0, len(ordered), 500):
            chunk = ordered[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            if summed:
                sql = (
                    "SELECT k, NULLIF(MAX(label), ''), NULLIF(MAX(ident), ''),"
                    " NULLIF(MAX(sector), ''), NULLIF(MAX(code), '') FROM summary_actor_names"
                    f" WHERE k IN ({marks}) GROUP BY k"
                )
            else:
                key, label = _KEY.format(t="a"), _LABEL.format(t="a")
                sql = (
                    f"SELECT {key} AS k, MAX({label}), MAX(a.identifier_id), MAX(a.sector),"
                    f" MAX(a.code) FROM event_actors a WHERE {key} IN ({marks}) GROUP BY k"
                )
            out.update((row[0], tuple(row[1:])) for row in conn.execute(sql, chunk))
        return out


def _actor_item(
    k: str, ident: str | None, text: str | None, code: str | None, sector: str | None,
    n: int, as_actor: int, as_recipient: int, first: str | None, last: str | None,
) -> dict[str, Any]:  # fmt: skip
    """One row of `actors`, as the API gives it."""
    return {
        "key": k,
        "name": text,
        "identifier_id": ident,
        "code": code,
        "sector": sector,
        "events": int(n),
        "as_actor": int(as_actor),
        "as_recipient": int(as_recipient),
        "first_date": first,
        "last_date": last,
        "filter": ident or text,
    }


class TooMany(EventwatchError):
    """Raised when an aggregation would return more groups than the caller allowed."""


def period_end(start: str, interval: str) -> str:
    """The last day of the period that starts on `start`."""
    day = dt.date.fromisoformat(start)
    if interval == "day":
        end = day
    elif interval == "week":
        end = day + dt.timedelta(days=6)
    elif interval == "month":
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        end = following - dt.timedelta(days=1)
    else:
        end = day.replace(month=12, day=31)
    return end.isoformat()


def build_network(
    rows: Sequence[Sequence[Any]], *, max_nodes: int, min_weight: int
) -> dict[str, Any]:
    """Nodes and weighted edges from (actor key, recipient key, type, events, ...) rows.

    An edge is one actor -> recipient pair with its events counted by type; nodes are
    the actors at either end, the `max_nodes` busiest kept (by events on their edges).
    Words that name no one (a pronoun, a bare count: `network_name`) are never a node.
    """
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for ka, kr, event, n, la, lr, ida, idr, sa, sr, ca, cr in rows:
        if not ka or not kr or ka == kr:
            continue
        # "her", "18", "four others" (stored before records dropped them): no one to draw
        if network_name({"identifier_text": la, "identifier_id": ida}) is None:
            continue
        if network_name({"identifier_text": lr, "identifier_id": idr}) is None:
            continue
        edge = edges.setdefault((ka, kr), {"source": ka, "target": kr, "weight": 0, "types": {}})
        edge["weight"] += int(n)
        edge["types"][event] = edge["types"].get(event, 0) + int(n)
        for key, label, ident, sector, code in ((ka, la, ida, sa, ca), (kr, lr, idr, sr, cr)):
            node = nodes.setdefault(
                key,
                {"id": key, "label": label, "identifier_id": ident, "sector": sector,
                 "code": code, "weight": 0, "filter": ident or label},
            )  # fmt: skip
            node["weight"] += int(n)
    kept_edges = [e for e in edges.values() if e["weight"] >= min_weight]
    weight: dict[str, int] = {}
    for e in kept_edges:
        weight[e["source"]] = weight.get(e["source"], 0) + e["weight"]
        weight[e["target"]] = weight.get(e["target"], 0) + e["weight"]
    busiest = sorted(weight, key=lambda k: (-weight[k], k))[:max_nodes]
    keep = set(busiest)
    out_edges = [e for e in kept_edges if e["source"] in keep and e["target"] in keep]
    for e in out_edges:
        e["event"] = max(sorted(e["types"]), key=lambda t: e["types"][t])
        e["id"] = f"{e['source']}->{e['target']}"
    out_edges.sort(key=lambda e: (-e["weight"], e["id"]))
    out_nodes = []
    for key in busiest:
        node = nodes[key]
        node["weight"] = weight[key]
        out_nodes.append(node)
    return {
        "nodes": out_nodes,
        "edges": out_edges,
        "truncated": len(weight) > max_nodes,
        "actors": len(weight),
    }
