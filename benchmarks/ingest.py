"""Articles per second into the store with 1 and 2 local workers and with Dask.

    .venv/bin/python benchmarks/ingest.py [--repeat 10] [--engines local1,local2,dask2]

The corpus is the Voice of America stories in ../shared/datasets/voa (89 stories),
repeated under new ids (10 times: 890 articles). Each engine ingests the whole corpus
into a fresh store in its own process; model loading is included (it is part of a run).
Peak memory is the largest resident set of any one process of the run (ru_maxrss of the
parent and of its children). The load average before and after each run is printed
beside it: on a machine shared with other work, figures under load are not comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa" / "voa_stories.jsonl"
ENGINES = {"local1": ("local", 1), "local2": ("local", 2), "dask2": ("dask", 2)}


def make_corpus(repeat: int, folder: Path) -> Path:
    lines = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line]
    out = folder / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for n in range(repeat):
            for record in lines:
                fh.write(json.dumps({**record, "id": f"{record['id']}-{n}"}) + "\n")
    return out


def run_one(engine: str, workers: int, corpus: Path, db: Path) -> dict:
    from eventwatch.batch import ingest
    from eventwatch.store import Store

    start = time.perf_counter()
    with Store(db) as store:
        summary = ingest([str(corpus)], store=store, engine=engine, workers=workers)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "articles": summary.processed,
        "failed": summary.failed,
        "events": summary.events,
        "seconds": round(seconds, 1),
        "articles_per_s": round(summary.processed / seconds, 2),
        "peak_rss_mb_parent": round(own),
        "peak_rss_mb_worker": round(children),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--engines", default="local1,local2,dask2")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not VOA.exists():
        print(f"skipped: {VOA} is absent (it lives in ../shared beside the repository)")
        return 0
    if args.one:
        engine, workers = ENGINES[args.one]
        print(json.dumps(run_one(engine, workers, args.corpus, args.db)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(args.repeat, Path(tmp))
        results = {}
        for name in args.engines.split(","):
            db = Path(tmp) / f"{name}.db"
            cmd = [
                sys.executable,
                __file__,
                "--one",
                name,
                "--corpus",
                str(corpus),
                "--db",
                str(db),
            ]
            load = os.getloadavg()[0]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            results[name] = json.loads(out.strip().splitlines()[-1])
            results[name]["load"] = f"{load:.1f}-{os.getloadavg()[0]:.1f}"
    base = results.get("local1", {}).get("articles_per_s")
    print(f"{os.cpu_count()} CPUs")
    print(
        f"{'engine':<8} {'articles':>8} {'failed':>6} {'seconds':>8} {'articles/s':>10} "
        f"{'speed-up':>8} {'peak MB/worker':>15} {'load avg':>9}"
    )
    for name, r in results.items():
        speedup = f"{r['articles_per_s'] / base:.2f}x" if base else "-"
        worker_mb = r["peak_rss_mb_worker"] if name != "local1" else r["peak_rss_mb_parent"]
        print(
            f"{name:<8} {r['articles']:>8} {r['failed']:>6} {r['seconds']:>8} "
            f"{r['articles_per_s']:>10} {speedup:>8} {worker_mb:>15} {r['load']:>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
