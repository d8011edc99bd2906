"""The page and what it starts from: GET /, the API docs at /docs, and GET /api/meta.

The page's npm libraries (Leaflet, Cytoscape, vis-timeline, world-atlas, Swagger UI)
are copied into `static/vendor` by scripts/setup-web.sh; `assets_present` says whether
they were, and /docs falls back to the CDN's Swagger UI where they were not.
"""

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from .params import allow, ontology_types
from .reader import INTERVALS, Reader
from .settings import WebSettings

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"


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


def page_router() -> APIRouter:
    """GET / (the page) and GET /docs (Swagger UI, from the vendored files when present)."""
    router = APIRouter()

    @router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @router.get("/docs", include_in_schema=False)
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

    return router


def meta_router(reader: Reader, settings: WebSettings) -> APIRouter:
    """GET /api/meta: what the page reads first (types, store counts, limits, assets)."""
    router = APIRouter()

    @router.get("/api/meta", dependencies=[Depends(allow())], tags=["store"])
    def meta() -> dict[str, Any]:
        """PLOVER types (with quad classes), what the store holds, and the server's limits."""
        return {
            "types": ontology_types(),
            "store": reader.stats(),
            "settings": settings.public(),
            "intervals": list(INTERVALS),
            "assets": assets_present(),
        }

    return router
