"""GET /api/events (a page of merged events) and its downloads, .csv and .geojson.

The three select the same events with the same filters and order; a page is written
from the stored JSON without parsing it again, a download is every matching event
(up to `MAX_DOWNLOAD`) in the format `eventwatch export` writes.
"""

import io
import json
import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..store.query import Filters
from .params import FILTER_PARAMS, ApiError, FilterDep, allow, with_page
from .reader import SORTS, Reader
from .settings import WebSettings

MAX_DOWNLOAD = 100_000  # events in one download; `eventwatch export` has no limit
DOWNLOADS = {
    # format: (writer name in eventwatch.export.FORMATS, media type, suffix)
    "csv": ("csv", "text/csv; charset=utf-8", "csv"),
    "geojson": ("geojson", "application/geo+json", "geojson"),
}


class EventPage(BaseModel):
    items: list[dict[str, Any]]
    limit: int
    offset: int
    has_more: bool
    next_offset: int | None
    next_after: str | None = Field(
        None, description="Give as `after` for the next page (date order); none on the last."
    )
    total: int | None = Field(None, description="Matching events (only with count=true).")


SortParam = Annotated[
    str | None,
    Query(
        description=f"Order by one of {', '.join(SORTS)}; '-' first for descending "
        "(events without the value come last either way). Default: by date, undated last.",
        pattern=rf"^-?({'|'.join(SORTS)})$",
    ),
]


def _raw_json(parts: Iterable[str]) -> Response:
    return Response("".join(parts), media_type="application/json")


def _filter_items(filters: Filters) -> list[tuple[str, str]]:
    return [(k, str(getattr(filters, k))) for k in FILTER_PARAMS if getattr(filters, k)]


def _safe_filename(name: str) -> str:
    """A download's file name from filter values: letters, digits, '-', '_' and '.' only."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120].strip("_.") or "events"


def _download(reader: Reader, fmt: str, filters: Filters, sort: str | None) -> Response:
    """Every matching event in the format `fmt` (a key of `DOWNLOADS`), as an attachment
    named after the filters; refused when more than `MAX_DOWNLOAD` events match."""
    from ..export import FORMATS

    total = reader.count(filters)
    if total > MAX_DOWNLOAD:
        raise ApiError(
            422,
            f"{total} events match, more than {MAX_DOWNLOAD} for one download; narrow the "
            "filters, or use `eventwatch export`",
        )
    writer, media, suffix = DOWNLOADS[fmt]
    buffer = io.StringIO()
    written = FORMATS[writer](reader.iter_records(filters, sort=sort), buffer)
    name = "-".join(["events", *(f"{k}-{v}" for k, v in _filter_items(filters))])
    return Response(
        buffer.getvalue(),
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{_safe_filename(name)}.{suffix}"',
            "X-Event-Count": str(total),
            "X-Written-Count": str(written),
        },
    )


def events_router(reader: Reader, settings: WebSettings) -> APIRouter:
    """GET /api/events, /api/events.csv and /api/events.geojson over `reader`."""
    router = APIRouter()
    _add_events(router, reader, settings)
    _add_downloads(router, reader)
    return router


def _add_events(router: APIRouter, reader: Reader, settings: WebSettings) -> None:
    @router.get(
        "/api/events",
        response_model=EventPage,
        dependencies=[Depends(allow(*FILTER_PARAMS, "limit", "offset", "after", "count", "sort"))],
        tags=["events"],
    )
    def events(
        filters: FilterDep,
        sort: SortParam = None,
        limit: Annotated[
            int, Query(ge=1, le=settings.max_page_size, description="Events per page.")
        ] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000, description="Events to skip.")] = 0,
        after: Annotated[
            str | None,
            Query(
                max_length=200,
                pattern=r"^(\d{4}-\d{2}-\d{2})?\|[0-9A-Za-z~_-]+$",
                description="Continue after this event: a page's `next_after` (date order"
                " only; a deep page costs what the first does, unlike `offset`).",
            ),
        ] = None,
        count: Annotated[
            bool, Query(description="Also count every matching event (slower).")
        ] = False,
    ) -> Response:
        """Merged events matching every filter given, by date then id (undated last), or
        in the order `sort` asks for."""
        if after is not None and (offset or (sort and sort != "date")):
            raise ApiError(
                422, "after: continues the date order from its event; give no offset or sort"
            )
        page = reader.events(with_page(filters, limit, offset), count=count, sort=sort, after=after)
        following = offset + limit if page.has_more and after is None else None
        return _raw_json(
            [
                '{"items":[',
                ",".join(page.records),
                f'],"limit":{limit},"offset":{offset},"has_more":{json.dumps(page.has_more)},',
                f'"next_offset":{json.dumps(following)},"next_after":{json.dumps(page.next_after)},',
                f'"total":{json.dumps(page.total)}}}',
            ]
        )


def _add_downloads(router: APIRouter, reader: Reader) -> None:
    @router.get(
        "/api/events.csv",
        dependencies=[Depends(allow(*FILTER_PARAMS, "sort"))],
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}, "description": "One row per event."}},
        tags=["events"],
    )
    def events_csv(filters: FilterDep, sort: SortParam = None) -> Response:
        """Every event matching the filters (as /api/events selects them, all pages) as
        CSV: the flat columns of `eventwatch export -f csv`, lists joined with "; "."""
        return _download(reader, "csv", filters, sort)

    @router.get(
        "/api/events.geojson",
        dependencies=[Depends(allow(*FILTER_PARAMS, "sort"))],
        response_class=Response,
        responses={200: {"content": {"application/geo+json": {}}, "description": "Points."}},
        tags=["events"],
    )
    def events_geojson(filters: FilterDep, sort: SortParam = None) -> Response:
        """Every event matching the filters that has coordinates, as a GeoJSON
        FeatureCollection of points (events without a place are left out; the
        `X-Event-Count` and `X-Written-Count` headers say how many of each)."""
        return _download(reader, "geojson", filters, sort)
