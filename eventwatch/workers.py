"""Extract articles in worker processes, a bounded number in flight, surviving worker deaths.

    for outcome in extract_all(articles, engine="local", workers=2):
        ...  # an `Outcome` per article, in the order they finish

Engines: `inline` (this process), `local` (a process pool), `dask` (a Dask cluster: a
scheduler address, or a local cluster of `workers` processes). Articles go out in chunks
(several per task, so the parser batches them and a Dask task's overhead is shared), at
most `window` chunks in flight, so memory stays flat however large the corpus.

A worker that dies (killed, out of memory, a crash in native code) takes the chunks it
held with it. Those articles become suspects and are retried one at a time, each alone in
flight, on a fresh worker: an innocent article is extracted as usual, and one that kills
its worker again becomes an `Outcome` with `Dropped("worker", ...)`, so the batch goes on.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from traceback import format_exception
from typing import Any, Protocol

from .errors import EventwatchError
from .types import Article, Dropped

ENGINES = ("local", "dask")
# chunks in flight per worker: one running, one queued behind it while the parent writes
WINDOW_PER_WORKER = 2
CHUNK = {"inline": 4, "local": 2, "dask": 8}


@dataclass(frozen=True)
class Outcome:
    """One article's result from a worker: its records as PLOVER dicts, or why none."""

    article: Article
    records: list[dict[str, Any]] = field(default_factory=list)
    dropped: Dropped | None = None


Extractor = Callable[[list[Article]], list[Outcome]]

_PIPELINE = None


def _pipeline():
    """The worker's pipeline, built once per process (the model loads once)."""
    global _PIPELINE
    if _PIPELINE is None:
        from .pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def extract_many(articles: list[Article]) -> list[Outcome]:
    """Extract `articles` in this process; a bad article is an `Outcome` with `dropped`.

    Raises only what stops every article alike (a broken model or ontology)."""
    from .records import to_json

    outcomes = []
    for result in _pipeline().run(articles):
        if result.dropped is not None:
            outcomes.append(Outcome(result.article, dropped=result.dropped))
            continue
        try:
            records = [to_json(r) for r in result.records]
        except Exception as exc:  # noqa: BLE001 - one article's failure, recorded
            dropped = _dropped("records", result.article, exc)
            outcomes.append(Outcome(result.article, dropped=dropped))
        else:
            outcomes.append(Outcome(result.article, records))
    return outcomes


class Engine(Protocol):
    """Where chunks of articles run: submit, wait, and say what a failure means."""

    workers: int

    def submit(self, fn: Extractor, articles: list[Article]) -> Any: ...

    def wait(self, futures: list[Any]) -> set[Any]: ...

    def died(self, exc: BaseException) -> bool:
        """Whether `exc` means the worker died (not that the task raised)."""
        ...

    def recover(self) -> bool:
        """Get ready to run again after a death; True if every future in flight was lost."""
        ...

    def close(self) -> None: ...


class Inline:
    """This process, one chunk at a time (no worker can die apart from this process)."""

    workers = 1

    def submit(self, fn: Extractor, articles: list[Article]) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(articles))
        except Exception as exc:  # noqa: BLE001 - handed to the caller like a worker's error
            future.set_exception(exc)
        return future

    def wait(self, futures: list[Future]) -> set[Future]:
        return set(futures)

    def died(self, exc: BaseException) -> bool:
        return False

    def recover(self) -> bool:
        return False

    def close(self) -> None:
        pass


