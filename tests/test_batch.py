"""Ingesting corpora into the store: idempotent, resumable after a kill, bad input kept."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwatch.batch import ingest
from eventwatch.store import Store

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "eventwatch" / "examples" / "corpus.jsonl"


def corpus(tmp_path: Path, copies: int = 1) -> Path:
    """The bundled example corpus, each article repeated under new ids."""
    records = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]
    out = tmp_path / "corpus.jsonl"
    with out.open("w") as fh:
        for n in range(copies):
            for r in records:
                fh.write(json.dumps({**r, "id": f"{r['id']}-{n}"}) + "\n")
    return out


def test_ingesting_twice_changes_nothing(tmp_path):
    path = corpus(tmp_path)
    with Store(tmp_path / "a.db") as store:
        first = ingest([str(path)], store=store)
        snapshot = store.dump()
        second = ingest([str(path)], store=store)
        assert store.dump() == snapshot
    assert (first.processed, first.skipped, first.failed) == (5, 0, 0)
    assert (second.processed, second.skipped, second.failed, second.events) == (0, 5, 0, 0)
    assert first.events > 20


def test_bad_records_go_to_the_dead_letter_table(tmp_path):
    path = corpus(tmp_path)
    lines = path.read_text().splitlines()
    lines.insert(2, "{broken json")
    lines.insert(4, json.dumps({"id": "empty", "text": "   "}))
    path.write_text("\n".join(lines) + "\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")
    with Store(tmp_path / "b.db") as store:
        summary = ingest([str(path), str(tmp_path / "binary.txt")], store=store)
        failures = {(f["origin"], f["reason"]) for f in store.failures()}
        stored = store.stats()
    assert (summary.processed, summary.failed) == (5, 3)
    assert (
        f"{path}:3",
        "malformed JSON (Expecting property name enclosed in double quotes at column 2)",
    ) in failures
    assert (f"{path}:5", "empty article: nothing to extract") in failures
    assert (
        str(tmp_path / "binary.txt"),
        "binary file, not text; give a .txt, .html or .jsonl file",
    ) in failures
    assert stored["articles"] == 5


def test_two_workers_store_the_same_events_as_one(tmp_path):
    path = corpus(tmp_path)
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        ingest([str(path)], store=one, workers=1)
        ingest([str(path)], store=two, workers=2)
        assert one.dump()["events"] == two.dump()["events"]


def test_dask_local_cluster_stores_the_same_events(tmp_path):
    pytest.importorskip("dask.distributed")
    path = corpus(tmp_path)
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "dask.db") as dask:
        ingest([str(path)], store=one)
        summary = ingest([str(path)], store=dask, engine="dask", workers=2)
        assert summary.processed == 5
        assert one.dump()["events"] == dask.dump()["events"]


def test_a_killed_ingest_resumes_and_stores_every_article_once(tmp_path):
    path = corpus(tmp_path, copies=8)  # 40 articles
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "eventwatch", "ingest", str(path), "--db", str(db)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and stored < 5:
        time.sleep(0.3)
        if db.exists():
            try:
                with sqlite3.connect(db) as con:
                    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 5 <= stored < 40, f"the run was not interrupted midway ({stored} stored)"
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    with sqlite3.connect(db) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles")]
    assert len(ids) == len(set(ids)) == 40


def test_hostile_lines_cost_only_themselves(tmp_path):
    """A number of 5,000 digits, publication dates at the ends of the calendar, half a
    surrogate pair: the good articles before and after are all stored."""
    good = "Rebels attacked an army post near Goma on Sunday."
    lines = [
        json.dumps({"id": "first", "text": good, "published": "2020-03-02"}),
        '{"id": "long", "text": "' + good + '", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "old", "text": good, "published": "0001-01-01"}),
        json.dumps({"id": "late", "text": "Rebels attacked the town last week.", "published": "9999-12-31"}),
        '{"id": "half", "text": "Rebels attacked the town \\ud800 on Sunday."}',
        json.dumps({"id": "last", "text": good, "published": "2020-03-02"}),
    ]  # fmt: skip
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with Store(tmp_path / "h.db") as store:
        summary = ingest([str(path)], store=store)
        failures = [(f["origin"], f["reason"]) for f in store.failures()]
        stored = store.stats()
    assert (summary.processed, summary.failed) == (5, 1)
    assert failures == [(f"{path}:2", "a JSON number too long to read; fix or drop the line")]
    assert stored["articles"] == 5


def test_two_texts_under_one_id_in_a_batch_are_reported(tmp_path):
    first = "Rebels attacked an army post near Goma on Sunday."
    second = "Rebels attacked an army post near Goma on Sunday, killing four soldiers."
    lines = [
        json.dumps({"id": "goma", "text": first, "published": "2020-03-02"}),
        json.dumps({"id": "goma", "text": second, "published": "2020-03-03"}),
    ]
    path = tmp_path / "twice.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with Store(tmp_path / "t.db") as store:
        summary = ingest([str(path)], store=store)
        versions = store.versions("goma")
        stored = store.stats()
    assert (summary.processed, summary.replaced, summary.outdated) == (2, 1, 0)
    assert "(1 replaced an earlier text of the same id, 0 older" in summary.line()
    assert len(versions) == 1 and versions[0]["published"] == "2020-03-02"
    assert stored["articles"] == 1


def test_a_store_failure_costs_one_article(tmp_path, monkeypatch):
    good = "Rebels attacked an army post near Goma on Sunday."
    lines = [json.dumps({"id": name, "text": good}) for name in ("a", "b", "c")]
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with Store(tmp_path / "s.db") as store:
        add = store.add

        def flaky(article, records):
            if article.id == "b":
                raise RuntimeError("disk hiccup")
            return add(article, records)

        monkeypatch.setattr(store, "add", flaky)
        summary = ingest([str(path)], store=store)
        failures = [(f["origin"], f["stage"], f["reason"]) for f in store.failures()]
        stored = store.stats()
    assert (summary.processed, summary.failed) == (2, 1)
    assert failures == [(f"{path}:2", "store", "RuntimeError: disk hiccup")]
    assert stored["articles"] == 2
