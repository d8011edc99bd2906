"""GET /api/events/{id}: one merged event, its source articles and where its words are.

Each source is an article the event cites, stored or not; a stored one carries the
event's highlights in its text (`highlight.highlights`) and, unless `text=false`, the
text itself cut into highlighted segments.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from pydantic import BaseModel

from .highlight import highlights, segments
from .params import ApiError, allow, safe_url
from .reader import Reader


class EventDetail(BaseModel):
    event: dict[str, Any]
    sources: list[dict[str, Any]]
    links: dict[str, str]


def detail_router(reader: Reader) -> APIRouter:
    """GET /api/events/{event_id} over `reader`."""
    router = APIRouter()

    @router.get(
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
        return {
            "event": record,
            "sources": _sources(reader, record, text=text),
            "links": {
                "self": f"/api/events/{record['id']}",
                "page": f"/?id={record['id']}",
            },
        }

    return router


def _sources(reader: Reader, record: dict[str, Any], *, text: bool) -> list[dict[str, Any]]:
    """Every article the event cites, in its order: what the store (or else the record)
    says of it, its evidence, its highlights and, with `text`, its highlighted text."""
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
    return sources
