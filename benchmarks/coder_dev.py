"""The learned coder's thresholds, judged on the training data's dev share (never on an
evaluation set): the whole pipeline runs on the PLV_train sentences that the model's split
held out, and for each setting of the thresholds it prints the type accuracy of each
sentence's most confident record and the source / target span match on the sentences typed
right (as `eventwatch evaluate` scores PLV_test).

    .venv/bin/python benchmarks/coder_dev.py [--model DIR] [--shared ../shared]

The thresholds the models ship with (`card.json`: `thresholds`; `roles.json`:
`role_thresholds`) are the ones chosen here; the role settings are also scored on the
WikiEvents train pairs the split held out (source and target words found among the
record's actors and recipients).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from eventwatch.evaluation.plv import _names, matches
from eventwatch.learn.data import load_examples, split
from eventwatch.learn.inputs import unmark
from eventwatch.learn.model import MODEL_DIR
from eventwatch.pipeline import Pipeline, Resources
from eventwatch.types import Article

ROOT = Path(__file__).resolve().parents[1]
GRID: list[dict] = [
    {},
    {"retype": 0.7},
    {"retype": 0.8},
    {"retype": 0.9},
    {"retype": 0.5},
    {"retype": 0.0},
    {"main_verbs": True},
    {"main_verbs": True, "retype": 0.5},
    {"main_verbs": True, "retype": 0.5, "open_event": 0.8, "open_type": 0.7},
]
ROLE_GRID: list[dict] = [
    {"keep": 1.1, "take": 1.1, "fill_actor": 1.1, "fill_recipient": 1.1},  # the rules alone
    {"keep": 0.3, "take": 0.5, "fill_actor": 0.5, "fill_recipient": 0.5},
    {"keep": 0.3, "take": 0.5, "fill_actor": 0.5, "fill_recipient": 0.5, "one_event": False},
    {"keep": 0.3, "take": 0.5, "fill_actor": 1.1, "fill_recipient": 0.5},
    {"keep": 0.3, "take": 1.1, "fill_actor": 1.1, "fill_recipient": 0.5},
    {"keep": 0.3, "take": 1.1, "fill_actor": 1.1, "fill_recipient": 0.3},
    {"keep": 0.3, "take": 0.7, "fill_actor": 1.1, "fill_recipient": 0.7},
    {"keep": 0.3, "take": 0.8, "fill_actor": 1.1, "fill_recipient": 0.8},
    {"keep": 0.3, "take": 0.8, "fill_actor": 0.9, "fill_recipient": 0.8},
    {"keep": 0.3, "take": 0.8, "fill_actor": 1.1, "fill_recipient": 1.1},
    {"keep": 0.1, "take": 0.8, "fill_actor": 1.1, "fill_recipient": 0.8},
    {"keep": 0.3, "take": 0.6, "fill_actor": 1.1, "fill_recipient": 0.6},
]


def dev_sentences(shared: Path, card: dict) -> list[dict[str, str]]:
    """The PLV_train rows the model's train/dev split held out."""
    examples = load_examples(shared, ROOT / "training" / "labels", parse=False)
    config = card.get("config", {})
    _, dev = split(examples, config.get("dev_share", 0.1), config.get("seed", 13))
    ids = {ex.source.split(":", 1)[1] for ex in dev if ex.source.startswith("plv:")}
    with (shared / "datasets/plv/PLV_train.tsv").open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [r for r in rows if r["sentence_id"] in ids]


def score(pipeline: Pipeline, rows: list[dict[str, str]]) -> Counter:
    articles = [Article(id=r["sentence_id"], text=r["sentence"]) for r in rows]
    results = {res.article.id: res.records for res in pipeline.run(articles)}
    out: Counter = Counter()
    for r in rows:
        gold = r["gold_root"].replace("YIELD", "CONCEDE")
        records = results.get(r["sentence_id"], ())
        best = max(records, key=lambda x: x.confidence, default=None)
        if best is None:
            out["no record"] += 1
        elif best.event == gold:
            out["right"] += 1
        else:
            out["wrong type"] += 1
        same = [x for x in records if x.event == gold]
        for side, attr in (("source", "actors"), ("target", "recipients")):
            hit = matches(r[side], [n for x in same for n in _names(getattr(x, attr))])
            if same and hit is not None:
                out[f"{side} n"] += 1
                out[f"{side} right"] += int(hit)
    return out


def wiki_pairs(shared: Path, card: dict) -> list[dict[str, str]]:
    """The true WikiEvents train pairs of the sentences the model's split held out."""
    examples = load_examples(shared, ROOT / "training" / "labels", parse=False)
    config = card.get("config", {})
    _, dev = split(examples, config.get("dev_share", 0.1), config.get("seed", 13))
    held = {
        ex.text.replace("[[", "").replace("]]", "")
        for ex in dev
        if ex.source.startswith("wikievents:")
    }
    path = shared / "datasets/wikievents-train-pairs/pairs.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            r
            for r in rows
            if r["gold_binary"] == "1"
            and unmark(r["marked_sentence"])[0] in {unmark(h)[0] for h in held}
        ]


def score_pairs(pipeline: Pipeline, rows: list[dict[str, str]]) -> Counter:
    """Of the true pairs whose trigger is found: source word among the record's actors,
    target word among its recipients."""
    sentences = sorted({r["sentence"] for r in rows})
    articles = [Article(id=str(n), text=t) for n, t in enumerate(sentences)]
    results = {sentences[int(res.article.id)]: res.records for res in pipeline.run(articles)}
    out: Counter = Counter()
    for r in rows:
        word = r["trigger"].lower()
        found = [x for x in results.get(r["sentence"], ()) if word in x.event_text.lower()]
        if not found:
            continue
        out["pairs"] += 1
        for side, attr in (("source", "actors"), ("target", "recipients")):
            gold = r[side].split(":", 1)[1].lower()
            names = [n for x in found for n in _names(getattr(x, attr))]
            out[f"{side} right"] += any(gold in n for n in names)
    return out


def line(counts: Counter, n: int, change: dict) -> str:
    sides = "  ".join(
        f"{side} {counts[f'{side} right'] / max(1, counts[f'{side} n']):.3f}"
        for side in ("source", "target")
    )
    return f"type {counts['right'] / n:.3f}  {sides}  {json.dumps(change)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--quick", action="store_true", help="only the last 4 settings of each grid"
    )
    args = parser.parse_args()
    pipeline = Pipeline(resources=Resources(model_dir=args.model))
    coder = pipeline.resources.coder
    if coder is None:
        raise SystemExit(f"no usable model in {args.model}")
    rows = dev_sentences(args.shared, coder.card)
    pairs = wiki_pairs(args.shared, coder.card)
    print(f"{len(rows)} PLV_train sentences held out from {args.model}")
    # each grid setting replaces the loaded model's thresholds, then the shipped ones return
    settings: list[tuple[object, str, list[dict]]] = [(coder, "thresholds", GRID)]
    if coder.roles is not None:
        settings.append((coder.roles, "limits", ROLE_GRID))
    for model, attr, grid in settings:
        shipped = getattr(model, attr)
        print(f"{attr}, shipped: {shipped}")
        for change in grid[-4:] if args.quick else grid:
            setattr(model, attr, replace(shipped, **change))
            print(line(score(pipeline, rows), len(rows), change))
            if attr == "limits":
                got = score_pairs(pipeline, pairs)
                print(
                    f"    WikiEvents train pairs {got['pairs']} found: source {got['source right']}, target {got['target right']}"
                )
        setattr(model, attr, shipped)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
