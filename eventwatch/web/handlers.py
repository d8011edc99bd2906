"""The API's error answers: each one JSON with a one-line `detail` that says what to do.

A bad parameter or body is a 422 that names it (a POST that is not JSON a 415), a query
past the time limit a 503 with `Retry-After`, an aggregation over its limit a 422, and
a failing store a 500.
"""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ..errors import StoreError
from .reader import QueryTimeout, TooMany


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


async def _timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "1"})


async def _too_many(request: Request, exc: TooMany) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=422)


async def _store(request: Request, exc: StoreError) -> JSONResponse:
    return JSONResponse({"detail": f"the event store failed: {exc.problem}"}, status_code=500)


def add_error_handlers(app: FastAPI) -> None:
    """Answer invalid requests, slow queries, oversized aggregations and store failures."""
    # the decorator, not add_exception_handler: its type takes a handler of any Exception
    app.exception_handler(RequestValidationError)(_invalid)
    app.exception_handler(QueryTimeout)(_timeout)
    app.exception_handler(TooMany)(_too_many)
    app.exception_handler(StoreError)(_store)
