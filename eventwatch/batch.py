"""Many articles into the store: read, skip what is stored, extract in workers, write, report.

    summary = ingest(["corpus.jsonl"], store=Store("events.db"), workers=2)

The parent process is the only writer: workers (a local process pool, or Dask workers
given a scheduler) load the model once each and send back PLOVER dicts. Each article is
committed on its own, so an interrupted run loses at most the articles in flight, and a
re-run skips every article already stored with the same content (the store, keyed by
article id and content hash, is the run's manifest). Unreadable input and articles that
fail in a stage go to the store's dead-letter table with the reason.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .corpora import Columns
from .ingest import read_articles
from .settings import Settings
from .store import Store, content_hash
from .types import Article, Dropped

Outcome = tuple[Article, list[dict[str, Any]], str | None, str | None]  # records, stage, reason
ENGINES = ("local", "dask")
# Each worker process loads the model first (about 5 s on one core), so a worker beyond the
# first pays off only over enough articles: on 2 cores, 10 articles took 10.6 s with one
# worker and 17.9 s with two, 30 took 25.9 s and 27.3 s, 60 took 57.2 s and 28.6 s.
MIN_ARTICLES_PER_WORKER = 20


@dataclass
class Summary:
    read: int = 0
    processed: int = 0
    skipped: int = 0  # already stored with the same content
    failed: int = 0
    events: int = 0
    replaced: int = 0  # another text under a stored id, which it replaced
    outdated: int = 0  # another text under a stored id, published before it: kept aside
    reasons: list[str] = field(default_factory=list)

    def line(self) -> str:
        versions = ""
        if self.replaced or self.outdated:
            versions = (
                f" ({self.replaced} replaced an earlier text of the same id, "
                f"{self.outdated} older than the stored text kept aside)"
            )
        return (
            f"{self.processed} processed, {self.skipped} skipped as already stored, "
            f"{self.failed} failed, {self.events} events{versions}"
        )


def useful_workers(articles: int, workers: int) -> int:
    """How many of `workers` local processes pay off for `articles` (at least one)."""
    return max(1, min(workers, articles // MIN_ARTICLES_PER_WORKER))


_PIPELINE = None


def _pipeline():
    """The worker's pipeline, built once per process (the model loads once)."""
    global _PIPELINE
    if _PIPELINE is None:
        from .pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def process(article: Article) -> Outcome:
    """Extract one article in this process; never raises for a bad article."""
    from .records import to_json

    (result,) = _pipeline().run([article])
    if result.dropped is not None:
        return article, [], result.dropped.stage, result.dropped.reason
    return article, [to_json(r) for r in result.records], None, None


def process_batch(articles: list[Article]) -> list[Outcome]:
    return [process(a) for a in articles]


def _local(articles: Iterable[Article], workers: int) -> Iterator[Outcome]:
    if workers <= 1:
        yield from map(process, articles)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(process, articles, chunksize=2)


def _dask(articles: Iterable[Article], scheduler: str | None, workers: int) -> Iterator[Outcome]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True)
    client = Client(scheduler or cluster)
    try:
        batch: list[Article] = []
        futures = []
        for article in articles:
            batch.append(article)
            if len(batch) == 8:
                futures.append(client.submit(process_batch, batch, pure=False))
                batch = []
        if batch:
            futures.append(client.submit(process_batch, batch, pure=False))
        for future in as_completed(futures):
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ingest(
    paths: Iterable[str],
    *,
    store: Store,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    published: dt.date | None = None,
    settings: Settings | None = None,
    columns: Columns | None = None,
    on_result: Callable[[Summary], None] | None = None,
) -> Summary:
    """Extract every new article under `paths` into `store`; return what happened.

    `on_result(summary)` is called after each article is stored, skipped or refused."""
    summary = Summary()

    def todo() -> Iterator[Article]:
        for path in paths:
            for item in read_articles(
                path, published=published, settings=settings, columns=columns
            ):
                summary.read += 1
                if isinstance(item, Dropped):
                    _fail(store, summary, item.id, item.stage, item.reason)
                elif store.has(item.id, content_hash(item)):
                    summary.skipped += 1
                else:
                    yield item
                    continue
                if on_result is not None:
                    on_result(summary)

    outcomes = _dask(todo(), scheduler, workers) if engine == "dask" else _local(todo(), workers)
    for article, records, stage, reason in outcomes:
        if reason is not None:
            _fail(store, summary, article.origin or article.id, stage or "extract", reason)
        else:
            before = store.stored_hash(article.id)
            try:
                changed = store.add(article, records)
            except Exception as exc:  # noqa: BLE001 - one article's failure, recorded
                reason = f"{type(exc).__name__}: {exc}"
                _fail(store, summary, article.origin or article.id, "store", reason)
            else:
                summary.processed += 1
                if before is not None and before != content_hash(article):
                    summary.replaced += changed
                    summary.outdated += not changed
                summary.events += len(records) if changed else 0
        if on_result is not None:
            on_result(summary)
    return summary


def _fail(store: Store, summary: Summary, origin: str, stage: str, reason: str) -> None:
    store.add_failure(origin, stage, reason)
    summary.failed += 1
    summary.reasons.append(f"{origin}: {reason}")
