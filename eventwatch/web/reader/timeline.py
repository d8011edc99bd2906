"""The reader's timeline: merged events per day, week, month or year and PLOVER type.

Periods are counted by the start of an event's date range, from the summary tables
when the filters are only a type and a country, and from the merged events otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ...store.query import Filters, where_clause
from .connection import ReadOnlyStore, TooMany

INTERVALS = ("day", "week", "month", "year")
_BUCKET = {
    "day": "c.date",
    "week": "date(c.date, 'weekday 0', '-6 days')",
    "month": "substr(c.date, 1, 7) || '-01'",
    "year": "substr(c.date, 1, 4) || '-01-01'",
}


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


def _timeline_sql(
    filters: Filters, interval: str, summary: tuple[str, list[Any]] | None
) -> tuple[str, str, list[Any]]:
    """The statements counting dated events per period and type, and undated events,
    with their parameters: over the summary tables when `summary` is given."""
    if summary is None:
        where, params = where_clause(filters)
        both = f"{where} AND" if where else "WHERE"
        sql = (
            f"SELECT {_BUCKET[interval]} AS period, c.event, COUNT(*) FROM clusters c"
            f" {both} c.date IS NOT NULL GROUP BY period, c.event ORDER BY period, c.event"
        )
        return sql, f"SELECT COUNT(*) FROM clusters c {both} c.date IS NULL", params
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
    return sql, undated_sql, summary[1]


def _timeline_answer(
    rows: Sequence[Sequence[Any]], undated: int, interval: str, max_buckets: int
) -> dict[str, Any]:
    """The timeline as the API gives it, from (period, type, events) rows."""
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


class TimelineQueries(ReadOnlyStore):
    """Merged events per period and type."""

    def timeline(self, filters: Filters, interval: str, *, max_buckets: int) -> dict[str, Any]:
        """Merged events per period (by the start of their date range) and type."""
        if interval not in _BUCKET:
            raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
        summary = self._summarised(filters)

        def compute() -> dict[str, Any]:
            sql, undated_sql, args = _timeline_sql(filters, interval, summary)
            with self._query() as conn:
                rows = conn.execute(sql, args).fetchall()
                undated = int(conn.execute(undated_sql, args).fetchone()[0])
            return _timeline_answer(rows, undated, interval, max_buckets)

        return self._cached(
            ("timeline", filters, interval, max_buckets, summary is not None), compute
        )
