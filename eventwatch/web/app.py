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

Each group of endpoints is a router of its own: `pages` (/, /docs, /api/meta),
`events` (/api/events and its downloads), `detail` (/api/events/{id}), `aggregations`
(actors, places, timeline, network) and `extract`; `handlers` gives the error answers.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .aggregations import aggregations_router
from .detail import detail_router
from .events import events_router
from .extract import Extractor, extract_router
from .guards import BodyLimit, SecurityHeaders
from .handlers import add_error_handlers
from .pages import STATIC, assets_present, meta_router, page_router
from .reader import Reader
from .settings import WebSettings

__all__ = ["assets_present", "create_app"]


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
    add_error_handlers(app)

    app.include_router(page_router())  # GET / and /docs
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # the order of the API's routes is the order of its OpenAPI document
    app.include_router(meta_router(reader, settings))
    app.include_router(events_router(reader, settings))  # /api/events, .csv, .geojson
    app.include_router(detail_router(reader))  # /api/events/{event_id}
    app.include_router(aggregations_router(reader))
    app.include_router(router)  # POST /api/extract: extraction, and the one write

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app
