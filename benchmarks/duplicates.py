"""Likely duplicates: one real event told as several records of one article.

    .venv/bin/python benchmarks/duplicates.py [--show N]

Runs the pipeline on the 89 VOA stories (`../shared/datasets/voa`) and counts, per
article, the pairs of records that are likely one event: the same PLOVER type, evidence
sentences at most two sentences apart (the lead and the toll told after it), and nothing
that tells them apart — not two different named actors, not two different death tolls,
not two dates that cannot overlap. It is a proxy (no reader has judged the pairs), made to
compare versions of the code: a merge that joins one event's reports lowers it, a split
raises it. `--show N` prints N pairs for a reader.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from pathlib import Path

VOA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa" / "voa_stories.jsonl"
NEAR = 2  # sentences


def articles():
    from eventwatch.types import Article

    for line in VOA.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        published = dt.date.fromisoformat(r["published"][:10]) if r.get("published") else None
        text = f"{r['title']}\n{r['text']}" if r.get("title") else r["text"]
        yield Article(id=str(r["id"]), text=text, title=r.get("title"), published=published)


def likely_same(a, b, sentence_of) -> bool:
    """Two records of one article that nothing tells apart, told close together."""
    if a.event != b.event:
        return False
    near = min(
        abs(sentence_of(x.span.start) - sentence_of(y.span.start))
        for x in a.evidence
        for y in b.evidence
    )
    if near > NEAR:
        return False
    names_a = {e.identifier_text or e.entity_text for e in a.actors if e.entity_text}
    names_b = {e.identifier_text or e.entity_text for e in b.actors if e.entity_text}
    if names_a and names_b and not names_a & names_b:
        return False
    dead_a, dead_b = a.size.dead, b.size.dead
    if dead_a and dead_b and dead_a.value != dead_b.value:
        return False
    return a.date.overlaps(b.date)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print N likely duplicate pairs")
    args = parser.parse_args()
    if not VOA.is_file():
        print(f"{VOA} is missing: the measure runs on the VOA corpus in ../shared", file=sys.stderr)
        return 1
    from eventwatch import nlp
    from eventwatch.pipeline import Pipeline

    docs = list(articles())
    pipeline = Pipeline()
    records = pairs = 0
    shown = []
    for article, result in zip(docs, pipeline.run(docs), strict=True):
        starts = [s.span.start for s in nlp.parse(article).sentences]

        def sentence_of(offset: int, starts=starts) -> int:
            return sum(1 for s in starts if s <= offset) - 1

        records += len(result.records)
        for a, b in itertools.combinations(result.records, 2):
            if likely_same(a, b, sentence_of):
                pairs += 1
                shown.append((a, b))
    print(f"{len(docs)} articles, {records} records ({records / len(docs):.2f} per article)")
    print(f"likely duplicate pairs: {pairs} ({pairs / len(docs):.2f} per article)")
    for a, b in shown[: args.show]:
        print(f"- {a.event}: {a.evidence[0].text[:120]!r}\n  {b.evidence[0].text[:120]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