class Pool:
    """A local process pool (forked, so it starts fast); a fresh one after a worker dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(self.workers, mp_context=context)

    def submit(self, fn: Extractor, articles: list[Article]) -> Future:
        try:
            return self._executor.submit(fn, articles)
        except BrokenProcessPool as exc:  # a worker died since the last wait
            future: Future = Future()
            future.set_exception(exc)
            return future

    def wait(self, futures: list[Future]) -> set[Future]:
        return wait(futures, return_when=FIRST_COMPLETED).done

    def died(self, exc: BaseException) -> bool:
        return isinstance(exc, BrokenProcessPool)

    def recover(self) -> bool:
        # a broken pool fails every future it holds, and takes no more work
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()
        return True

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """Dask workers: at `scheduler`, or a local cluster of `workers` processes."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        from dask.distributed import Client, LocalCluster

        self._cluster = None
        if scheduler is None:
            # a task on a worker that dies fails at once (KilledWorker), not after three
            # more workers (each reloading the model): the suspects' retry sorts them out
            self._cluster = LocalCluster(
                n_workers=max(workers, 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs={"allowed_failures": 0},
            )
        self._client = Client(scheduler or self._cluster)
        self.workers = max(1, len(self._client.scheduler_info()["workers"]) or workers)

    def submit(self, fn: Extractor, articles: list[Article]) -> Any:
        return self._client.submit(fn, articles, pure=False)

    def wait(self, futures: list[Any]) -> set[Any]:
        from dask.distributed import wait as dask_wait

        return set(dask_wait(futures, return_when="FIRST_COMPLETED").done)

    def died(self, exc: BaseException) -> bool:
        from distributed.scheduler import KilledWorker

        return isinstance(exc, KilledWorker)

    def recover(self) -> bool:
        return False  # the nanny restarts a dead worker; other tasks are rescheduled

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def start(engine: str, *, workers: int = 1, scheduler: str | None = None) -> Engine:
    """The engine for `engine` ("local" or "dask") and `workers`."""
    if engine == "dask":
        return DaskCluster(scheduler, workers)
    return Pool(workers) if workers > 1 else Inline()


def extract_all(
    articles: Iterable[Article],
    engine: Engine,
    *,
    chunk: int = 4,
    window: int | None = None,
    extractor: Extractor = extract_many,
) -> Iterator[Outcome]:
    """Yield an `Outcome` for every article, at most `window` chunks in flight.

    Reads `articles` only as work is taken, so a corpus streams through. Raises
    `EventwatchError` (a broken installation), never for one article."""
    window = window or WINDOW_PER_WORKER * engine.workers
    source = iter(articles)
    suspects: deque[Article] = deque()
    in_flight: dict[Any, list[Article]] = {}
    retry = None  # the suspect's future, alone in flight: if its worker dies, it is the cause
    while True:
        if suspects:
            if not in_flight:
                article = suspects.popleft()
                retry = engine.submit(extractor, [article])
                in_flight[retry] = [article]
        else:
            while len(in_flight) < window:
                batch = list(islice(source, chunk))
                if not batch:
                    break
                in_flight[engine.submit(extractor, batch)] = batch
        if not in_flight:
            return
        lost = False
        for future in engine.wait(list(in_flight)):
            batch = in_flight.pop(future)
            try:
                outcomes = future.result()
            except EventwatchError:
                raise
            except Exception as exc:  # noqa: BLE001 - the chunk's articles, retried or failed
                died = engine.died(exc)
                lost = lost or died
                if future is retry:
                    yield Outcome(batch[0], dropped=_worker_failure(batch[0], exc, died))
                else:
                    suspects.extend(batch)
            else:
                yield from outcomes
        if lost and engine.recover():
            for batch in in_flight.values():
                suspects.extend(batch)
            in_flight.clear()


def _worker_failure(article: Article, exc: BaseException, died: bool) -> Dropped:
    if died:
        reason = (
            f"a worker process died with this article in flight, and again when it was "
            f"retried alone ({type(exc).__name__}): likely out of memory or a crash in the "
            f"parser; shorten or drop the article (a re-run of ingest retries it)"
        )
        return Dropped("worker", article.id, reason, _traceback(exc))
    return _dropped("extract", article, exc)


def _dropped(stage: str, article: Article, exc: BaseException) -> Dropped:
    reason = f"{type(exc).__name__}: {exc}"
    return Dropped(stage, article.id, reason, _traceback(exc))


def _traceback(exc: BaseException) -> str:
    return "".join(format_exception(exc))
