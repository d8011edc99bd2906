"""Throughput and peak memory of `extract` beside a bare spaCy `nlp.pipe` on the same texts.

    .venv/bin/python benchmarks/throughput.py [--corpus PATH.jsonl] [--repeat N]

Each mode runs in its own process (so peak RSS is that mode's own), loads the model
first (not timed), then processes every article once. The default corpus is the Voice of
America stories in ../shared/datasets/voa (skipped with a message where it is absent).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa" / "voa_stories.jsonl"


def load_texts(path: Path, repeat: int) -> list[dict]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            text = r.get("text") or " ".join(r.get("tokens", []))
            records.append({"id": str(r.get("id") or r.get("doc_id")), "text": text,
                            "published": r.get("published")})  # fmt: skip
    return records * repeat


def run_mode(mode: str, path: Path, repeat: int) -> dict:
    """Time one mode in this process; return articles/s, words/s and peak RSS."""
    import spacy

    from eventwatch.ingest import parse_published
    from eventwatch.nlp import BATCH_SIZE, MODEL_NAME
    from eventwatch.pipeline import Pipeline
    from eventwatch.types import Article

    records = load_texts(path, repeat)
    articles = [
        Article(id=f"{r['id']}-{n}", text=r["text"], published=parse_published(r["published"]))
        for n, r in enumerate(records)
    ]
    words = sum(len(a.text.split()) for a in articles)
    events = 0
    if mode == "bare":  # the model exactly as shipped, nothing of eventwatch's
        nlp = spacy.load(MODEL_NAME)
        list(nlp.pipe(["warm up"]))
        start = time.perf_counter()
        for _ in nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE):
            pass
    else:
        pipeline = Pipeline()
        list(pipeline.run([Article(id="warm", text="Rebels attacked the town on Monday.")]))
        start = time.perf_counter()
        for result in pipeline.run(articles):
            events += len(result.records)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "articles": len(articles),
        "words": words,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 2),
        "words_per_s": round(words / seconds),
        "events": events,
        "peak_rss_mb": round(peak_mb),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--mode", choices=("bare", "full"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent (it lives in ../shared beside the repository)")
        return 0
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.corpus, args.repeat)))
        return 0
    results = {}
    for mode in ("bare", "full"):
        cmd = [sys.executable, __file__, "--mode", mode, "--corpus", str(args.corpus),
               "--repeat", str(args.repeat)]  # fmt: skip
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results[mode] = json.loads(out.strip().splitlines()[-1])
    bare, full = results["bare"], results["full"]
    print(
        f"corpus: {args.corpus} x{args.repeat}: {bare['articles']} articles, {bare['words']:,} words"
    )
    print(f"{'mode':<6} {'articles/s':>10} {'words/s':>9} {'peak RSS MB':>12} {'events':>7}")
    for r in (bare, full):
        print(
            f"{r['mode']:<6} {r['articles_per_s']:>10} {r['words_per_s']:>9} {r['peak_rss_mb']:>12} {r['events']:>7}"
        )
    print(
        f"full pipeline keeps {full['articles_per_s'] / bare['articles_per_s']:.0%} of the bare parser's throughput"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
