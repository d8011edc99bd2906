"""Keep the `clusters` table true to the merge rule as events come and go.

The merged events are a function of the stored records: for every group of events linked
(transitively) by the merge rule, `cluster_reports` decides the clusters from that group
alone. After an `add`, only the groups that the new or removed events belong to are
recomputed, so the result is the same whatever order the articles arrived in. In a store
so dense that matching reports chain for months (the same actor in the same city every
day), the chain is followed only `regroup_days` from the change: a group spans a few days,
and the far ends of such a chain keep the groups they had.

Finding neighbours reads two index ranges (`candidates`); a store keeps the parsed merge
form of events between adds (`Reports`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable
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


class Reports:
    """The comparable form of stored events, parsed once and kept between changes (a
    store adding article after article meets the same neighbours again). Bounded; the
    store forgets the events it rewrites or deletes (`forget`)."""

    def __init__(self, size: int = 200_000) -> None:
        self._items: dict[str, Report] = {}
        self._size = size

    def get(self, conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Report]:
        """The reports of these events (those still stored), reading the missing at once."""
        ids = list(ids)
        missing = sorted({i for i in ids if i not in self._items})
        if missing:
            if len(self._items) + len(missing) > self._size:
                self._items.clear()
            for event_id, record, published in select_rows_in(
                conn,
                "SELECT e.id, e.record, a.published FROM events e JOIN articles a"
                " ON a.id = e.doc_id WHERE e.id IN ({})",
                missing,
            ):
                self._items[event_id] = report_of(json.loads(record), published)
        return {i: self._items[i] for i in ids if i in self._items}

    def forget(self, ids: Iterable[str]) -> None:
        for event_id in ids:
            self._items.pop(event_id, None)

    def clear(self) -> None:
        self._items.clear()


def load_records(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored single-article records by id."""
    rows = select_rows_in(conn, "SELECT id, record FROM events WHERE id IN ({})", ids)
    return {event_id: json.loads(record) for event_id, record in rows}


def candidates(
    conn: sqlite3.Connection, report: Report, settings: MergeSettings, reports: Reports
) -> list[Report]:
    """The stored events the merge rule could call the same as `report`: of its type, in
    another article, in no other country, and either dated within the window (when both
    dates are clear) or published within it (what an unknown date needs).

    Each branch reads an index range (`events (event, date)`, `articles (published)`), so
    the cost follows the events near the report, not the size of the store.
    """
    window = dt.timedelta(days=settings.date_window_days)
    country = ("", ()) if report.country is None else (
        " AND (e.country_code IS NULL OR e.country_code = ?)", (report.country,)
    )  # fmt: skip
    ids: set[str] = set()
    clear = clear_date(report, settings)
    if clear:
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
        # two clear dates match by date (above) or contradict: by publication, a clear
        # date meets only an unclear one (none, or wider than max_date_range_days)
        unclear = ("", ()) if not clear else (
            " AND (e.date IS NULL OR julianday(COALESCE(e.enddate, e.date))"
            " - julianday(e.date) + 1 > ?)", (settings.max_date_range_days,),
        )  # fmt: skip
        ids.update(
            r[0]
            for r in conn.execute(
                "SELECT e.id FROM articles a JOIN events e ON e.doc_id = a.id"
                " WHERE a.published BETWEEN ? AND ? AND e.event = ? AND a.id != ?"
                + country[0]
                + unclear[0],
                (
                    _iso(report.published, -window),
                    _iso(report.published, window),
                    report.event,
                    report.doc_id,
                    *country[1],
                    *unclear[1],
                ),
            )
        )
    found = reports.get(conn, sorted(ids))
    return [found[i] for i in sorted(found)]


def _iso(day: dt.date | None, shift: dt.timedelta) -> str | None:
    return None if day is None else _shift(day, shift).isoformat()


