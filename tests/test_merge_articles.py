"""Cross-article merging: one real event told by many articles becomes one event."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from eventwatch.store import MergeSettings, Store, cluster_id, compare, merge_all, report_of

NAIROBI = {"extracted_place": "Nairobi", "resolved_place": "Nairobi", "lat": -1.2864,
           "lon": 36.8172, "country_code": "KEN", "precision": "city", "admin1": "Nairobi"}  # fmt: skip
WESTLANDS = {"extracted_place": "Westlands", "resolved_place": "Westlands", "lat": -1.2676,
             "lon": 36.8108, "country_code": "KEN", "precision": "city", "admin1": "Nairobi"}  # fmt: skip
MOMBASA = {"extracted_place": "Mombasa", "resolved_place": "Mombasa", "lat": -4.0435,
           "lon": 39.6682, "country_code": "KEN", "precision": "city", "admin1": "Mombasa"}  # fmt: skip
KAMPALA = {"extracted_place": "Kampala", "resolved_place": "Kampala", "lat": 0.3476,
           "lon": 32.5825, "country_code": "UGA", "precision": "city", "admin1": "Central"}  # fmt: skip
KENYA = {"extracted_place": "Kenya", "resolved_place": "Kenya", "lat": 0.5,
         "lon": 38.0, "country_code": "KEN", "precision": "country"}  # fmt: skip

SHABAAB = {"entity_text": "al-Shabaab militants", "identifier_text": "al-Shabaab",
           "aliases": ["al-Shabaab"]}  # fmt: skip
SOMALI_GROUP = {"entity_text": "the Somali group al-Shabaab",
                "identifier_text": "Somali group al-Shabaab", "aliases": ["Somali", "al-Shabaab"]}  # fmt: skip
GUNMEN = {"entity_text": "gunmen", "identifier_text": "gunmen"}
KDF = {"entity_text": "Kenyan troops", "identifier_text": "Kenya Defence Forces",
       "identifier_id": "Q1140464", "code": "KEN", "sector": "MIL"}  # fmt: skip
GUESTS = {"entity_text": "hotel guests", "identifier_text": "hotel guests"}


def rec(rid: str, doc: str, **fields: Any) -> dict[str, Any]:
    """A single-article PLOVER record as `extract` writes one; fields override."""
    text = fields.pop("text", f"Report {rid} of the attack.")
    start = fields.pop("start", 100)
    record: dict[str, Any] = {
        "id": rid,
        "doc_id": doc,
        "event": "ASSAULT",
        "mode": [],
        "context": [],
        "quad_code": 4,
        "actor": [SHABAAB],
        "recipient": [],
        "date": "2019-01-15",
        "enddate": "2019-01-15",
        "date_precision": "day",
        "date_text": "Tuesday",
        "event_loc": NAIROBI,
        "size": {"dead": None, "injured": None, "arrested": None},
        "status": [],
        "event_text": "attacked",
        "text": text,
        "text_info": {"start": start, "end": start + len(text)},
        "evidence": [
            {
                "doc_id": doc,
                "text": text,
                "start": start,
                "end": start + len(text),
                "event_text": "attacked",
                "trigger_start": start + 3,
                "trigger_end": start + 11,
            }
        ],  # fmt: skip
        "source_count": 1,
        "confidence": 0.8,
        "cameo_code": "180",
        "acled_event_type": "Violence against civilians",
        "acled_sub_event_type": "Attack",
    }
    record.update(fields)
    return record


def size(dead: int | None = None, injured: int | None = None) -> dict[str, Any]:
    return {"dead": dead, "injured": injured, "arrested": None}


# The same hotel attack in three differently worded articles, published on two days.
THREE_REPORTS = [
    rec("a1", "reuters", actor=[SHABAAB], recipient=[GUESTS], size=size(14, 30),
        text="Al-Shabaab militants stormed a hotel complex in Nairobi, killing 14 people."),
    rec("b1", "bbc", actor=[SOMALI_GROUP], event_loc=WESTLANDS, size=size(21),
        date="2019-01-16", enddate="2019-01-16", confidence=0.9,
        text="The Somali group al-Shabaab said it carried out the assault in Westlands; 21 died."),
    rec("c1", "voa", actor=[GUNMEN], size=size(15, 28), status=["reported"],
        text="Gunmen attacked the DusitD2 complex on Tuesday, leaving at least 15 dead."),
]  # fmt: skip
PUBLISHED = {"reuters": "2019-01-15", "bbc": "2019-01-16", "voa": "2019-01-16"}


def test_three_articles_of_one_attack_become_one_event_with_a_casualty_range() -> None:
    merged = merge_all(THREE_REPORTS, published=PUBLISHED)

    assert len(merged) == 1
    event = merged[0]
    assert event["id"] == cluster_id(["a1", "b1", "c1"])
    assert event["source_count"] == 3
    assert event["doc_ids"] == ["bbc", "reuters", "voa"]
    assert event["merged_ids"] == ["a1", "b1", "c1"]
    assert sorted(e["doc_id"] for e in event["evidence"]) == ["bbc", "reuters", "voa"]
    assert event["evidence"][0]["doc_id"] == "bbc"  # the most confident report leads
    assert event["text"] == THREE_REPORTS[1]["text"]
    assert event["size"]["dead"] == 21
    assert (event["size"]["dead_low"], event["size"]["dead_high"]) == (14, 21)
    assert (event["size"]["injured_low"], event["size"]["injured_high"]) == (28, 30)
    assert event["size"]["arrested"] is None and event["size"]["arrested_high"] is None
    assert event["status"] == ["reported"]
    assert {a["identifier_text"] for a in event["actor"]} == {
        "al-Shabaab",
        "Somali group al-Shabaab",
        "gunmen",
    }


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (rec("m1", "nation", event_loc=MOMBASA), "km apart"),
        (rec("k1", "nation", actor=[KDF]), "different actors named"),
        (rec("u1", "nation", event_loc=KAMPALA), "different countries"),
        (
            rec(
                "r1",
                "nation",
                recipient=[{"entity_text": "Westgate mall", "aliases": ["Westgate"]}],
            ),
            "different recipients named",
        ),
        (rec("g1", "nation", actor=[GUNMEN], event_loc=KENYA), "place does not match"),
    ],
    ids=["other-city", "other-actor", "other-country", "other-recipient", "unnamed-no-place"],
)
def test_two_attacks_on_the_same_day_in_one_country_stay_two(
    second: dict[str, Any], why: str
) -> None:
    first = rec(
        "n1", "reuters", recipient=[{"entity_text": "DusitD2 hotel", "aliases": ["DusitD2"]}]
    )
    verdict = compare(report_of(first, "2019-01-15"), report_of(second, "2019-01-15"))
    assert not verdict.same
    assert why in verdict.reason
    merged = merge_all([first, second], published={"reuters": "2019-01-15", "nation": "2019-01-15"})
    assert sorted(e["id"] for e in merged) == sorted([first["id"], second["id"]])
    assert all(e["source_count"] == 1 for e in merged)


@pytest.mark.parametrize(
    ("a", "b", "published", "same", "why"),
    [
        ({}, {}, ("2019-01-15", "2019-01-15"), True, "shared actor"),
        ({}, {"doc_id": "doc-a"}, ("2019-01-15", "2019-01-15"), False, "same article"),
        ({}, {"event": "COERCE"}, ("2019-01-15", "2019-01-15"), False, "different event types"),
        ({}, {"date": "2019-01-17", "enddate": "2019-01-17"}, (None, None), True, "2 days apart"),
        ({}, {"date": "2019-01-18", "enddate": "2019-01-18"}, (None, None), False, "3 days apart"),
        ({}, {"event_loc": KENYA}, (None, None), True, "shared actor"),  # country point: no km test
        ({}, {"event_loc": None}, (None, None), True, "shared actor"),
        ({"actor": [GUNMEN]}, {"event_loc": None}, (None, None), False, "place does not match"),
        ({"actor": []}, {"actor": [GUNMEN]}, (None, None), True, "actor unnamed"),
        ({"actor": [{**KDF, "identifier_id": "Q1"}]}, {"actor": [{**KDF, "identifier_id": "Q2"}]},
         (None, None), False, "different actors"),
        ({"actor": [{**KDF, "identifier_text": "KDF"}]}, {"actor": [KDF]}, (None, None), True,
         "shared actor"),
        ({"date": None, "enddate": None, "event_loc": None}, {"event_loc": None},
         ("2019-01-15", "2019-01-16"), True, "everything else matches"),
        ({"date": None, "enddate": None}, {}, ("2019-01-15", "2019-01-16"), True,
         "everything else matches"),
        ({"date": None, "enddate": None}, {}, ("2019-01-15", "2019-01-20"), False,
         "published 5 days apart"),
        ({"date": None, "enddate": None}, {}, (None, "2019-01-15"), False,
         "unknown publication date"),
        ({"date": None, "enddate": None}, {"event_loc": None}, ("2019-01-15", "2019-01-15"), False,
         "place does not match"),
        ({"date": None, "enddate": None}, {"recipient": [GUESTS]}, ("2019-01-15", "2019-01-15"),
         False, "recipients differ"),
        ({"date": None, "enddate": None, "actor": [GUNMEN]}, {}, ("2019-01-15", "2019-01-15"),
         False, "no shared named actor"),
        ({"date": "2019-01-01", "enddate": "2019-12-31", "date_precision": "year"}, {},
         ("2019-06-01", "2019-01-16"), False, "published 136 days apart"),
        ({"date": "2018-01-01", "enddate": "2018-12-31", "date_precision": "year"}, {},
         (None, None), False, "days apart"),
        ({"date": "2019-01-01", "enddate": "2019-01-31", "date_precision": "month"}, {},
         (None, None), True, "dates 0 days apart"),
    ],
)  # fmt: skip
def test_merge_rule_cases(
    a: dict[str, Any], b: dict[str, Any], published: tuple[Any, Any], same: bool, why: str
) -> None:
    left = report_of(rec("a", "doc-a", **a), published[0])
    b = dict(b)
    right = report_of(rec("b", b.pop("doc_id", "doc-b"), **b), published[1])
    verdict = compare(left, right)
    assert (verdict.same, why in verdict.reason) == (same, True), verdict.reason
    assert compare(right, left) == verdict  # the rule is symmetric


def test_settings_change_the_thresholds() -> None:
    a = report_of(rec("a", "doc-a"))
    b = report_of(rec("b", "doc-b", date="2019-01-20", enddate="2019-01-20", event_loc=MOMBASA))
    assert not compare(a, b).same
    assert compare(a, b, MergeSettings(date_window_days=5, max_km=600.0)).same


# Y and Z both fit X, but name different recipients: X can join only one of them.
CHAIN = [
    rec("x1", "doc-x", recipient=[]),
    rec("y1", "doc-y", recipient=[{"entity_text": "Kenyan police", "aliases": ["Kenyan"]}]),
    rec("z1", "doc-z", recipient=[{"entity_text": "Somali traders", "aliases": ["Somali"]}]),
    rec("w1", "doc-w", event="PROTEST", actor=[GUNMEN]),
]


@pytest.mark.parametrize("records", [THREE_REPORTS, CHAIN], ids=["three-reports", "chain"])
def test_merging_does_not_depend_on_the_order_of_the_articles(
    records: list[dict[str, Any]],
) -> None:
    published = {r["doc_id"]: "2019-01-15" for r in records}
    outcomes = set()
    for order in itertools.permutations(records):
        merged = merge_all(order, published=published)
        outcomes.add(tuple(sorted((e["id"], tuple(e["merged_ids"])) for e in merged)))
    assert len(outcomes) == 1


def test_complete_linkage_never_joins_contradicting_reports() -> None:
    merged = merge_all(CHAIN, published={r["doc_id"]: "2019-01-15" for r in CHAIN})
    groups = sorted(tuple(e["merged_ids"]) for e in merged)
    assert ("w1",) in groups
    assert not any({"y1", "z1"} <= set(g) for g in groups)
    assert len(groups) == 3


def test_store_merges_across_articles_whatever_the_ingest_order() -> None:
    articles = {
        doc: {"id": doc, "text": f"{doc} text", "published": day, "source": doc.upper()}
        for doc, day in PUBLISHED.items()
    }
    extra = rec("m2", "voa", event_loc=MOMBASA, text="A second attack hit Mombasa.", start=300)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in [*THREE_REPORTS, extra]:
        by_doc.setdefault(record["doc_id"], []).append(record)
    dumps = []
    for order in itertools.permutations(articles):
        store = Store(":memory:")
        for doc in order:
            store.add(articles[doc], by_doc[doc])
        dumps.append(store.dump())
        events = {e["id"]: e for e in store.query()}
        assert set(events) == {cluster_id(["a1", "b1", "c1"]), "m2"}
        merged = events[cluster_id(["a1", "b1", "c1"])]
        assert merged["source_count"] == 3
        assert [s["source"] for s in merged["sources"]] == ["BBC", "REUTERS", "VOA"]
        store.close()
    assert all(d == dumps[0] for d in dumps)


def test_merge_candidates_hold_every_event_the_rule_joins_and_skip_far_ones() -> None:
    """The indexed candidate search (`clusters.candidates`) never misses a report the merge
    rule would call the same, and does not read events far away in time or place."""
    from eventwatch.store.clusters import Reports, candidates

    settings = MergeSettings()
    dates = ["2019-01-10", "2019-01-14", "2019-01-15", "2019-01-17", "2019-03-01", None]
    spans = {  # a range that still counts as a date, and one too wide to
        "week": {"date": "2019-01-05", "enddate": "2019-01-13", "date_precision": "week"},
        "year": {"date": "2019-01-01", "enddate": "2019-12-31", "date_precision": "year"},
    }
    published = ["2019-01-14", "2019-01-15", "2019-01-17", "2019-02-20", None]
    places = [NAIROBI, KAMPALA, None]
    store = Store(":memory:")
    cases = itertools.product(dates + list(spans), published, places)
    for n, (day, pub, place) in enumerate(cases):
        doc = f"d{n}"
        fields: dict[str, Any] = spans.get(day or "") or {"date": day, "enddate": day}
        store.add({"id": doc, "text": f"{doc} text", "published": pub},
                  [rec(f"e{n}", doc, event_loc=place, **fields)])  # fmt: skip
    conn = store._conn
    stored = {
        row[0]: report_of(json.loads(row[1]), row[2])
        for row in conn.execute(
            "SELECT e.id, e.record, a.published FROM events e JOIN articles a ON a.id = e.doc_id"
        )
    }
    far = 0
    for report in stored.values():
        found = {r.id for r in candidates(conn, report, settings, Reports())}
        same = {i for i, other in stored.items() if compare(report, other, settings).same}
        assert same <= found, report.id
        far += len(stored) - 1 - len(found)
    assert far > len(stored) * len(stored) / 2  # most pairs are never read
    store.close()


def test_a_store_rereads_what_another_connection_changed(tmp_path) -> None:
    """The merge reports a store keeps between adds are dropped when another process
    writes: here it rewrites an event under the same id with another actor."""
    db = tmp_path / "events.db"
    first, other = Store(db), Store(db)
    articles = {doc: {"id": doc, "text": f"{doc} text", "published": day}
                for doc, day in PUBLISHED.items()}  # fmt: skip
    first.add(articles["reuters"], [rec("a1", "reuters", actor=[KDF])])
    other.add({**articles["reuters"], "text": "rewritten"}, [rec("a1", "reuters", actor=[SHABAAB])])
    first.add(articles["bbc"], [rec("b1", "bbc", actor=[SHABAAB])])
    assert {e["id"] for e in first.query()} == {cluster_id(["a1", "b1"])}
    first.close()
    other.close()


def test_regrouping_after_an_add_stays_near_it_in_a_dense_store(monkeypatch) -> None:
    """The same actor in the same city every day chains matching reports for months; one
    new report regroups only the reports within `regroup_days` of it."""
    import datetime as dt

    from eventwatch.store import clusters

    store = Store(":memory:", settings=MergeSettings(regroup_days=3))
    first = dt.date(2019, 1, 1)
    for n in range(40):
        day = (first + dt.timedelta(days=n)).isoformat()
        store.add({"id": f"d{n}", "text": f"day {n}", "published": day},
                  [rec(f"e{n}", f"d{n}", date=day, enddate=day)])  # fmt: skip
    visited: list[str] = []
    real = clusters.candidates

    def counting(conn, report, settings, reports):
        visited.append(report.id)
        return real(conn, report, settings, reports)

    monkeypatch.setattr(clusters, "candidates", counting)
    day = (first + dt.timedelta(days=20)).isoformat()
    store.add({"id": "new", "text": "new", "published": day},
              [rec("x", "new", date=day, enddate=day)])  # fmt: skip
    assert "x" in visited and len(set(visited)) <= 10
    assert sum(e["source_count"] for e in store.query(limit=100)) == 41
    store.close()
