"""The analyst's workbench: a FastAPI app over an event store, and the page it serves.

    app = create_app("events.db")          # read-only; OpenAPI at /docs, the page at /

Endpoints (all GET ones read only; each parameter is checked, errors are 4xx with a
`detail` that names the parameter):

    GET  /api/events            merged events, filtered like `eventwatch query`, paged
    GET  /api/events.csv        every matching event as CSV (the flat columns of `export csv`)
    GET  /api/events.geojson    every matching event that has a place, as GeoJSON
    GET  /api/events/{id}       one event, its sources with highlighted text, evidence
    GET  /api/actors            actors and recipients with event counts and links
    GET  /api/places            places with event counts, fatalities and top events
    GET  /api/timeline          events per day/week/month/year by PLOVER type
    GET  /api/network           actor -> recipient network, edges weighted by type
    GET  /api/meta              PLOVER types, store counts, limits
    POST /api/extract           events of a posted article; `?store=true` also stores it
                                (needs `Authorization: Bearer $EVENTWATCH_API_TOKEN`)
"""

import io
import json
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import StoreError
from ..store.query import Filters
from .extract import Extractor, extract_router
from .guards import BodyLimit, SecurityHeaders
from .highlight import highlights, segments
from .params import (
    FILTER_PARAMS,
    ApiError,
    FilterDep,
    allow,
    ontology_types,
    query_string,
    safe_url,
    with_page,
)
from .reader import INTERVALS, SORTS, QueryTimeout, Reader, TooMany
from .settings import WebSettings

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"
MAX_BUCKETS = 5000
MAX_DOWNLOAD = 100_000  # events in one download; `eventwatch export` has no limit
DOWNLOADS = {
    # format: (writer name in eventwatch.export.FORMATS, media type, suffix)
    "csv": ("csv", "text/csv; charset=utf-8", "csv"),
    "geojson": ("geojson", "application/geo+json", "geojson"),
}


def assets_present() -> bool:
    """Whether the npm files the page needs were copied (scripts/setup-web.sh)."""
    needed = (
        "leaflet/leaflet.js",
        "cytoscape/cytoscape.min.js",
        "vis-timeline/vis-timeline-graph2d.min.js",
        "topojson-client/topojson-client.min.js",
        "world-atlas/countries-50m.json",
    )
    return all((VENDOR / name).is_file() for name in needed)


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


class EventDetail(BaseModel):
    event: dict[str, Any]
    sources: list[dict[str, Any]]
    links: dict[str, str]


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


