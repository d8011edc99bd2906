"""The `Reader`: every query of the web API over one event store, opened read-only.

Each kind of query lives in a module of its own (events, timeline, places, actors,
network) as a class over `ReadOnlyStore`; `Reader` is all of them together, plus what
the store holds (`stats`).
"""

from __future__ import annotations

from typing import Any

from ...store.query import Filters
from .actors import ActorQueries
from .events import EventQueries
from .network import NetworkQueries
from .places import PlaceQueries
from .timeline import TimelineQueries


class Reader(EventQueries, TimelineQueries, PlaceQueries, ActorQueries, NetworkQueries):
    """Read-only access to an event store file, safe to share between threads."""

    def stats(self) -> dict[str, Any]:
        """What the store holds: articles, events, merged events, failures, the first and
        last date, and merged events per type."""
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