def recluster(
    conn: sqlite3.Connection,
    seeds: set[str],
    settings: MergeSettings,
    dirty: set[str],
    reports: Reports | None = None,
) -> None:
    """Recompute the merged events of every event linked (transitively) to the seeds,
    within `settings.regroup_days` of them.

    `dirty` are the events written in this change: a cluster whose members are unchanged
    and none of them dirty is kept as it is.
    """
    reports = reports or Reports()
    component, verdicts = _linked(conn, seeds, settings, reports)
    ids = sorted(component)
    old = set(
        select_in(
            conn, "SELECT DISTINCT cluster_id FROM cluster_members WHERE event_id IN ({})", ids
        )
    )
    groups = {
        cluster_id(group): group
        for group in cluster_reports(component.values(), settings, verdicts)
    }
    keep = {c for c in old & set(groups) if not dirty & set(groups[c])}
    execute_in(conn, "DELETE FROM clusters WHERE id IN ({})", sorted(old - keep))
    redo = sorted(set(groups) - keep)
    records = load_records(conn, sorted({i for key in redo for i in groups[key]}))
    for key in redo:
        _insert_cluster(conn, groups[key], records)


def _linked(
    conn: sqlite3.Connection, seeds: set[str], settings: MergeSettings, reports: Reports
) -> tuple[dict[str, Report], dict[tuple[str, str], Verdict]]:
    """The stored events linked (transitively) to the seeds, by the merge rule within
    `regroup_days` or by sharing a stored cluster, and the verdicts met on the way."""
    component: dict[str, Report] = {}
    verdicts: dict[tuple[str, str], Verdict] = {}
    todo = sorted(seeds)
    near = _horizon(reports.get(conn, seeds).values(), settings)
    while todo:
        event_id = todo.pop()
        if event_id in component:
            continue
        found = reports.get(conn, [event_id]).get(event_id)
        if found is None:
            continue
        component[event_id] = found
        for report in candidates(conn, found, settings, reports):
            pair = (min(event_id, report.id), max(event_id, report.id))
            if pair not in verdicts:
                verdicts[pair] = compare(found, report, settings)
            if report.id not in component and verdicts[pair].same and near(report):
                todo.append(report.id)
        todo += [i for i in _cluster_mates(conn, event_id) if i not in component]
    return component, verdicts


def _cluster_mates(conn: sqlite3.Connection, event_id: str) -> list[str]:
    """The members of the stored clusters holding `event_id` (itself included)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT m2.event_id FROM cluster_members m1 JOIN cluster_members m2"
            " ON m2.cluster_id = m1.cluster_id WHERE m1.event_id = ?",
            (event_id,),
        )
    ]


def _insert_cluster(
    conn: sqlite3.Connection, group: tuple[str, ...], records: dict[str, dict[str, Any]]
) -> None:
    """Store the merged event of the events in `group` (their records read), and its members."""
    members = [records[i] for i in group]
    merged = combine(members, sources=sources(conn, {r["doc_id"] for r in members}))
    conn.execute(
        "INSERT INTO clusters (id, event, date, enddate, country_code, lat, lon, dead,"
        " confidence, source_count, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cluster_row(merged),
    )
    conn.executemany(
        "INSERT INTO cluster_members (cluster_id, event_id) VALUES (?, ?)",
        [(merged["id"], i) for i in group],
    )


def _anchor(report: Report, settings: MergeSettings) -> dt.date | None:
    """The day a report is matched on: its date when clear, else its publication."""
    return report.start if clear_date(report, settings) else report.published


def _horizon(seeds: Iterable[Report], settings: MergeSettings) -> Callable[[Report], bool]:
    """Whether a report lies within `regroup_days` of the seeds (undated ones always do)."""
    known = [d for d in (_anchor(r, settings) for r in seeds) if d is not None]
    if not known:
        return lambda report: True
    reach = dt.timedelta(days=settings.regroup_days)
    lo, hi = _shift(min(known), -reach), _shift(max(known), reach)

    def near(report: Report) -> bool:
        day = _anchor(report, settings)
        return day is None or lo <= day <= hi

    return near


def _shift(day: dt.date, by: dt.timedelta) -> dt.date:
    try:
        return day + by
    except OverflowError:  # published 0001-01-01 or 9999-12-31: the window ends there
        return dt.date.max if by > dt.timedelta(0) else dt.date.min


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


def remove_events(
    conn: sqlite3.Connection, doc_id: str, settings: MergeSettings, reports: Reports
) -> set[str]:
    """Delete an article's events and the clusters holding them; return the ids to redo."""
    ids = [r[0] for r in conn.execute("SELECT id FROM events WHERE doc_id = ?", (doc_id,))]
    seeds: set[str] = set()
    for report in reports.get(conn, ids).values():  # their neighbours may regroup
        seeds |= {
            candidate.id
            for candidate in candidates(conn, report, settings, reports)
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
    reports.forget(ids)
    return seeds - set(ids)
