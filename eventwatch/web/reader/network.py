"""The reader's network: who acted on whom in the matching events, weighted by type.

Nodes are actors (grouped as the actors list groups them), an edge counts the events in
which its source acted on its target; without filters the edges come from the store's
summary (migration 9).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ...actors.named import network_name
from ...store.query import Filters, where_clause
from .actors import ENTITY_KEY, ENTITY_LABEL
from .connection import ReadOnlyStore


class NetworkQueries(ReadOnlyStore):
    """The actor -> recipient network of the matching events."""

    def network(self, filters: Filters, *, max_nodes: int, min_weight: int) -> dict[str, Any]:
        """Who acted on whom: actors as nodes, actor -> recipient edges weighted by events.
        A node's name, id, sector and code are the largest of its key's variants (as the
        actors list shows them). Without filters the edges come from the store's summary
        (migration 9)."""
        where, params = where_clause(filters)
        ka, kr = ENTITY_KEY.format(t="a"), ENTITY_KEY.format(t="r")
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
                key, label = ENTITY_KEY.format(t="a"), ENTITY_LABEL.format(t="a")
                sql = (
                    f"SELECT {key} AS k, MAX({label}), MAX(a.identifier_id), MAX(a.sector),"
                    f" MAX(a.code) FROM event_actors a WHERE {key} IN ({marks}) GROUP BY k"
                )
            out.update((row[0], tuple(row[1:])) for row in conn.execute(sql, chunk))
        return out


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
