"""The example article, scored by the project's independent referee (shared/tools/score.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json

import pytest

from eventwatch import Article, to_json
from eventwatch.ingest import read_articles

pytestmark = [pytest.mark.model, pytest.mark.shared]

ARTICLE = "corpus/newsweek-2018-01-04-isis-hamas.txt"
GOLD = "gold/newsweek-2018-01-04-isis-hamas.json"


@pytest.fixture(scope="module")
def scored(shared, pipeline):
    spec = importlib.util.spec_from_file_location("referee", shared / "tools" / "score.py")
    referee = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(referee)
    gold = json.loads((shared / GOLD).read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(gold["document"]["published"])
    (article,) = read_articles(str(shared / ARTICLE), published=published)
    assert isinstance(article, Article)
    (result,) = pipeline.run([article])
    predictions = [to_json(r) for r in result.records]
    return referee.score(gold, predictions), predictions


def test_recall_precision_and_negatives(scored):
    score, _ = scored
    assert score["recall"] >= 0.8, score["missed"]
    assert score["precision"] >= 0.8, score["false_positives"]
    assert score["negatives_violated"] == 0


def test_who_did_what_to_whom(scored):
    score, _ = scored
    assert score["strict_recall"] >= 0.8


def test_records_follow_the_output_contract(scored, shared):
    _, predictions = scored
    text = (shared / ARTICLE).read_text(encoding="utf-8")
    for p in predictions:
        assert text[p["text_info"]["start"] : p["text_info"]["end"]] == p["text"]
        for ev in p["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
            assert text[ev["trigger_start"] : ev["trigger_end"]] == ev["event_text"]
        assert p["date_precision"] in ("day", "month", "year", "unknown")
        assert 1 <= p["quad_code"] <= 4
        assert p["doc_id"] == "newsweek-2018-01-04-isis-hamas"


def test_eventwatch_evaluate_counts_precision_as_the_referee_does(scored, shared, pipeline):
    """`eventwatch evaluate -d gold` prints the referee's precision (a duplicate is wrong,
    a record of an optional event neutral), not a more lenient one."""
    from eventwatch.evaluation import gold

    score, _ = scored
    report = gold.evaluate(shared, pipeline, [shared / GOLD])
    metrics = {m.name: m for m in report.metrics}
    assert metrics["precision"].value == score["precision"]
    assert metrics["duplicates (records of an event already matched)"].hits == score["duplicates"]
