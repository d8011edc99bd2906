"""The learned coder's own scores, as measured when it was trained (its model card): the
dev share held out from its training data, and the 10-fold cross-validation of its recipe
over all of it (`eventwatch train --folds 10`). Nothing is run here."""

from __future__ import annotations

import json
from pathlib import Path

from ..learn.model import MODEL_DIR
from ..pipeline import Pipeline
from . import Report

HEADS = ("event_accuracy", "plover_accuracy", "acled_accuracy")


def evaluate(shared: Path, pipeline: Pipeline) -> Report:
    try:  # the card alone: no need to load the model to read its scores
        card = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Report(f"learned coder: no readable model card ({exc})", 0)
    examples = (card.get("cross_validation") or {}).get("event_accuracy_n", 0)
    report = Report(f"learned coder {card.get('version', '?')}, training examples", examples)
    for part, title in (("dev", "dev share"), ("cross_validation", "10-fold CV")):
        scores = card.get(part) or {}
        for head in HEADS:
            n = scores.get(f"{head}_n")
            value = scores.get(head)
            if n and value is not None:
                report.add(f"{title}: {head.replace('_', ' ')}", round(value * n), n)
    return report
