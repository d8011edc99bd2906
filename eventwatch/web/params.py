"""Query parameters shared by the endpoints: checked once, refused with a clear 422.

Every endpoint lists the parameters it takes (`allow`), so a typo such as `evnt=ASSAULT`
is refused rather than silently ignored; the event filters are the store's own
(`Filters.of`), so the API selects exactly what `eventwatch query` selects.
"""

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Query, Request
from starlette.exceptions import HTTPException

from ..errors import QueryError
from ..store.query import Filters

FILTER_PARAMS = ("start", "end", "country", "actor", "event", "text")


class ApiError(HTTPException):
    """A 4xx/5xx answer with a one-line `detail` that says what to change."""


def ontology_types() -> dict[str, int]:
    """The PLOVER event types and their quad classes, from the bundled ontology."""
    from ..ontology import load_ontology

    return {name: t.quad for name, t in sorted(load_ontology().types.items())}


def allow(*names: str) -> Callable[[Request], None]:
    """A dependency refusing query parameters the endpoint does not know (typos)."""
    known = frozenset(names)

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ApiError(
                422,
                f"unknown query parameter {', '.join(map(repr, unknown))}; "
                f"this endpoint takes {', '.join(sorted(known)) or 'none'}",
            )
        repeated = sorted(
            k for k in set(request.query_params) if len(request.query_params.getlist(k)) > 1
        )
        if repeated:
            raise ApiError(422, f"parameter {', '.join(map(repr, repeated))} given more than once")

    return check


def event_filters(
    start: Annotated[
        str | None,
        Query(
            description="Events whose date range ends on or after this day (YYYY-MM-DD).",
            max_length=10,
        ),
    ] = None,
    end: Annotated[
        str | None,
        Query(
            description="Events whose date range starts on or before this day (YYYY-MM-DD).",
            max_length=10,
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            description="ISO 3166-1 alpha-3 code of the event's country, e.g. PAK.", max_length=3
        ),
    ] = None,
    actor: Annotated[
        str | None,
        Query(description="Actor or recipient: a Wikidata id, or part of a name.", max_length=200),
    ] = None,
    event: Annotated[
        str | None, Query(description="PLOVER event type, e.g. ASSAULT.", max_length=20)
    ] = None,
    text: Annotated[
        str | None,
        Query(description="Words that must all occur in an evidence sentence.", max_length=500),
    ] = None,
) -> Filters:
    """The store's query filters, checked by the store's own rules."""
    if event is not None and event.strip():
        types = ontology_types()
        if event.strip().upper() not in types:
            raise ApiError(
                422, f"event: {event!r} is not a PLOVER type; use one of {', '.join(types)}"
            )
    try:
        return Filters.of(start or None, end or None, country or None, actor, event, text or None)
    except QueryError as exc:
        raise ApiError(422, str(exc)) from None


FilterDep = Annotated[Filters, Depends(event_filters)]


def with_page(filters: Filters, limit: int, offset: int) -> Filters:
    return dataclasses.replace(filters, limit=limit, offset=offset)


def query_string(filters: Filters, **extra: Any) -> str:
    values = {name: getattr(filters, name) for name in FILTER_PARAMS}
    values.update(extra)
    return urlencode({k: v for k, v in values.items() if v is not None and v != ""})


def safe_url(url: Any) -> str | None:
    """The URL if it is an http(s) link, else None (never a `javascript:` one)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None
