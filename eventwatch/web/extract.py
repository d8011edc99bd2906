"""POST /api/extract: the events of a posted article, stored only when asked and allowed.

Extraction runs on one worker thread (the spaCy pipeline, loaded on first use, is not
shared between threads) and is waited for at most `extract_timeout` seconds. Storing
(`?store=true`) needs `Authorization: Bearer <EVENTWATCH_API_TOKEN>`; without a token in
the settings the server never writes.
"""

import concurrent.futures
import datetime as dt
import hashlib
import hmac
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ..errors import EventwatchError, ModelError
from ..types import Article
from .params import ApiError, allow, safe_url
from .settings import WebSettings

Extractor = Callable[[Article], list[dict[str, Any]]]


class ArticleIn(BaseModel):
    """An article to extract events from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text (plain text).")
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Publication date (YYYY-MM-DD) that relative dates resolve against.",
    )
    url: str | None = Field(default=None, max_length=2048)
    source: str | None = Field(default=None, max_length=200)
    id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_.:\-]{1,128}$",
        description="The article id to store it under (default: a hash of its text).",
    )


class ExtractResult(BaseModel):
    article: dict[str, Any]
    events: list[dict[str, Any]]
    stored: bool
    already_stored: bool


def default_extractor() -> Extractor:
    """The real pipeline, loaded on first use (the spaCy model takes a few seconds)."""
    from ..pipeline import Pipeline
    from ..records import to_json

    pipeline: Pipeline | None = None

    def run(article: Article) -> list[dict[str, Any]]:
        nonlocal pipeline
        if pipeline is None:
            pipeline = Pipeline()
        result = next(pipeline.run([article]))
        if result.dropped is not None:
            raise ApiError(422, f"the article could not be processed: {result.dropped.reason}")
        return [to_json(record) for record in result.records]

    return run


def _check_token(request: Request, token: str | None) -> None:
    """Refuse a request to store unless it carries the server's token (403 when the
    server has none, 401 when it is missing or wrong)."""
    if not token:
        raise ApiError(
            403,
            "writing is disabled on this server; start it with EVENTWATCH_API_TOKEN set "
            "to allow ?store=true",
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "storing needs 'Authorization: Bearer <token>' (the server's EVENTWATCH_API_TOKEN)",
        )
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "the token is wrong")


def _to_article(article_in: ArticleIn) -> Article:
    """The `Article` a posted one stands for, its text checked as ingest checks it."""
    from ..ingest import check_text
    from ..settings import Settings

    text = article_in.text.replace("\r\n", "\n")
    article_id = article_in.id or "api-" + hashlib.sha256(text.encode()).hexdigest()[:16]
    problem = check_text(text, article_id, Settings.from_env())
    if problem is not None:
        raise ApiError(422, f"text: {problem.reason}")
    try:
        published = dt.date.fromisoformat(article_in.published) if article_in.published else None
    except ValueError:
        raise ApiError(422, f"published: {article_in.published!r} is not a date") from None
    title = article_in.title or text.strip().split("\n", 1)[0][:300]
    return Article(
        id=article_id,
        text=text,
        title=title,
        published=published,
        url=article_in.url,
        source=article_in.source,
        origin="POST /api/extract",
    )


def _run_extractor(
    pool: concurrent.futures.ThreadPoolExecutor,
    extract_article: Extractor,
    article: Article,
    timeout: float,
) -> list[dict[str, Any]]:
    """The article's events, extracted on the worker and waited for at most `timeout`
    seconds; a failure is a 503 (the extractor) or a 422 (the article)."""
    future = pool.submit(extract_article, article)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise ApiError(
            503,
            f"extraction took longer than {timeout:g} s; send a shorter article",
        ) from None
    except ModelError as exc:
        raise ApiError(503, f"the extractor cannot run: {exc}") from None
    except EventwatchError as exc:
        raise ApiError(422, f"the article could not be processed: {exc}") from None


def _summarise(article: Article) -> dict[str, Any]:
    """What the answer says of the article: id, title, published, url and source."""
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "url": safe_url(article.url),
        "source": article.source,
    }


def extract_router(
    db: Path, settings: WebSettings, extractor: Extractor | None = None
) -> tuple[APIRouter, concurrent.futures.ThreadPoolExecutor]:
    """The router of POST /api/extract, and the worker it runs the extractor on."""
    router = APIRouter()
    extract_article = extractor or default_extractor()
    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="extract")
    write_lock = threading.Lock()

    def writer_only(request: Request) -> None:
        """Check the token before the body is even looked at, when storing is asked."""
        if request.query_params.get("store", "").strip().lower() in ("1", "true", "on", "yes"):
            _check_token(request, settings.api_token)

    @router.post(
        "/api/extract",
        response_model=ExtractResult,
        dependencies=[Depends(allow("store")), Depends(writer_only)],
        responses={
            401: {"description": "store=true without the right token."},
            403: {"description": "store=true but writing is disabled."},
            413: {"description": "The body is over the size limit."},
            415: {"description": "The body is not JSON."},
        },
        tags=["extract"],
    )
    def extract(
        article_in: ArticleIn,
        store: Annotated[
            bool, Query(description="Also store the article and its events (needs the token).")
        ] = False,
    ) -> dict[str, Any]:
        """The events of a posted article; stored only with `store=true` and the token."""
        article = _to_article(article_in)
        records = _run_extractor(pool, extract_article, article, settings.extract_timeout)
        stored = already = False
        if store:
            from ..store import Store

            with write_lock, Store(db) as writer:
                stored = writer.add(article, records)
            already = not stored
        summary = _summarise(article)
        return {"article": summary, "events": records, "stored": stored, "already_stored": already}

    return router, pool
