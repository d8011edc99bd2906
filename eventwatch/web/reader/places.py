"""The reader's map: places of the matching events with counts, fatalities and top events.

A place is a point (latitude, longitude, country). Its events are grouped from the
`summary_places` table when the filters are only a type and a country, and from the
merged events otherwise; either way each listed place is named after one of its events
and given its deadliest (then latest) events.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ...store.query import Filters, where_clause
from .connection import ReadOnlyStore

_Point = tuple[float, float]


class PlaceQueries(ReadOnlyStore):
    """Places of the matching events, busiest first."""

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
        samples = [p.pop("sample") for p in places]
        with self._query() as conn:
            names = _sample_names(conn, samples)
            top: dict[_Point, list[dict[str, Any]]] = {}
            if per_place > 0 and by_place:
                top = _top_by_place(conn, places, where, params, per_place)
            elif per_place > 0:
                top = _top_ranked(conn, places, where, params, per_place)
        for place, sample in zip(places, samples, strict=True):
            resolved, extracted, precision = names.get(sample, (None, None, None))
            place["name"] = resolved or extracted
            place["precision"] = precision
            place["top_events"] = top.get((place["lat"], place["lon"]), [])


def _sample_names(conn: sqlite3.Connection, samples: list[Any]) -> dict[Any, tuple[Any, ...]]:
    """Each sample event's resolved place, extracted place and precision, by its id."""
    marks = ", ".join("?" * len(samples))
    return {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT id, json_extract(record, '$.event_loc.resolved_place'),"
            " json_extract(record, '$.event_loc.extracted_place'),"
            " json_extract(record, '$.event_loc.precision') FROM clusters"
            f" WHERE id IN ({marks})",
            samples,
        )
    }


def _top_by_place(
    conn: sqlite3.Connection,
    places: list[dict[str, Any]],
    where: str,
    params: list[Any],
    per_place: int,
) -> dict[_Point, list[dict[str, Any]]]:
    """The deadliest (then latest) events of each point, one point at a time."""
    also = where.replace("WHERE", "AND", 1)
    sql = (
        "SELECT c.id, c.event, c.date, c.dead,"
        " json_extract(c.record, '$.actor[0].identifier_text') FROM clusters c"
        f" WHERE c.lat = ? AND c.lon = ? {also}"
        " ORDER BY COALESCE(c.dead, -1) DESC, c.date DESC, c.id LIMIT ?"
    )
    top: dict[_Point, list[dict[str, Any]]] = {}
    for lat, lon in dict.fromkeys((p["lat"], p["lon"]) for p in places):
        top[(lat, lon)] = [
            {"id": event_id, "event": event, "date": date, "dead": dead, "actor": actor}
            for event_id, event, date, dead, actor in conn.execute(
                sql, [lat, lon, *params, per_place]
            )
        ]
    return top


def _top_ranked(
    conn: sqlite3.Connection,
    places: list[dict[str, Any]],
    where: str,
    params: list[Any],
    per_place: int,
) -> dict[_Point, list[dict[str, Any]]]:
    """The deadliest (then latest) events of the listed points, ranked over every
    matching event at once."""
    both = f"{where} AND" if where else "WHERE"
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
    top: dict[_Point, list[dict[str, Any]]] = {}
    for lat, lon, event_id, event, date, dead, actor in conn.execute(sql, [*params, per_place]):
        if (lat, lon) in kept:
            top.setdefault((lat, lon), []).append(
                {"id": event_id, "event": event, "date": date, "dead": dead, "actor": actor}
            )
    return top
