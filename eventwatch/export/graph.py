"""The actor network: who acted on whom, as GEXF or GraphML (through networkx).

Nodes are entities, keyed by `identifier_id` when known, else by the normalised canonical
name (never words that name no one: a pronoun, a bare count such as "18" or "four
others", see `eventwatch.actors.named`); they carry `label`, `identifier_id`, `code`, `sector` and `events` (how many events
name them). Edges go from each actor of an event to each of its recipients, with
`weight` (the number of events), one count per PLOVER event type seen in the export
(e.g. `ASSAULT`), and `event_ids` (space-separated). Absent values are "" so that both
formats can write them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from ..actors.named import network_name
from ..errors import ExportError
from ..store.merge import normalise
from .fields import Out, Record, name, write_bytes


def _networkx(fmt: str) -> Any:
    try:
        import networkx
    except ImportError as exc:
        raise ExportError(fmt, "needs networkx: pip install networkx==3.6.1") from exc
    return networkx


def node_key(entity: Record) -> str:
    """The node of an entity: its identifier id, else its normalised canonical name."""
    if entity.get("identifier_id"):
        return str(entity["identifier_id"])
    return normalise(name(entity))


def build_graph(records: Iterable[Record], fmt: str = "graph") -> Any:
    """A networkx DiGraph of actors and recipients (see the module docstring)."""
    nx = _networkx(fmt)
    graph = nx.DiGraph()
    types: set[str] = set()
    for record in records:
        event = str(record.get("event") or "UNKNOWN")
        types.add(event)
        sides = []
        for role in ("actor", "recipient"):
            side: dict[str, Record] = {}
            for entity in record.get(role) or ():
                if network_name(entity) is None:
                    continue  # "her", "18", "four others": no one to draw
                key = node_key(entity)
                if key and key not in side:
                    side[key] = entity
            sides.append(side)
        for key, entity in {**sides[0], **sides[1]}.items():
            if key not in graph:
                graph.add_node(
                    key,
                    label=name(entity),
                    identifier_id=str(entity.get("identifier_id") or ""),
                    code=str(entity.get("code") or ""),
                    sector=str(entity.get("sector") or ""),
                    events=0,
                )
            graph.nodes[key]["events"] += 1
        for source in sides[0]:
            for target in sides[1]:
                if source == target:
                    continue
                if not graph.has_edge(source, target):
                    graph.add_edge(source, target, weight=0, event_ids="", counts={})
                data = graph.edges[source, target]
                data["weight"] += 1
                data["counts"][event] = data["counts"].get(event, 0) + 1
                data["event_ids"] = f"{data['event_ids']} {record.get('id')}".strip()
    for _, _, data in graph.edges(data=True):
        counts = data.pop("counts")
        for event in sorted(types):
            data[event] = counts.get(event, 0)
    return graph


def write_gexf(records: Iterable[Record], out: Out) -> int:
    """The actor network as GEXF 1.2; returns the number of events read."""
    return _write_graph(records, out, "gexf")


def write_graphml(records: Iterable[Record], out: Out) -> int:
    """The actor network as GraphML; returns the number of events read."""
    return _write_graph(records, out, "graphml")


def _write_graph(records: Iterable[Record], out: Out, fmt: str) -> int:
    nx = _networkx(fmt)
    records = list(records)
    buffer = io.BytesIO()
    writer = nx.write_gexf if fmt == "gexf" else nx.write_graphml
    writer(build_graph(records, fmt), buffer)
    write_bytes(out, buffer.getvalue(), fmt)
    return len(records)
