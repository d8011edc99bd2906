"""Whole annotated articles (`shared/gold/*.json`), scored by the team's referee itself.

The referee (`shared/tools/score.py`) is loaded from the shared folder rather than
re-implemented, so this evaluation cannot be more lenient than the judge.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from ..ingest import read_articles
from ..pipeline import Pipeline
from ..records import to_json
from ..types import Article
from . import Report


def referee(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eventwatch_referee", shared / "tools" / "score.py"
    )
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_golds(shared: Path, files: list[Path]) -> tuple[list[dict], list[Article]]:
    """Each gold file with the article it annotates, dated as the gold says."""
    golds, articles = [], []
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        published = dt.date.fromisoformat(gold["document"]["published"])
        (article,) = read_articles(str(shared / gold["document"]["path"]), published=published)
        if not isinstance(article, Article):
            raise ValueError(f"{path}: cannot read its article: {article}")
        golds.append(gold)
        articles.append(article)
    return golds, articles


def evaluate(shared: Path, pipeline: Pipeline, files: list[Path] | None = None) -> Report:
    judge = referee(shared)
    files = files or sorted((shared / "gold").glob("*.json"))
    report = Report("gold articles", len(files))
    totals = {"found": 0, "required": 0, "preds": 0, "matched": 0, "strict": 0, "neg": 0,
              "dups": 0}  # fmt: skip
    fields: dict[str, list[int]] = {}
    golds, articles = read_golds(shared, files)
    # one run over all of them: its caller sees the whole count at once (a progress total)
    for gold, result in zip(golds, pipeline.run(articles), strict=True):
        score = judge.score(gold, [to_json(r) for r in result.records])
        totals["found"] += score["required_found"]
        totals["required"] += score["required"]
        # the referee's precision: predictions of required events over scored predictions
        # (a record of an optional event is neutral; a second record of an event is wrong)
        totals["preds"] += score["scored_predictions"]
        totals["matched"] += round(score["precision"] * score["scored_predictions"])
        totals["dups"] += score["duplicates"]
        totals["strict"] += round(score["strict_recall"] * score["required"])
        totals["neg"] += score["negatives_violated"]
        for name, frac in score["fields"].items():
            ok, n = (int(x) for x in frac.split("/"))
            acc = fields.setdefault(name, [0, 0])
            acc[0] += ok
            acc[1] += n
    report.add("recall (required events)", totals["found"], totals["required"])
    report.add("strict recall (who did what to whom)", totals["strict"], totals["required"])
    report.add("precision", totals["matched"], totals["preds"])
    report.add("duplicates (records of an event already matched)", totals["dups"], totals["preds"])
    report.add("negatives violated", totals["neg"], 0, "must be 0")
    for name, (ok, n) in fields.items():
        report.add(f"field: {name}", ok, n)
    return report
