"""Summary tables (migration 6): the page's aggregations read them and answer exactly as
the queries over the merged events do, through adds, replacements and regrouping."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_merge_articles import GUNMEN, KAMPALA, KDF, MOMBASA, NAIROBI, SHABAAB, rec, size
from test_web_api import fill

from eventwatch.store import MIGRATIONS, Store
from eventwatch.store.actor_summaries import KEY as KEY_SQL
from eventwatch.store.actor_summaries import LABEL as LABEL_SQL
from eventwatch.store.query import Filters
from eventwatch.types import Article
from eventwatch.web.reader import Reader

FILTERS = [
    Filters(),
    Filters(event="ASSAULT"),
    Filters(country="KEN"),
    Filters(country="KEN", event="ASSAULT"),
    Filters(event="PROTEST"),
    Filters(country="ZZZ"),
]
# what each summary table holds, recomputed from the merged events
RECOUNT = {
    "summary_counts": "SELECT event, country_code, COUNT(*), SUM(date IS NULL),"
    " SUM(lat IS NULL OR lon IS NULL) FROM clusters GROUP BY 1, 2",
    "summary_days": "SELECT date, event, country_code, COUNT(*) FROM clusters"
    " WHERE date IS NOT NULL GROUP BY 1, 2, 3",
    "summary_months": "SELECT substr(date, 1, 7) || '-01', event, country_code, COUNT(*)"
    " FROM clusters WHERE date IS NOT NULL GROUP BY 1, 2, 3",
    "summary_places": "SELECT lat, lon, country_code, event, COUNT(*), SUM(COALESCE(dead, 0))"
    " FROM clusters WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4",
}
# the actor summaries (migration 8), recomputed from the participants of the merged events
KEY = KEY_SQL.format(t="a")
PARTICIPANTS = (
    "FROM cluster_members m JOIN event_actors a ON a.event_id = m.event_id"
    f" JOIN clusters c ON c.id = m.cluster_id WHERE {KEY} IS NOT NULL"
)
RECOUNT |= {
    "summary_cluster_actors": f"SELECT DISTINCT m.cluster_id, {KEY}, a.role, c.date {PARTICIPANTS}",
    "summary_actor_roles": f"SELECT {KEY}, a.role, COUNT(DISTINCT c.id) {PARTICIPANTS} GROUP BY 1, 2",
    "summary_actor_counts": f"SELECT {KEY}, COUNT(DISTINCT c.id) {PARTICIPANTS} GROUP BY 1",
    "summary_actor_names": f"SELECT {KEY}, a.role, IFNULL(a.identifier_id, ''),"
    f" IFNULL({LABEL_SQL.format(t='a')}, ''), IFNULL(a.code, ''), IFNULL(a.sector, ''), COUNT(*)"
    f" FROM event_actors a WHERE {KEY} IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6",
}
PAIRS = (
    "FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id"
    " JOIN event_actors a ON a.event_id = m.event_id AND a.role = 'actor'"
    " JOIN event_actors r ON r.event_id = m.event_id AND r.role = 'recipient'"
    f" WHERE {KEY} IS NOT NULL AND {KEY_SQL.format(t='r')} IS NOT NULL"
)
RECOUNT |= {
    "summary_cluster_edges": f"SELECT DISTINCT m.cluster_id, {KEY}, {KEY_SQL.format(t='r')},"
    f" c.event {PAIRS}",
    "summary_edges": f"SELECT {KEY}, {KEY_SQL.format(t='r')}, c.event, COUNT(DISTINCT c.id)"
    f" {PAIRS} GROUP BY 1, 2, 3",
}


def article(doc: str, published: str = "2019-01-16", text: str | None = None) -> Article:
    return Article(id=doc, text=text or f"Text of {doc}. " * 20, title=doc, source="Wire",
                   published=published)  # fmt: skip


def answers(path: Path, *, summaries: bool) -> dict[str, Any]:
    """Every answer the summaries can give, from a fresh reader (nothing cached)."""
    reader = Reader(path, use_summaries=summaries)
    try:
        assert reader.summaries is summaries
        out: dict[str, Any] = {"stats": reader.stats()}
        for f in FILTERS:
            for interval in ("day", "week", "month", "year"):
                out[f"timeline {interval} {f}"] = reader.timeline(f, interval, max_buckets=5000)
            for limit, per_place in ((500, 5), (2, 1), (1, 0)):
                out[f"places {limit} {per_place} {f}"] = reader.places(
                    f, limit=limit, per_place=per_place
                )
        for max_nodes, min_weight in ((200, 1), (2, 1), (200, 2)):
            out[f"network {max_nodes} {min_weight}"] = reader.network(
                Filters(), max_nodes=max_nodes, min_weight=min_weight
            )
        for role in (None, "actor", "recipient"):
            for limit, offset in ((500, 0), (2, 0), (2, 2), (1, 5)):
                out[f"actors {role} {limit} {offset}"] = reader.actors(
                    Filters(), name=None, role=role, limit=limit, offset=offset
                )
        return out
    finally:
        reader.close()


def assert_exact(path: Path) -> None:
    """The summaries hold what the merged events say, and the answers match the queries'."""
    with sqlite3.connect(path) as conn:
        for table, sql in RECOUNT.items():
            held = sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            assert held == sorted(conn.execute(sql).fetchall(), key=repr), table
    summed, grouped = answers(path, summaries=True), answers(path, summaries=False)
    assert summed.keys() == grouped.keys()
    for key in summed:
        assert summed[key] == grouped[key], key


