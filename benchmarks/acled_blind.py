"""ACLED sub-event types on sentences nobody on the team wrote the rules from.

Two sets of 200 invented news sentences and ACLED-note-style lines, each reporting one
event, labelled with ACLED's event and sub-event type by readers who had not seen the code
or the lexicons (helpers given only the codebook's 25 sub-types), written apart:
`data/acled_dev.tsv` is for looking at errors and choosing words; `data/acled_blind.tsv`
is the test set: nobody reads its errors, and no rule, lexicon word or threshold is
tuned on it (`--errors` refuses it).

Each sentence is coded on its own; its label is the ACLED sub-type of its most confident
record that has one ("none" when no record has one). Prints accuracy, weighted F1 (the
CASE 2021 measure) and, with `--errors`, every miss.

    .venv/bin/python benchmarks/acled_blind.py            # the test set
    .venv/bin/python benchmarks/acled_blind.py --dev --errors
    EVENTWATCH_CODER=rules .venv/bin/python benchmarks/acled_blind.py
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from eventwatch import Article, Pipeline

DATA = Path(__file__).parent / "data"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def predict(rows: list[dict[str, str]], pipeline: Pipeline | None = None) -> list[str]:
    """Each sentence's label: its most confident record's ACLED sub-type, or "none"."""
    articles = [Article(id=str(i), text=row["text"]) for i, row in enumerate(rows)]
    out = []
    for result in (pipeline or Pipeline()).run(articles):
        coded = [r for r in result.records if r.acled_sub_event_type]
        best = max(coded, key=lambda r: r.confidence, default=None)
        out.append(best.acled_sub_event_type if best else "none")
    return out


def weighted_f1(gold: list[str], pred: list[str]) -> float:
    support = Counter(gold)
    total = 0.0
    for label, n in support.items():
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        predicted = sum(p == label for p in pred)
        precision = tp / predicted if predicted else 0.0
        recall = tp / n
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        total += f1 * n
    return total / len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", action="store_true", help="the dev set, not the test set")
    parser.add_argument("--errors", action="store_true", help="print every miss (dev only)")
    args = parser.parse_args()
    if args.errors and not args.dev:
        parser.error("--errors reads the misses: only on the dev set (--dev)")
    rows = read(DATA / ("acled_dev.tsv" if args.dev else "acled_blind.tsv"))
    gold = [row["acled_sub_event_type"] for row in rows]
    pred = predict(rows)
    right = sum(g == p for g, p in zip(gold, pred, strict=True))
    types = {row["acled_sub_event_type"]: row["acled_event_type"] for row in rows}
    same_type = sum(types.get(p) == types[g] for g, p in zip(gold, pred, strict=True))
    print(f"sentences: {len(rows)}")
    print(f"sub-event type accuracy: {right / len(rows):.3f} ({right}/{len(rows)})")
    print(f"sub-event type weighted F1: {weighted_f1(gold, pred):.3f}")
    print(f"event type accuracy: {same_type / len(rows):.3f}")
    print(f"no ACLED type at all: {pred.count('none')}")
    if args.errors:
        for row, p in zip(rows, pred, strict=True):
            if p != row["acled_sub_event_type"]:
                print(f"{row['acled_sub_event_type']} <- {p} | {row['text'][:150]}")


if __name__ == "__main__":
    main()
