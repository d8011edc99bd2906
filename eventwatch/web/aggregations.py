"""The aggregations of the matching events: GET /api/actors, /api/places, /api/timeline
and /api/network (the page's lists, map, timeline and network graph)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from .params import FILTER_PARAMS, FilterDep, allow, query_string
from .reader import Reader

MAX_BUCKETS = 5000  # periods in one timeline


def aggregations_router(reader: Reader) -> APIRouter:
    """GET /api/actors, /api/places, /api/timeline and /api/network over `reader`."""
    router = APIRouter()
    _add_actors(router, reader)
    _add_places(router, reader)
    _add_timeline(router, reader)
    _add_network(router, reader)
    return router


def _add_actors(router: APIRouter, reader: Reader) -> None:
    @router.get(
        "/api/actors",
        dependencies=[Depends(allow(*FILTER_PARAMS, "name", "role", "limit", "offset"))],
        tags=["aggregations"],
    )
    def actors(
        filters: FilterDep,
        name: Annotated[
            str | None,
            Query(
                description="Only actors whose name contains this (or with this Wikidata id).",
                max_length=200,
            ),
        ] = None,
        role: Annotated[
            Literal["actor", "recipient"] | None,
            Query(description="Only as actor, or only as recipient."),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> dict[str, Any]:
        """Actors and recipients of the matching events with event counts, most first."""
        out = reader.actors(filters, name=name or None, role=role, limit=limit, offset=offset)
        items = []
        for item in out["items"]:
            query = query_string(filters, actor=item["filter"])
            items.append(
                {
                    **item,
                    "links": {
                        "events": f"/api/events?{query}",
                        "network": f"/api/network?{query}",
                        "page": f"/?{query}",
                    },
                }
            )
        following = offset + limit if out["has_more"] else None
        return {**out, "items": items, "limit": limit, "next_offset": following}


def _add_places(router: APIRouter, reader: Reader) -> None:
    @router.get(
        "/api/places",
        dependencies=[Depends(allow(*FILTER_PARAMS, "limit", "top"))],
        tags=["aggregations"],
    )
    def places(
        filters: FilterDep,
        limit: Annotated[
            int, Query(ge=1, le=2000, description="Most places returned (busiest first).")
        ] = 500,
        top: Annotated[
            int, Query(ge=0, le=20, description="Deadliest events listed per place.")
        ] = 5,
    ) -> dict[str, Any]:
        """Where the matching events happened: per point, events, fatalities and types."""
        return reader.places(filters, limit=limit, per_place=top)


def _add_timeline(router: APIRouter, reader: Reader) -> None:
    @router.get(
        "/api/timeline",
        dependencies=[Depends(allow(*FILTER_PARAMS, "interval"))],
        tags=["aggregations"],
    )
    def timeline(
        filters: FilterDep,
        interval: Annotated[
            Literal["day", "week", "month", "year"],
            Query(description="Period length; weeks start on Monday."),
        ] = "month",
    ) -> dict[str, Any]:
        """Matching events per period and PLOVER type, by the start of their date range."""
        return reader.timeline(filters, interval, max_buckets=MAX_BUCKETS)


def _add_network(router: APIRouter, reader: Reader) -> None:
    @router.get(
        "/api/network",
        dependencies=[Depends(allow(*FILTER_PARAMS, "max_nodes", "min_weight"))],
        tags=["aggregations"],
    )
    def network(
        filters: FilterDep,
        max_nodes: Annotated[
            int, Query(ge=2, le=300, description="Most actors kept (the busiest).")
        ] = 60,
        min_weight: Annotated[
            int, Query(ge=1, le=100_000, description="Fewest events an edge needs.")
        ] = 1,
    ) -> dict[str, Any]:
        """Who acted on whom in the matching events: nodes are actors, an edge counts the
        events in which its source acted on its target, by PLOVER type."""
        return reader.network(filters, max_nodes=max_nodes, min_weight=min_weight)
