"""Pronouns and bare counts name no one: never a network node; an unresolved pronoun is
never a record's actor either.

Case tables over the word rule (`eventwatch.actors.named`), the page's network
(`build_network`) and the GEXF/GraphML graph (`build_graph`) run without spaCy; two
model-backed sentences check what the pipeline keeps.
"""

from __future__ import annotations

from typing import Any

import pytest

from eventwatch.actors.named import names_someone, network_name, unnamed
from eventwatch.web.reader import build_network


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("her", "a pronoun"),
        ("He", "a pronoun"),
        ("them", "a pronoun"),
        ("someone", "a pronoun"),
        ("18", "a bare number"),
        ("1,200", "a bare number"),
        ("at least 12", "a bare number"),
        ("dozens", "a bare number"),
        ("four others", "a count of people"),
        ("two people", "a count of people"),
        ("at least 12 people", "a count of people"),
        ("hundreds of people", "a count of people"),
        ("one of them", "a count of people"),
        ("11 coal miners", "a counted description"),
        ("more than 270 schoolgirls", "a counted description"),
        ("people", "no one named"),
        ("others", "a pronoun"),
        ("", "no name"),
        # names, and descriptions with a type, stay
        ("Hamas", None),
        ("US", None),  # an acronym, not "us"
        ("G7", None),
        ("police officers", None),
        ("Taliban fighters", None),
        ("at least 50 al-Shabab militants", None),
        ("two Hamas leaders", None),
        ("the group of 18", None),
        ("Jaffar Express", None),
    ],
)
def test_words_that_name_no_one(text: str, reason: str | None) -> None:
    assert unnamed(text) == reason


@pytest.mark.parametrize(
    ("text", "found", "kept"),
    [
        ("her", {}, False),
        ("They", {}, False),
        ("", {}, False),
        ("him", {"identifier_id": "Q22686"}, True),  # resolved through the knowledge base
        ("they", {"code": "AFG"}, True),
        # counts name the victims as the text does (WikiEvents' Victim): kept in records
        ("18", {}, True),
        ("four others", {}, True),
        ("two people", {"sector": "CVL"}, True),
        ("Zorgon Liberation Front", {}, True),
    ],
)
def test_a_record_drops_a_pronoun_nothing_resolved(
    text: str, found: dict[str, str], kept: bool
) -> None:
    fields = {"identifier_id": None, "code": None, "sector": None, **found}
    assert names_someone(text, **fields) is kept


@pytest.mark.parametrize(
    ("entity", "node"),
    [
        ({"entity_text": "her", "identifier_text": "her"}, None),
        ({"entity_text": "18", "identifier_text": "18"}, None),
        ({"entity_text": "four others", "identifier_text": "four others"}, None),
        ({"entity_text": "two people", "identifier_text": "two people", "code": "PAK"}, None),
        ({"entity_text": "he", "identifier_text": "Donald Trump", "identifier_id": "Q22686"},
         "Donald Trump"),
        ({"entity_text": "He", "identifier_text": "Joseph"}, "Joseph"),
        ({"entity_text": "police officers", "identifier_text": "police officers"},
         "police officers"),
    ],
)  # fmt: skip
def test_network_name(entity: dict[str, Any], node: str | None) -> None:
    assert network_name(entity) == node


def _row(actor: str, recipient: str, n: int = 1, ida: str | None = None) -> tuple[Any, ...]:
    """A row as the reader's network query returns it."""
    return (ida or actor.lower(), recipient.lower(), "ASSAULT", n, actor, recipient, ida,
            None, None, None, None, None)  # fmt: skip


def test_the_page_network_never_draws_a_pronoun_or_a_count() -> None:
    rows = [
        _row("Taliban", "police officers", 2, "Q42418"),
        _row("Taliban", "18", 1, "Q42418"),
        _row("Taliban", "four others", 1, "Q42418"),
        _row("her", "Hamas"),
        _row("Israel", "two people", 3, "Q801"),
        _row("Israel", "Hamas", 1, "Q801"),
    ]
    graph = build_network(rows, max_nodes=50, min_weight=1)
    labels = {node["label"] for node in graph["nodes"]}
    assert labels == {"Taliban", "police officers", "Israel", "Hamas"}
    assert {(e["source"], e["target"]) for e in graph["edges"]} == {
        ("Q42418", "police officers"),
        ("Q801", "hamas"),
    }


def test_the_exported_graph_never_holds_a_pronoun_or_a_count() -> None:
    pytest.importorskip("networkx", reason="networkx is not installed")
    from eventwatch.export.graph import build_graph

    def entity(text: str, **extra: Any) -> dict[str, Any]:
        return {"entity_text": text, "identifier_text": text, **extra}

    records = [
        {"id": "a", "event": "ASSAULT", "actor": [entity("Taliban", identifier_id="Q42418")],
         "recipient": [entity("18"), entity("police officers", sector="COP")]},
        {"id": "b", "event": "ASSAULT", "actor": [entity("her")],
         "recipient": [entity("four others"), entity("Hamas")]},
        {"id": "c", "event": "ACCUSE", "actor": [entity("Israel", identifier_id="Q801")],
         "recipient": [entity("two people", code="PAK", sector="CVL"), entity("Hamas")]},
    ]  # fmt: skip
    graph = build_graph(records)
    assert {graph.nodes[n]["label"] for n in graph} == {
        "Taliban",
        "police officers",
        "Hamas",
        "Israel",
    }
    assert graph.nodes["hamas"]["events"] == 2
    assert set(graph.edges) == {("Q42418", "police officers"), ("Q801", "hamas")}


@pytest.mark.model
def test_the_pipeline_keeps_the_event_and_drops_an_unresolved_pronoun(pipeline: Any) -> None:
    import datetime as dt

    from eventwatch import Article

    text = "The Gaza truce collapsed on Tuesday. They blamed Hamas."
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2024, 3, 6))])
    (record,) = result.records
    assert record.event == "ACCUSE"
    assert record.actors == ()
    assert [r.identifier_text for r in record.recipients] == ["Hamas"]


@pytest.mark.model
def test_a_bare_count_stays_a_victim_but_is_never_a_node(pipeline: Any) -> None:
    import datetime as dt

    from eventwatch import Article
    from eventwatch.records import to_json

    pytest.importorskip("networkx", reason="networkx is not installed")
    from eventwatch.export.graph import build_graph

    text = "Boko Haram fighters killed 18 in northern Nigeria on Monday."
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2024, 3, 6))])
    (record,) = [r for r in result.records if r.event == "ASSAULT"]
    assert [r.entity_text for r in record.recipients] == ["18"]
    graph = build_graph([to_json(record)])
    assert "18" not in {graph.nodes[n]["label"] for n in graph}
