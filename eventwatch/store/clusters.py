"""Keep the `clusters` table true to the merge rule as events come and go.

The merged events are a function of the stored records: for every group of events linked
(transitively) by the merge rule, `cluster_reports` decides the clusters from that group
alone. After an `add`, only the groups that the new or removed events belong to are
recomputed, so the result is the same whatever order the articles arrived in.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from .combine import combine
from .merge import (
    MergeSettings,
    Report,
    Verdict,
    clear_date,
    cluster_id,
    cluster_reports,
    compare,
    report_of,
)
from .rows import cluster_row

_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit

Loaded = tuple[dict[str, Any], Report]


def load(conn: sqlite3.Connection, event_id: str) -> Loaded | None:
    """A stored record and its comparable form, or None when it is gone."""
    row = conn.execute(
        "SELECT e.record, a.published FROM events e JOIN articles a ON a.id = e.doc_id"
        " WHERE e.id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    return record, report_of(record, row[1])


def candidates(
    conn: sqlite3.Connection, report: Report, settings: MergeSettings, cache: dict[str, Loaded]
) -> list[Loaded]:
    """The stored events the merge rule could call the same as `report`: of its type, in
    another article, in no other country, and either dated within the window (when both
    dates are clear) or published within it (what an unknown date needs).

    Each branch reads an index range (`events (event, date)`, `articles (published)`), so
    the cost follows the events near the report, not the size of the store. `cache` holds
    the events already parsed during this change, so each is parsed once.
    """
    window = dt.timedelta(days=settings.date_window_days)
    country = ("", ()) if report.country is None else (
        " AND (e.country_code IS NULL OR e.country_code = ?)", (report.country,)
    )  # fmt: skip
    ids: set[str] = set()
    if clear_date(report, settings):
        # a clear date on the other side spans at most max_date_range_days
        widest = dt.timedelta(days=settings.max_date_range_days - 1)
        ids.update(
            r[0]
            for r in conn.execute(
                "SELECT e.id FROM events e WHERE e.event = ? AND e.date BETWEEN ? AND ?"
                " AND COALESCE(e.enddate, e.date) >= ? AND e.doc_id != ?" + country[0],
                (
                    report.event,
                    _iso(report.start, -(window + widest)),
                    _iso(report.end, window),
                    _iso(report.start, -window),
                    report.doc_id,
                    *country[1],
                ),
            )
        )
    if report.published is not None:
        ids.update(
            r[0]
            for r in conn.execute(
                "SELECT e.id FROM articles a JOIN events e ON e.doc_id = a.id"
                " WHERE a.published BETWEEN ? AND ? AND e.event = ? AND a.id != ?" + country[0],
                (
                    _iso(report.published, -window),
                    _iso(report.published, window),
                    report.event,
                    report.doc_id,
                    *country[1],
                ),
            )
        )
    out = []
    for event_id in sorted(ids):
        found = cache.get(event_id) or load(conn, event_id)
        if found is not None:
            cache[event_id] = found
            out.append(found)
    return out


def _iso(day: dt.date | None, shift: dt.timedelta) -> str | None:
    if day is None:
        return None
    try:
        return (day + shift).isoformat()
    except OverflowError:  # published 0001-01-01 or 9999-12-31: the window ends there
        return (dt.date.max if shift > dt.timedelta(0) else dt.date.min).isoformat()


def recluster(
    conn: sqlite3.Connection, seeds: set[str], settings: MergeSettings, dirty: set[str]
) -> None:
    """Recompute the merged events of every event linked (transitively) to the seeds.

    `dirty` are the events written in this change: a cluster whose members are unchanged
    and none of them dirty is kept as it is.
    """
    component: dict[str, Loaded] = {}
    cache: dict[str, Loaded] = {}
    verdicts: dict[tuple[str, str], Verdict] = {}
    todo = sorted(seeds)
    while todo:
        event_id = todo.pop()
        if event_id in component:
            continue
        found = cache.get(event_id) or load(conn, event_id)
        if found is None:
            continue
        component[event_id] = found
        for _, report in candidates(conn, found[1], settings, cache):
            pair = (min(event_id, report.id), max(event_id, report.id))
            if pair not in verdicts:
                verdicts[pair] = compare(found[1], report, settings)
            if report.id not in component and verdicts[pair].same:
                todo.append(report.id)
        todo += [
            r[0]
            for r in conn.execute(
                "SELECT m2.event_id FROM cluster_members m1 JOIN cluster_members m2"
                " ON m2.cluster_id = m1.cluster_id WHERE m1.event_id = ?",
                (event_id,),
            )
            if r[0] not in component
        ]
    ids = sorted(component)
    old = set(
        select_in(
            conn, "SELECT DISTINCT cluster_id FROM cluster_members WHERE event_id IN ({})", ids
        )
    )
    groups = {
        cluster_id(group): group
        for group in cluster_reports(
            (report for _, report in component.values()), settings, verdicts
        )
    }
    keep = {c for c in old & set(groups) if not dirty & set(groups[c])}
    execute_in(conn, "DELETE FROM clusters WHERE id IN ({})", sorted(old - keep))
    for key, group in sorted(groups.items()):
        if key in keep:
            continue
        records = [component[i][0] for i in group]
        merged = combine(records, sources=sources(conn, {r["doc_id"] for r in records}))
        conn.execute(
            "INSERT INTO clusters (id, event, date, enddate, country_code, lat, lon, dead,"
            " confidence, source_count, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cluster_row(merged),
        )
        conn.executemany(
            "INSERT INTO cluster_members (cluster_id, event_id) VALUES (?, ?)",
            [(merged["id"], i) for i in group],
        )


def sources(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    rows = select_rows_in(
        conn,
        "SELECT id, title, url, source, published FROM articles WHERE id IN ({})",
        sorted(doc_ids),
    )
    return {
        r[0]: dict(zip(("title", "url", "source", "published"), r[1:], strict=True)) for r in rows
    }


def select_rows_in(conn: sqlite3.Connection, sql: str, values: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(values), _CHUNK):
        chunk = values[i : i + _CHUNK]
        out += conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return out


def select_in(conn: sqlite3.Connection, sql: str, values: list[str]) -> list[str]:
    return sorted({r[0] for r in select_rows_in(conn, sql, values)})


def execute_in(conn: sqlite3.Connection, sql: str, values: list[str]) -> None:
    for i in range(0, len(values), _CHUNK):
        chunk = values[i : i + _CHUNK]
        conn.execute(sql.format(",".join("?" * len(chunk))), chunk)


def remove_events(conn: sqlite3.Connection, doc_id: str, settings: MergeSettings) -> set[str]:
    """Delete an article's events and the clusters holding them; return the ids to redo."""
    ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE doc_id = ?", (doc_id,))]
    seeds: set[str] = set()
    for event_id in ids:  # their neighbours may regroup once they are gone
        found = load(conn, event_id)
        if found is not None:
            report = found[1]
            seeds |= {
                candidate.id
                for _, candidate in candidates(conn, report, settings, {})
                if compare(report, candidate, settings).same
            }
    held = select_in(
        conn, "SELECT DISTINCT cluster_id FROM cluster_members WHERE event_id IN ({})", ids
    )
    seeds |= set(
        select_in(conn, "SELECT event_id FROM cluster_members WHERE cluster_id IN ({})", held)
    )
    execute_in(conn, "DELETE FROM clusters WHERE id IN ({})", held)
    conn.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
    return seeds - set(ids)
