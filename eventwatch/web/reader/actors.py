"""The reader's actors list: the actors and recipients of the matching events, counted.

An entity is grouped by its Wikidata id when it has one, else by its folded name
(`ENTITY_KEY`); without filters the counts come from the store's actor summaries
(migration 8), which give the same rows in the same order.
"""

from __future__ import annotations

from typing import Any

from ...store.query import Filters, like_pattern, where_clause
from .connection import ReadOnlyStore

# How an entity is grouped: by its Wikidata id when it has one, else by its folded name.
ENTITY_KEY = "COALESCE({t}.identifier_id, lower(COALESCE({t}.identifier_text, {t}.entity_text)))"
ENTITY_LABEL = "COALESCE({t}.identifier_text, {t}.entity_text)"


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


class ActorQueries(ReadOnlyStore):
    """Actors and recipients of the matching events, most events first."""

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
            extra.append(
                "(a.identifier_text LIKE ? ESCAPE '\\' OR a.entity_text LIKE ? ESCAPE '\\'"
                " OR a.identifier_id = ?)"
            )
            extra_params += [like_pattern(name), like_pattern(name), name]
        clauses = " AND ".join(extra)
        if clauses:
            where = f"{where} AND {clauses}" if where else f"WHERE {clauses}"
        key, label = ENTITY_KEY.format(t="a"), ENTITY_LABEL.format(t="a")
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
