"""The SQLite event store: idempotent ingest, replacement, dead letters, search, queries."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from eventwatch.errors import QueryError, StoreError
from eventwatch.store import MIGRATIONS, Migration, Store, content_hash
from eventwatch.store.query import MAX_LIMIT, Filters

MALL = "Gunmen stormed the Westgate shopping mall in Nairobi on Saturday, killing 39 people."
HOSTAGES = "Kenyan troops freed the hostages held inside the mall on Monday."
RALLY = "Thousands of protesters marched through Kampala on Sunday."

ARTICLE = {
    "id": "westgate",
    "title": "Mall siege",
    "url": "https://example.org/westgate",
    "source": "Example News",
    "published": "2013-09-23",
    "origin": "corpus.jsonl:1",
    "text": f"Mall siege\n\n{MALL} {HOSTAGES}",
}
RALLY_ARTICLE = {"id": "kampala", "text": RALLY, "published": dt.date(2013, 9, 23)}


def rec(rid: str, doc: str, sentence: str, text: str, **fields: Any) -> dict[str, Any]:
    """A PLOVER record whose evidence is `sentence`, found in the article text `text`."""
    start = text.index(sentence)
    record: dict[str, Any] = {
        "id": rid,
        "doc_id": doc,
        "event": "ASSAULT",
        "mode": [],
        "context": [],
        "quad_code": 4,
        "actor": [{"entity_text": "Gunmen", "identifier_text": "Gunmen", "start": start}],
        "recipient": [{"entity_text": "39 people", "identifier_text": "39 people"}],
        "date": "2013-09-21",
        "enddate": "2013-09-21",
        "date_precision": "day",
        "event_loc": {
            "extracted_place": "Nairobi",
            "resolved_place": "Nairobi",
            "country_code": "KEN",
            "lat": -1.2864,
            "lon": 36.8172,
            "precision": "city",
        },  # fmt: skip
        "size": {"dead": 39, "injured": None, "arrested": None},
        "status": [],
        "event_text": "stormed",
        "text": sentence,
        "text_info": {"start": start, "end": start + len(sentence)},
        "evidence": [
            {
                "doc_id": doc,
                "text": sentence,
                "start": start,
                "end": start + len(sentence),
                "event_text": "stormed",
                "trigger_start": start + 7,
                "trigger_end": start + 14,
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


MALL_RECORD = rec("e-mall", "westgate", MALL, ARTICLE["text"])
RESCUE_RECORD = rec(
    "e-rescue",
    "westgate",
    HOSTAGES,
    ARTICLE["text"],
    event="RETREAT",
    mode=["release"],
    actor=[{"entity_text": "Kenyan troops", "identifier_text": "Kenya", "code": "KEN"}],
    recipient=[],
    date="2013-09-23",
    enddate="2013-09-23",
    size={"dead": None, "injured": None, "arrested": None},
)
RALLY_RECORD = rec(
    "e-rally",
    "kampala",
    RALLY,
    RALLY,
    event="PROTEST",
    actor=[{"entity_text": "protesters", "identifier_text": "protesters"}],
    recipient=[],
    event_loc={"extracted_place": "Kampala", "country_code": "UGA", "lat": 0.35, "lon": 32.58},
    date="2013-09-22",
    enddate="2013-09-22",
    size={"dead": None, "injured": None, "arrested": None},
)


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    s.add(ARTICLE, [MALL_RECORD, RESCUE_RECORD])
    s.add(RALLY_ARTICLE, [RALLY_RECORD])
    return s


def test_the_same_article_twice_changes_nothing(store: Store) -> None:
    before = store.dump()
    assert store.add(dict(ARTICLE), [dict(MALL_RECORD), dict(RESCUE_RECORD)]) is False
    assert store.dump() == before
    assert store.stats() == {"articles": 2, "events": 3, "clusters": 3, "failures": 0}


def test_ingesting_twice_into_fresh_stores_gives_identical_dumps(tmp_path: Path) -> None:
    dumps = []
    for name in ("one.db", "two.db"):
        with Store(tmp_path / name) as s:
            for _ in range(2):
                s.add(RALLY_ARTICLE, [RALLY_RECORD])
                s.add(ARTICLE, [RESCUE_RECORD, MALL_RECORD])
            dumps.append(s.dump())
    assert dumps[0] == dumps[1]
    assert [row[0] for row in dumps[0]["events"]] == ["e-mall", "e-rally", "e-rescue"]


def test_has_tells_whether_this_content_is_stored(store: Store) -> None:
    assert store.has("westgate", content_hash(ARTICLE))
    assert not store.has("westgate", content_hash({**ARTICLE, "text": "changed"}))
    assert not store.has("elsewhere", content_hash(ARTICLE))
    # the origin is where it came from, not what it says
    assert content_hash({**ARTICLE, "origin": "other.jsonl:9"}) == content_hash(ARTICLE)


def test_a_changed_article_replaces_its_own_events(store: Store) -> None:
    text = f"Mall siege\n\n{MALL} Officials said 67 people died in total."
    changed = {**ARTICLE, "text": text}
    new_record = rec(
        "e-mall-2", "westgate", MALL, text, size={"dead": 67, "injured": None, "arrested": None}
    )

    assert store.add(changed, [new_record]) is True

    assert [e["id"] for e in store.query(event="ASSAULT")] == ["e-mall-2"]
    assert store.query(event="RETREAT") == []
    assert store.query(text="hostages") == []  # its evidence left the search index too
    store._conn.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check')")
    assert store.get("e-mall") is None
    assert store.stats() == {"articles": 2, "events": 2, "clusters": 2, "failures": 0}
    assert store.has("westgate", content_hash(changed))


def test_a_changed_article_leaves_a_merged_event_it_no_longer_reports() -> None:
    s = Store(":memory:")
    other_text = "Al-Shabaab gunmen attacked the Westgate mall in Nairobi on Saturday."
    other = {"id": "other", "text": other_text, "published": "2013-09-22"}
    s.add(ARTICLE, [MALL_RECORD])
    s.add(other, [rec("o-mall", "other", other_text, other_text)])
    assert [e["source_count"] for e in s.query()] == [2]

    s.add({**ARTICLE, "text": ARTICLE["text"] + " Updated."}, [])

    events = s.query()
    assert [(e["id"], e["source_count"]) for e in events] == [("o-mall", 1)]
    assert s.dump()["cluster_members"] == [["o-mall", "o-mall"]]


def test_failures_are_kept_with_reasons_while_good_articles_are_stored(store: Store) -> None:
    store.add_failure("bad.txt", "read", "not UTF-8 (byte 0xe9 at offset 3)")
    store.add_failure("huge.txt", "read", "too large")
    store.add_failure("bad.txt", "read", "not UTF-8 (byte 0xe9 at offset 3)")  # retried
    store.add({"id": "good", "text": "Rebels attacked the town.", "origin": "good.txt"}, [])

    failures = store.failures()
    assert [(f["origin"], f["stage"], f["reason"]) for f in failures] == [
        ("bad.txt", "read", "not UTF-8 (byte 0xe9 at offset 3)"),
        ("huge.txt", "read", "too large"),
    ]
    assert failures[0]["attempts"] == 2
    assert store.stats()["articles"] == 3
    # a dead letter goes once its article is stored
    store.add({"id": "huge", "text": "Now short.", "origin": "huge.txt"}, [])
    assert [f["origin"] for f in store.failures()] == ["bad.txt"]


@pytest.mark.parametrize(
    ("article", "records", "problem"),
    [
        ({"text": "x"}, [], "article has no string 'id'"),
        ({"id": "a"}, [], "article 'a' has no string 'text'"),
        ({"id": "a", "text": "x", "published": "soon"}, [], "published must be a date"),
        ({"id": "a", "text": "x"}, [{"event": "ASSAULT"}], "record 0: no string 'id'"),
        ({"id": "a", "text": "x"}, [{"id": "r", "event": "ASSAULT", "doc_id": "b"}],
         "doc_id 'b' is not the article's id"),
        ({"id": "a", "text": "x"}, [{"id": "r", "event": "ASSAULT", "evidence": [{}]}],
         "every evidence entry needs a 'text'"),
        ({"id": "a", "text": "x"}, {"id": "r"}, "records must be a list of dicts"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_stored_is_lost(
    store: Store, article: dict[str, Any], records: Any, problem: str
) -> None:
    before = store.dump()
    with pytest.raises(StoreError) as err:
        store.add(article, records)
    assert problem in str(err.value)
    assert err.value.path == ":memory:"
    assert store.dump() == before


def test_a_failed_write_is_undone(store: Store) -> None:
    before = store.dump()
    clash = {**RALLY_RECORD, "id": "e-x", "doc_id": "new", "quad_code": "not-a-number"}
    store._conn.execute(  # a constraint the store does not check for, to force a failure
        "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN new.id = 'e-x'"
        " BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(StoreError, match="write failed and was undone: refused"):
        store.add({"id": "new", "text": "Something."}, [clash])
    assert store.dump() == before


def test_file_store_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with Store(path, timeout=5) as s:
        assert s.journal_mode == "wal"
        assert s._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_migrations_are_applied_once_in_order(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    first = Store(path)
    assert first.applied == [m.number for m in MIGRATIONS]
    first.add(ARTICLE, [MALL_RECORD])
    first.close()

    again = Store(path)
    assert again.applied == []
    assert again.migrations() == [(m.number, m.name) for m in MIGRATIONS]
    assert again.stats()["events"] == 1
    again.close()

    extra = Migration(len(MIGRATIONS) + 1, "note column", "ALTER TABLE articles ADD note TEXT;")
    upgraded = Store(path, migrations=[*MIGRATIONS, extra])
    assert upgraded.applied == [extra.number]
    upgraded.close()

    with pytest.raises(StoreError, match="that this eventwatch does not know"):
        Store(path)  # the database is newer than the code


def test_a_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    broken = Migration(len(MIGRATIONS) + 1, "broken", "CREATE TABLE ok (x);\nCREATE TABLE (;")
    with pytest.raises(StoreError, match=f"migration {broken.number} failed"):
        Store(path, migrations=[*MIGRATIONS, broken])
    s = Store(path)
    assert s.applied == []
    assert "ok" not in {r[0] for r in s._conn.execute("SELECT name FROM sqlite_master")}


def test_full_text_search_finds_an_evidence_sentence(store: Store) -> None:
    found = store.query(text="shopping mall")
    assert [e["id"] for e in found] == ["e-mall"]
    assert found[0]["evidence"][0]["text"] == MALL
    assert [e["id"] for e in store.query(text="HOSTAGES")] == ["e-rescue"]
    assert store.query(text="mall zebra") == []  # every word must occur
    assert store.query(text='mall" OR (NEAR') == []  # FTS syntax is only words here
    store._conn.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ({}, ["e-mall", "e-rally", "e-rescue"]),
        ({"country": "ken"}, ["e-mall", "e-rescue"]),
        ({"event": "protest"}, ["e-rally"]),
        ({"actor": "kenya"}, ["e-rescue"]),
        ({"actor": "39 PEOPLE"}, ["e-mall"]),  # recipients count too
        ({"actor": "%"}, []),  # LIKE wildcards are literal
        ({"start": "2013-09-22"}, ["e-rally", "e-rescue"]),
        ({"end": dt.date(2013, 9, 22)}, ["e-mall", "e-rally"]),
        ({"start": "2013-09-22", "end": "2013-09-22"}, ["e-rally"]),
        ({"limit": 2}, ["e-mall", "e-rally"]),
        ({"limit": 2, "offset": 2}, ["e-rescue"]),
        ({"country": "KEN", "event": "PROTEST"}, []),
    ],
)
def test_query_filters(store: Store, filters: dict[str, Any], ids: list[str]) -> None:
    assert [e["id"] for e in store.query(**filters)] == ids


@pytest.mark.parametrize(
    ("filters", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": "10"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"start": "yesterday"}, "start"),
        ({"start": "2013-09-23", "end": "2013-09-01"}, "start"),
        ({"country": "Kenya; DROP TABLE events"}, "country"),
        ({"text": "  ..."}, "text"),
    ],
)
def test_bad_query_filters_say_which(store: Store, filters: dict[str, Any], name: str) -> None:
    with pytest.raises(QueryError) as err:
        store.query(**filters)
    assert err.value.name == name


def test_the_page_size_is_capped() -> None:
    assert Filters.of(limit=50_000).limit == MAX_LIMIT


def test_query_returns_plover_records_with_merge_fields(store: Store) -> None:
    event = store.get("e-mall")
    assert event is not None
    assert event["source_count"] == 1 and event["doc_ids"] == ["westgate"]
    assert event["size"] == {"dead": 39, "dead_low": 39, "dead_high": 39, "injured": None,
                             "injured_low": None, "injured_high": None, "arrested": None,
                             "arrested_low": None, "arrested_high": None}  # fmt: skip
    assert event["sources"] == [{"doc_id": "westgate", "title": "Mall siege",
                                 "url": "https://example.org/westgate",
                                 "source": "Example News", "published": "2013-09-23"}]  # fmt: skip
    for key in ("event", "mode", "quad_code", "actor", "recipient", "date", "event_loc",
                "evidence", "text", "text_info", "confidence", "cameo_code"):  # fmt: skip
        assert event[key] == MALL_RECORD[key]
    assert list(store.iter_events(country="UGA")) == store.query(country="UGA")


def test_a_second_connection_reads_what_the_first_wrote(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    writer = Store(path)
    reader = Store(path)
    writer.add(ARTICLE, [MALL_RECORD])
    assert [e["id"] for e in reader.query()] == ["e-mall"]
    errors: list[BaseException] = []

    def ingest() -> None:
        try:
            writer.add(RALLY_ARTICLE, [RALLY_RECORD])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=ingest)
    thread.start()
    thread.join()
    assert errors == []
    assert reader.stats()["events"] == 2


def test_a_path_that_cannot_be_opened_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(tmp_path / "missing-folder" / "events.db")
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"these are not the tables you are looking for" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(not_a_database)


@pytest.mark.model
def test_real_articles_ingest_idempotently_in_any_order(pipeline) -> None:
    from importlib.resources import files

    from eventwatch.ingest import read_articles
    from eventwatch.records import to_json
    from eventwatch.types import Article

    corpus = files("eventwatch") / "examples" / "corpus.jsonl"
    articles = [a for a in read_articles(str(corpus)) if isinstance(a, Article)]
    runs = list(pipeline.run(articles))
    dropped = [r.dropped for r in runs if r.dropped is not None]
    if len(dropped) == len(runs):  # the extractor is broken: its own tests say why
        pytest.skip(f"every example article was dropped, e.g. {dropped[0]}")
    results = [(r.article, [to_json(x) for x in r.records]) for r in runs if r.dropped is None]
    assert sum(len(records) for _, records in results) > 10

    forward, backward = Store(":memory:"), Store(":memory:")
    for article, records in results:
        assert forward.add(article, records) is True
    for article, records in reversed(results):
        backward.add(article, records)
    for article, records in results:
        assert forward.add(article, records) is False
    assert forward.dump() == backward.dump()
    assert forward.query(text="Westgate")


@pytest.mark.parametrize(
    "published, replaces",
    [
        ("2013-09-24", True),  # a later version replaces the stored one
        (None, True),  # an undated one too: the later ingest wins
        ("2013-09-20", False),  # an older one is kept aside, the stored one stays
    ],
)
def test_another_text_under_a_stored_id_keeps_the_version_that_loses(
    store: Store, published: str | None, replaces: bool
) -> None:
    stored = content_hash(ARTICLE)
    text = f"{ARTICLE['text']} Officials said 67 people died in total."
    other = {**ARTICLE, "text": text, "published": published}
    record = rec("e-mall-2", "westgate", MALL, text)

    assert store.add(other, [record]) is replaces

    (version,) = store.versions("westgate")
    kept, lost = (content_hash(other), stored) if replaces else (stored, content_hash(other))
    assert store.stored_hash("westgate") == kept
    assert (version["content_hash"], version["superseded_by"]) == (lost, kept)
    # the events are the winning version's
    assert (store.get("e-mall-2") is not None, store.get("e-mall") is not None) == (
        replaces,
        not replaces,
    )


def test_iter_events_pages_after_the_last_row_in_query_order(monkeypatch) -> None:
    """Pages of 3 over dated events (some on one day) and undated ones: every event once,
    in `query`'s order, whatever the page boundaries."""
    monkeypatch.setattr("eventwatch.store.store.MAX_LIMIT", 3)
    store = Store(":memory:")
    days = ["2019-01-02", "2019-01-01", None, "2019-01-02", None, "2019-01-02", "2019-01-03",
            None, "2019-01-01", "2019-01-02"]  # fmt: skip
    for n, day in enumerate(days):
        text = f"Militants attacked village {n} on a day."
        article = {"id": f"doc{n}", "text": text}
        actor = [{"entity_text": f"Brigade {n}", "identifier_text": f"Brigade {n}"}]  # no merging
        store.add(
            article, [rec(f"e{n}", f"doc{n}", text, text, date=day, enddate=day, actor=actor)]
        )
    ids = [e["id"] for e in store.iter_events()]
    assert ids == [e["id"] for e in store.query(limit=100)]
    assert len(ids) == len(set(ids)) == len(days)
    assert [e["id"] for e in store.iter_events(event="ASSAULT")] == ids
    store.close()


def test_records_with_and_without_subdivisions_read_back_as_stored() -> None:
    """Records written before places carried admin codes and admin2 still read, unchanged;
    newer ones keep theirs."""
    subdivisions = {"admin1": "Nairobi", "admin1_code": "KE.30", "admin1_iso": "KE-30",
                    "admin2": "Westlands", "admin2_code": "KE.30.12"}  # fmt: skip
    newer = rec("e-new", "westgate", MALL, ARTICLE["text"],
                event_loc={**MALL_RECORD["event_loc"], **subdivisions})  # fmt: skip
    store = Store(":memory:")
    store.add(ARTICLE, [MALL_RECORD, newer])
    old, new = store.get("e-mall"), store.get("e-new")
    assert old is not None and new is not None
    assert old["event_loc"] == MALL_RECORD["event_loc"]
    assert "admin2" not in old["event_loc"]
    assert new["event_loc"] == newer["event_loc"]