# --- the app --------------------------------------------------------------------------
def create_app(
    db: str | Path,
    *,
    settings: WebSettings | None = None,
    extractor: Extractor | None = None,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The workbench over the store at `db` (which must exist); read-only unless a token
    is set. `extractor` replaces the spaCy pipeline (tests); `allowed_hosts` limits the
    Host header (`serve` passes the loopback names, against DNS rebinding)."""
    settings = settings or WebSettings.from_env()
    reader = Reader(db, timeout=settings.query_timeout)
    router, extract_pool = extract_router(Path(db), settings, extractor)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        extract_pool.shutdown(wait=False, cancel_futures=True)
        reader.close()

    app = FastAPI(
        lifespan=lifespan,
        title="eventwatch",
        summary="Sourced PLOVER event data: browse, filter and extract.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.reader = reader
    app.state.settings = settings

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST" and kind != "application/json":
            return JSONResponse(
                {
                    "detail": f"send the article as JSON (Content-Type: application/json), not {kind or 'no type'}"
                },
                status_code=415,
            )
        errors = []
        for error in exc.errors():
            loc = list(error.get("loc", ()))
            message = str(error.get("msg", "invalid"))
            if error.get("type") == "json_invalid":
                at = f" at character {loc[-1]}" if len(loc) > 1 else ""
                errors.append({"param": "body", "message": f"not valid JSON ({message}{at})"})
                continue
            where = [str(p) for p in loc if p not in ("query", "body", "path")]
            errors.append({"param": ".".join(where) or "body", "message": message})
        detail = "; ".join(f"{e['param']}: {e['message']}" for e in errors)
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.exception_handler(QueryTimeout)
    async def _timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(TooMany)
    async def _too_many(request: Request, exc: TooMany) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"the event store failed: {exc.problem}"}, status_code=500)

    # --- the page ---------------------------------------------------------------------
    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not (VENDOR / "swagger-ui" / "swagger-ui-bundle.js").is_file():
            return get_swagger_ui_html(openapi_url="/openapi.json", title="eventwatch API")
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="eventwatch API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    # --- reading ----------------------------------------------------------------------
    @app.get("/api/meta", dependencies=[Depends(allow())], tags=["store"])
    def meta() -> dict[str, Any]:
        """PLOVER types (with quad classes), what the store holds, and the server's limits."""
        return {
            "types": ontology_types(),
            "store": reader.stats(),
            "settings": settings.public(),
            "intervals": list(INTERVALS),
            "assets": assets_present(),
        }

    @app.get(
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

    def download(fmt: str, filters: Filters, sort: str | None) -> Response:
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

    @app.get(
        "/api/events.csv",
        dependencies=[Depends(allow(*FILTER_PARAMS, "sort"))],
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}, "description": "One row per event."}},
        tags=["events"],
    )
    def events_csv(filters: FilterDep, sort: SortParam = None) -> Response:
        """Every event matching the filters (as /api/events selects them, all pages) as
        CSV: the flat columns of `eventwatch export -f csv`, lists joined with "; "."""
        return download("csv", filters, sort)

    @app.get(
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
        return download("geojson", filters, sort)

    @app.get(
        "/api/events/{event_id}",
        response_model=EventDetail,
        dependencies=[Depends(allow("text"))],
        responses={404: {"description": "No event has this id."}},
        tags=["events"],
    )
    def event_detail(
        event_id: Annotated[
            str,
            PathParam(
                pattern=r"^[A-Za-z0-9_.:\-]{1,128}$",
                description="A merged event's id, or the id of one of its single-article reports.",
            ),
        ],
        text: Annotated[
            bool, Query(description="Include each source's text cut into highlighted segments.")
        ] = True,
    ) -> dict[str, Any]:
        """One merged event, with every source article and where its words are in them."""
        raw = reader.event(event_id)
        if raw is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        record = json.loads(raw)
        known = {s.get("doc_id"): s for s in record.get("sources") or () if isinstance(s, dict)}
        doc_ids = list(dict.fromkeys([*(record.get("doc_ids") or [record.get("doc_id")]), *known]))
        doc_ids = [str(d) for d in doc_ids if d]
        articles = reader.articles(doc_ids)
        texts = {d: str(a["text"]) for d, a in articles.items()}
        marks = highlights(record, texts)
        sources = []
        for doc_id in doc_ids:
            article = articles.get(doc_id) or {}
            meta = known.get(doc_id) or {}
            mine = [m for m in marks if m.doc_id == doc_id]
            source: dict[str, Any] = {
                "doc_id": doc_id,
                "stored": doc_id in articles,
                "title": article.get("title") or meta.get("title"),
                "url": safe_url(article.get("url") or meta.get("url")),
                "source": article.get("source") or meta.get("source"),
                "published": article.get("published") or meta.get("published"),
                "evidence": [
                    e
                    for e in record.get("evidence") or ()
                    if e.get("doc_id", record.get("doc_id")) == doc_id
                ],
                "highlights": [m.json() for m in mine],
            }
            if text and doc_id in texts:
                source["segments"] = segments(texts[doc_id], mine)
            sources.append(source)
        return {
            "event": record,
            "sources": sources,
            "links": {
                "self": f"/api/events/{record['id']}",
                "page": f"/?id={record['id']}",
            },
        }

    @app.get(
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

    @app.get(
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

    @app.get(
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

    @app.get(
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

    app.include_router(router)  # POST /api/extract: extraction, and the one write

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app