def grow(store: Store) -> None:
    """Articles that add, merge, regroup and replace merged events across countries."""
    store.add(article("nbo-1"), [
        rec("n1", "nbo-1", size=size(dead=3)),
        rec("n2", "nbo-1", event="PROTEST", actor=[GUNMEN], recipient=[KDF],
            event_loc=MOMBASA, size=size(dead=None)),
        rec("n3", "nbo-1", date=None, enddate=None, date_precision=None,
            event_loc={**NAIROBI, "lat": None, "lon": None}),
        rec("n4", "nbo-1", event_loc=KAMPALA, date="2019-02-03", enddate="2019-02-03",
            size=size(dead=7)),
        rec("n5", "nbo-1", event_loc={**NAIROBI, "country_code": None}, recipient=[KDF],
            date="2018-12-30", enddate="2018-12-30"),
        # one entity in both roles: one merged event for it, one as actor, one as recipient
        rec("n6", "nbo-1", event="COERCE", actor=[KDF], recipient=[KDF], event_loc=KAMPALA,
            date="2019-03-03", enddate="2019-03-03"),
    ])  # fmt: skip
    # another article tells the same attack: the two merge into one event
    store.add(article("nbo-2", "2019-01-17"), [rec("m1", "nbo-2", size=size(dead=5))])


def replace(store: Store) -> None:
    """nbo-1 replaced by a newer version: its attack moves to Mombasa (the merged event
    with nbo-2 is regrouped), the protest goes, an undated event comes."""
    store.add(article("nbo-1", "2019-01-18", text="A newer version. " * 20), [
        rec("n1b", "nbo-1", event_loc=MOMBASA, size=size(dead=1)),
        rec("n3b", "nbo-1", date=None, enddate=None, date_precision=None,
            actor=[SHABAAB], recipient=[GUNMEN]),
    ])  # fmt: skip


def test_summaries_answer_as_the_merged_events_do_through_adds_and_replacements(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.db"
    with Store(path) as store:
        fill(store)
    assert_exact(path)
    with Store(path) as store:
        grow(store)
        merged = store.get("n1")
        assert merged is not None and merged["doc_ids"] == ["nbo-1", "nbo-2"]
    assert_exact(path)
    with Store(path) as store:
        replace(store)
        assert store.get("n1") is None
        merged = store.get("m1")
        assert merged is not None and merged["doc_ids"] == ["nbo-2"]
    assert_exact(path)


def test_an_old_store_is_upgraded_with_its_summaries_filled(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path, migrations=MIGRATIONS[:5]) as store:
        fill(store)
        grow(store)
    before = answers(path, summaries=False)
    reader = Reader(path)
    assert not reader.summaries  # not yet migrated: the queries answer
    assert answers(path, summaries=False) == before
    with Store(path) as store:
        assert [n for n, _ in store.migrations()][-1] == MIGRATIONS[-1].number >= 6
    assert answers(path, summaries=True) == before
    assert_exact(path)
    with Store(path) as store:  # and the triggers keep them from then on
        replace(store)
    assert_exact(path)
    reader.close()


def test_a_merged_event_updated_in_place_stays_counted(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with Store(path) as store:
        fill(store)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE clusters SET country_code = 'XYZ', lat = lat + 1, date = NULL")
    assert_exact(path)


@pytest.mark.parametrize("filters", [Filters(start="2019-01-01"), Filters(actor="Kenya"),
                                     Filters(text="attack"), Filters(end="2020-01-01")])  # fmt: skip
def test_filters_the_summaries_cannot_answer_read_the_merged_events(
    tmp_path: Path, filters: Filters
) -> None:
    path = tmp_path / "events.db"
    with Store(path) as store:
        fill(store)
    reader = Reader(path)
    assert reader.summaries
    assert reader._summarised(filters) is None
    assert reader._summarised(Filters(event="ASSAULT", country="AFG")) is not None
    reader.close()
