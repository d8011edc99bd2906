"""Many articles into the store: read, skip what is stored, extract in workers, write, report.

    summary = ingest(["corpus.jsonl"], store=Store("events.db"), workers=2)

The parent process is the only writer: workers (a local process pool, or Dask workers;
see `workers`) load the model once each and send back PLOVER dicts, a bounded number of
articles in flight. Each article is committed on its own, so an interrupted run loses at
most the articles in flight, and a re-run skips every article already stored with the same
content (the store, keyed by article id and content hash, is the run's manifest).
Unreadable input, articles that fail in a stage or in the store, and an article whose
worker dies (stage `worker`) go to the store's dead-letter table with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from traceback import format_exception

from .corpora import Columns
from .ingest import read_articles
from .settings import Settings
from .store import Store, content_hash
from .types import Article, Dropped
from .workers import CHUNK, ENGINES, Extractor, Outcome, extract_all, extract_many, start

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
    details: list[str] = field(default_factory=list)  # tracebacks of internal errors

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
    extractor: Extractor = extract_many,
) -> Summary:
    """Extract every new article under `paths` into `store`; return what happened.

    `on_result(summary)` is called after each article is stored, skipped or refused.
    Whatever one article does (in reading, extracting, a worker dying, storing), it costs a
    failure row with the stage and the reason, and the batch goes on. `extractor` runs in
    the workers (a test's stand-in for the pipeline)."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: choose {' or '.join(ENGINES)}")
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

    chosen = "inline" if engine == "local" and workers <= 1 else engine
    runner = start(engine, workers=workers, scheduler=scheduler)
    try:
        for outcome in extract_all(todo(), runner, chunk=CHUNK[chosen], extractor=extractor):
            _store(store, summary, outcome)
            if on_result is not None:
                on_result(summary)
    finally:
        runner.close()
    return summary


def _store(store: Store, summary: Summary, outcome: Outcome) -> None:
    article, records = outcome.article, outcome.records
    origin = article.origin or article.id
    if outcome.dropped is not None:
        _fail(store, summary, origin, outcome.dropped.stage, outcome.dropped.reason)
        if outcome.dropped.detail:
            summary.details.append(f"{origin}:\n{outcome.dropped.detail}")
        return
    before = store.stored_hash(article.id)
    try:
        changed = store.add(article, records)
    except Exception as exc:  # noqa: BLE001 - one article's failure, recorded
        _fail(store, summary, origin, "store", f"{type(exc).__name__}: {exc}")
        summary.details.append(f"{origin}:\n{''.join(format_exception(exc))}")
        return
    summary.processed += 1
    if before is not None and before != content_hash(article):
        summary.replaced += changed
        summary.outdated += not changed
    summary.events += len(records) if changed else 0


def _fail(store: Store, summary: Summary, origin: str, stage: str, reason: str) -> None:
    store.add_failure(origin, stage, reason)
    summary.failed += 1
    summary.reasons.append(f"{origin}: {reason}")
