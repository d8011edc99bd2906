"""Workers: a bounded number of articles in flight, and a worker's death costs one article.

A stand-in extractor replaces the pipeline, so no model loads and each test takes seconds.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from eventwatch.batch import ingest
from eventwatch.store import Store
from eventwatch.types import Article, Dropped
from eventwatch.workers import Inline, Outcome, Pool, extract_all

WORKER_DIED = (
    "a worker process died with this article in flight, and again when it was retried "
    "alone ({}): likely out of memory or a crash in the parser; shorten or drop the "
    "article (a re-run of ingest retries it)"
)


def fake_extract(articles: list[Article]) -> list[Outcome]:
    """No events for any article; `bomb*` kills its worker, `bad` raises, `odd` is dropped."""
    outcomes = []
    for article in articles:
        if article.id.startswith("bomb"):
            os._exit(1)
        if article.id == "bad":
            raise RuntimeError("not an article for this stand-in")
        dropped = Dropped("events", article.id, "odd one out") if article.id == "odd" else None
        outcomes.append(Outcome(article, dropped=dropped))
    return outcomes


def write_corpus(tmp_path: Path, ids: list[str], name: str = "corpus.jsonl") -> Path:
    path = tmp_path / name
    text = "Rebels attacked an army post near Goma on Sunday."
    path.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in ids))
    return path


def run(tmp_path: Path, ids: list[str], **options):
    path = write_corpus(tmp_path, ids)
    with Store(tmp_path / "w.db") as store:
        summary = ingest([str(path)], store=store, extractor=fake_extract, **options)
        failures = [(f["origin"], f["stage"], f["reason"]) for f in store.failures()]
        stored = store.stats()["articles"]
    return path, summary, failures, stored


IDS = [f"a{n}" for n in range(12)]


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_that_raises_in_the_worker_costs_only_itself(tmp_path, workers):
    ids = [*IDS[:5], "bad", *IDS[5:]]
    path, summary, failures, stored = run(tmp_path, ids, workers=workers)
    assert (summary.read, summary.processed, summary.failed) == (13, 12, 1)
    assert failures == [(f"{path}:6", "extract", "RuntimeError: not an article for this stand-in")]
    assert stored == 12
    assert "RuntimeError: not an article" in summary.details[0]
    assert "Traceback" in summary.details[0]


def test_a_dropped_article_keeps_its_stage(tmp_path):
    path, summary, failures, stored = run(tmp_path, ["a", "odd", "b"])
    assert failures == [(f"{path}:2", "events", "odd one out")]
    assert (summary.processed, summary.failed, stored) == (2, 1, 2)


def test_a_local_worker_that_dies_costs_only_its_article(tmp_path):
    ids = [*IDS[:5], "bomb", *IDS[5:]]
    path, summary, failures, stored = run(tmp_path, ids, workers=2)
    assert (summary.read, summary.processed, summary.failed) == (13, 12, 1)
    assert failures == [(f"{path}:6", "worker", WORKER_DIED.format("BrokenProcessPool"))]
    assert stored == 12


def test_two_deaths_in_one_run_cost_two_articles(tmp_path):
    ids = ["bomb1", *IDS[:6], "bomb2", *IDS[6:]]
    path, summary, failures, stored = run(tmp_path, ids, workers=2)
    assert sorted(f[:2] for f in failures) == [(f"{path}:1", "worker"), (f"{path}:8", "worker")]
    assert (summary.read, summary.processed, summary.failed, stored) == (14, 12, 2, 12)


def test_a_death_harms_nothing_already_stored(tmp_path):
    path = write_corpus(tmp_path, IDS)
    more = write_corpus(tmp_path, ["x", "bomb", "y"], name="more.jsonl")
    with Store(tmp_path / "w.db") as store:
        ingest([str(path)], store=store, extractor=fake_extract)
        before = store.dump()["articles"]
        summary = ingest([str(path), str(more)], store=store, workers=2, extractor=fake_extract)
        after = store.dump()["articles"]
    assert (summary.skipped, summary.processed, summary.failed) == (12, 2, 1)
    assert [row for row in after if row[0] in IDS] == before
    assert sorted(row[0] for row in after if row[0] not in IDS) == ["x", "y"]


class Counting:
    """Articles drawn from a source, to see how far ahead of the results a run reads."""

    def __init__(self, n: int) -> None:
        self.n, self.drawn = n, 0

    def __iter__(self):
        for i in range(self.n):
            self.drawn += 1
            yield Article(id=f"a{i}", text="Rebels attacked.")


@pytest.mark.parametrize("engine", [Inline, lambda: Pool(2)])
def test_a_run_reads_only_a_window_ahead(engine):
    source, runner = Counting(200), engine()
    ahead, done = 0, 0
    try:
        for _ in extract_all(source, runner, chunk=3, window=4, extractor=fake_extract):
            done += 1
            ahead = max(ahead, source.drawn - done)
    finally:
        runner.close()
    assert done == 200
    assert ahead <= 4 * 3


def test_a_dask_worker_that_dies_costs_only_its_article(tmp_path):
    pytest.importorskip("dask.distributed")
    import cloudpickle

    # the Dask workers are fresh processes: send them the stand-in itself
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        ids = [*IDS[:5], "bomb", *IDS[5:]]
        path, summary, failures, stored = run(tmp_path, ids, engine="dask", workers=2)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert (summary.read, summary.processed, summary.failed) == (13, 12, 1)
    assert failures == [(f"{path}:6", "worker", WORKER_DIED.format("KilledWorker"))]
    assert stored == 12
