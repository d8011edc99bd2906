"""The workbench page in a real browser (Debian chromium driven by Playwright).

The store is filled by the real pipeline from the example corpus plus a hostile article
whose text, title, link and names carry `<script>`, event-handler attributes and a
`javascript:` URL; the page must show them as text and run none of them. Skipped, with
the reason, where chromium, Playwright or the page's npm files are missing (run
scripts/setup-web.sh); never runs `playwright install`.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: run scripts/setup-web.sh (apt-get install chromium)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright==1.65.2)"
)
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

from eventwatch.web import WebSettings, assets_present, create_app  # noqa: E402

if not assets_present():
    pytest.skip(
        "the page's npm files are missing from eventwatch/web/static/vendor: run scripts/setup-web.sh",
        allow_module_level=True,
    )

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "eventwatch" / "examples" / "corpus.jsonl"
HOSTILE_TEXT = """Gunmen kill 12 in Kabul <img src=x onerror="window.__xss='img'">

Taliban fighters <b onmouseover="window.__xss='attr'">attacked</b> a police checkpoint in Kabul on Monday, killing 12 officers <script>window.__xss='body'</script>, officials said.
Hamas <svg onload="window.__xss='svg'"> accused Israel of shelling Rafah on Tuesday, killing 5 people.
"""
EVIL_NAME = """<img src=x onerror="window.__xss='name'">"""


def _hostile_record(text: str) -> dict[str, Any]:
    """A record whose names and place are markup (as a careless source could give them)."""
    sentence = text.splitlines()[-1]
    start = text.index(sentence)
    actor = text.index(EVIL_NAME)
    return {
        "id": "hostile-record",
        "doc_id": "hostile-names",
        "event": "ASSAULT",
        "mode": [],
        "context": [],
        "quad_code": 4,
        "actor": [
            {
                "entity_text": EVIL_NAME,
                "identifier_text": EVIL_NAME,
                "identifier_id": None,
                "code": None,
                "sector": None,
                "aliases": [],
                "parent": None,
                "start": actor,
                "end": actor + len(EVIL_NAME),
            }
        ],
        "recipient": [
            {
                "entity_text": "<i>villagers</i>",
                "identifier_text": "<i>villagers</i>",
                "aliases": [],
            }
        ],
        "date": "2024-03-04",
        "enddate": "2024-03-04",
        "date_precision": "day",
        "date_text": None,
        "event_loc": {
            "extracted_place": "<svg onload=alert(1)>",
            "resolved_place": "<svg onload=alert(1)>",
            "country_code": "AFG",
            "lat": 33.0,
            "lon": 65.0,
            "precision": "city",
        },
        "size": {"dead": 7, "injured": None, "arrested": None},
        "status": [],
        "event_text": "raided",
        "text": sentence,
        "text_info": {"start": start, "end": start + len(sentence)},
        "evidence": [
            {
                "doc_id": "hostile-names",
                "text": sentence,
                "start": start,
                "end": start + len(sentence),
                "event_text": "raided",
                "trigger_start": text.index("raided"),
                "trigger_end": text.index("raided") + 6,
            }
        ],
        "source_count": 1,
        "confidence": 0.7,
        "cameo_code": "190",
        "acled_event_type": None,
        "acled_sub_event_type": None,
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    from eventwatch.ingest import read_articles
    from eventwatch.records import to_json
    from eventwatch.store import Store
    from eventwatch.types import Article, Dropped

    articles = [a for a in read_articles(str(EXAMPLES)) if not isinstance(a, Dropped)]
    articles.append(
        Article(
            id="hostile",
            text=HOSTILE_TEXT,
            title="<script>window.__xss='title'</script>Gunmen kill 12",
            published=dt.date(2024, 3, 6),
            url="javascript:window.__xss='url'",
            source='<b onmouseover="window.__xss=1">wire</b>',
        )
    )
    path = tmp_path_factory.mktemp("browser") / "events.db"
    with Store(path) as store:
        for result in pipeline.run(articles):
            assert result.dropped is None, result.dropped
            store.add(result.article, [to_json(r) for r in result.records])
        names_text = f"Village raid\n\nMen led by {EVIL_NAME} raided a village, killing 7."
        store.add(
            {
                "id": "hostile-names",
                "text": names_text,
                "title": EVIL_NAME,
                "published": "2024-03-05",
                "url": "javascript:alert(1)",
            },
            [_hostile_record(names_text)],
        )
    return path


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The workbench over `db` on a free loopback port, in a thread; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(db, settings=WebSettings()), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    with serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


class Page:
    """A browser tab that records console errors, page errors and dialogs."""

    def __init__(self, browser: Any, base: str, size: tuple[int, int] = (1400, 1000)) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console",
            lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"),
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.foreign: list[str] = []  # requests anywhere but this server: the page is offline
        self.page.on(
            "request",
            lambda r: r.url.startswith((base, "data:")) or self.foreign.append(r.url),
        )
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str = "/") -> Any:
        self.page.goto(self.base + path)
        self.wait()
        return self.page

    def wait(self) -> None:
        self.page.wait_for_selector("body[data-ready='1']", timeout=20_000)

    def data(self, selector: str, key: str) -> int:
        return int(self.page.eval_on_selector(selector, f"el => el.dataset.{key} || '0'"))


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Page]:
    page = Page(browser, server)
    yield page
    page.context.close()


def api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def test_the_page_loads_cleanly_and_every_view_shows_the_store(tab: Page, server: str) -> None:
    page = tab.open("/?interval=month")
    timeline = api(server, "/api/timeline?interval=month")
    places = api(server, "/api/places")
    network = api(server, "/api/network?max_nodes=40")  # as the page asks (NETWORK_NODES)
    page.wait_for_selector("#timeline .vis-item")
    items = sum(len(b["counts"]) for b in timeline["buckets"])
    assert tab.data("#timeline", "items") == items > 0
    assert page.locator("#timeline .vis-item").count() > 0
    assert page.locator("#timeline .vis-label").count() == len(timeline["types"])
    page.wait_for_selector("#map[data-countries]")
    assert tab.data("#map", "countries") > 200  # the world-atlas shapes, offline
    assert tab.data("#map", "markers") == len(places["items"]) > 0
    assert page.locator("#map path.leaflet-interactive").count() == len(places["items"])
    assert tab.data("#network", "nodes") == len(network["nodes"]) > 0
    assert page.locator("#network canvas").count() > 0
    rows = page.locator("#events tbody tr")
    assert rows.count() == min(50, timeline["total"])
    assert "event(s)" in page.inner_text("#summary")
    assert tab.errors == [] and tab.dialogs == [] and tab.foreign == []


def test_the_api_docs_render_offline(tab: Page) -> None:
    tab.page.goto(tab.base + "/docs")
    tab.page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = tab.page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/events" in paths and "/api/extract" in paths
    assert tab.errors == [] and tab.foreign == []


def _toll_words(record: dict[str, Any]) -> str:
    """The words of the record's death toll, as its evidence writes them."""
    span = record.get("size_info", {}).get("dead")
    for ev in record["evidence"] if span else ():
        if ev["start"] <= span["start"] < ev["end"]:
            return ev["text"][span["start"] - ev["start"] : span["end"] - ev["start"]]
    return ""


def _full_event(server: str) -> dict[str, Any]:
    """A stored event with an actor, a recipient, a place, a date and a death toll, each
    named in its text (an "unidentified armed group" has no words to highlight)."""
    offset = 0
    while True:
        page = api(server, f"/api/events?limit=200&offset={offset}")
        for record in page["items"]:
            loc = record.get("event_loc") or {}
            if (
                any(a.get("start") is not None for a in record["actor"])
                and any(r.get("start") is not None for r in record["recipient"])
                and loc.get("start") is not None
                and record["date_text"]
                and record["size"]["dead"]
                # a toll written as a number ("71 people", not "dozens" or "Two")
                and str(record["size"]["dead"]) in _toll_words(record)
            ):
                return record
        assert page["next_offset"], "no event with every field in the example corpus"
        offset = page["next_offset"]


def test_clicking_an_event_shows_its_highlighted_evidence(tab: Page, server: str) -> None:
    record = _full_event(server)
    page = tab.open(f"/?event={record['event']}&start={record['date']}&end={record['enddate']}")
    page.click(f"#events tbody tr[data-id='{record['id']}']")
    tab.wait()
    view = page.locator("#event-view")
    assert view.is_visible()
    assert f"id={record['id']}" in page.url
    sources = page.locator("#ev-sources")
    for kind in ("trigger", "actor", "recipient", "place", "date", "casualty"):
        assert sources.locator(f"mark.hl-{kind}").count() > 0, f"no {kind} highlighted"
    triggers = sources.locator("mark.hl-trigger").all_inner_texts()
    assert any(ev["event_text"] in triggers for ev in record["evidence"])
    assert sources.locator("mark.hl-date").first.inner_text() == record["date_text"]
    assert str(record["size"]["dead"]) in " ".join(
        sources.locator("mark.hl-casualty").all_inner_texts()
    )
    evidence = " ".join(sources.locator(".hl-evidence, mark").all_inner_texts())
    assert record["event_text"] in evidence
    detail = api(server, f"/api/events/{record['id']}")
    assert (
        view.locator("article.source").count() == len(detail["sources"]) == record["source_count"]
    )
    links = [s["url"] for s in detail["sources"] if s["url"]]
    assert view.locator("a.source-link").evaluate_all("els => els.map(e => e.href)") == links
    page.keyboard.press("Escape")
    tab.wait()
    assert not view.is_visible() and "id=" not in page.url
    assert tab.errors == []


def test_a_filter_narrows_every_view_and_stays_in_the_url(tab: Page, server: str) -> None:
    page = tab.open("/?interval=month")
    before = {
        k: tab.data(s, k)
        for s, k in (("#timeline", "items"), ("#map", "markers"), ("#network", "nodes"))
    }
    rows_before = page.locator("#events tbody tr").count()
    page.select_option("#f-event", "ASSAULT")
    page.fill("#f-country", "KEN")
    page.click("#apply")
    page.wait_for_url("**/?*event=ASSAULT*")
    tab.wait()
    expected = api(server, "/api/timeline?event=ASSAULT&country=KEN&interval=month")
    after = {
        k: tab.data(s, k)
        for s, k in (("#timeline", "items"), ("#map", "markers"), ("#network", "nodes"))
    }
    assert 0 < after["items"] < before["items"]
    assert 0 < after["markers"] < before["markers"]
    assert after["nodes"] < before["nodes"]
    assert page.locator("#timeline .vis-label").all_inner_texts() == ["ASSAULT"]
    types = page.locator("#events tbody tr .type").all_inner_texts()
    assert set(types) == {"ASSAULT"} and len(types) == expected["total"] < rows_before
    shared = page.url
    again = tab.open(shared.removeprefix(server))  # a shared link opens the same view
    assert again.input_value("#f-event") == "ASSAULT" and again.input_value("#f-country") == "KEN"
    assert tab.data("#map", "markers") == after["markers"]
    page.go_back()
    tab.wait()
    assert tab.data("#map", "markers") == before["markers"]
    assert tab.errors == []


def test_hostile_article_text_and_names_never_execute(tab: Page, server: str) -> None:
    found = api(server, "/api/events?text=checkpoint+officials")["items"]
    hostile = [e for e in found if "hostile" in e["doc_ids"]]
    assert hostile, "the pipeline found no event in the hostile article"
    page = tab.open(f"/?id={hostile[0]['id']}")
    view = page.locator("#event-view")
    text = view.inner_text()
    assert "<script>window.__xss='body'</script>" in text  # shown, as text
    assert "<script>window.__xss='title'</script>" in text
    assert view.locator("a[href]").count() == 0  # the javascript: link is not a link
    named = tab.open("/?actor=onerror")
    assert EVIL_NAME in named.inner_text("#events tbody")
    named.click("#events tbody tr[data-id]")
    tab.wait()
    assert EVIL_NAME in named.inner_text("#event-view")
    marker = named.locator("#map path.leaflet-interactive").first
    marker.click(force=True)
    named.wait_for_selector(".leaflet-popup-content")
    assert "<svg onload=alert(1)>" in named.inner_text(".leaflet-popup-content")
    for p in (page, named):
        assert p.evaluate("window.__xss") is None
        assert (
            p.locator(
                "body script, #event-view img, #event-view svg, #events img, #events svg"
            ).count()
            == 0
        )
        assert p.locator("[onerror], [onload], [onmouseover]").count() == 0
    assert tab.dialogs == [] and tab.errors == []


# --- the page at two screen sizes, over a store of every event type ---------------------
# Built from records written directly (no model): 16 PLOVER types over two years, some
# events undated or unplaced, and actors stored before pronouns and counts were refused
# ("her", "18", "four others", "two people"), which the network must still leave out.
NAMED = [
    ("Taliban", "Q42418", "AFG", "REB"),
    ("Israel", "Q801", "ISR", None),
    ("Hamas", "Q38867", "PSE", "REB"),
    ("Russia", "Q159", "RUS", None),
    ("Ukraine", "Q212", "UKR", None),
    ("United Nations", "Q1065", "IGO", None),
    ("Kenya", "Q114", "KEN", None),
    ("al-Shabaab", "Q189049", "SOM", "REB"),
]
UNNAMED = ["her", "18", "four others", "two people"]
TOWNS = [
    ("Kabul", "AFG", 34.5281, 69.1723),
    ("Rafah", "PSE", 31.2969, 34.2435),
    ("Kharkiv", "UKR", 49.9935, 36.2304),
    ("Mogadishu", "SOM", 2.0469, 45.3182),
    ("Nairobi", "KEN", -1.2864, 36.8172),
]
SCREENS = {"desktop": (1440, 900), "phone": (390, 844)}


def _entity(name: str, ident: str | None = None, code: str | None = None,
            sector: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"entity_text": name, "identifier_text": name, "identifier_id": ident,
            "code": code, "sector": sector, "aliases": [], "parent": None}  # fmt: skip


def many_types_store(path: Path) -> dict[str, int]:
    """Fill a store with events of all 16 types; return what it holds (events, undated,
    unplaced, types)."""
    from eventwatch.store import Store
    from eventwatch.web.params import ontology_types

    types = ontology_types()
    made = {"events": 0, "undated": 0, "unplaced": 0, "types": len(types)}
    with Store(path) as store:
        for t, (event, quad) in enumerate(types.items()):
            for k in range(4):
                n = t * 4 + k
                actor = NAMED[n % len(NAMED)]
                recipient = NAMED[(n + 3) % len(NAMED)]
                town = TOWNS[n % len(TOWNS)]
                dated = k != 3 or t % 3  # a few of each kind undated
                placed = k != 2 or t % 2  # and some without a place
                date = f"{2023 + k % 2}-{(t % 12) + 1:02d}-{10 + k:02d}" if dated else None
                sentence = (
                    f"{actor[0]} and {recipient[0]} were in report {n} about {event.lower()} "
                    f"near {town[0]}, with {UNNAMED[n % len(UNNAMED)]} involved."
                )
                doc = f"many-{n}"
                recipients = [_entity(*recipient)]
                if n % 2:  # an old record naming no one beside a named recipient
                    recipients.append(_entity(UNNAMED[n % len(UNNAMED)]))
                actors = [_entity(*actor)] if n % 5 else [_entity("her")]
                record = {
                    "id": f"rec-{n}", "doc_id": doc, "event": event, "mode": [],
                    "context": [], "quad_code": quad, "actor": actors,
                    "recipient": recipients, "date": date, "enddate": date,
                    "date_precision": "day" if date else "unknown", "date_text": None,
                    "event_loc": {"extracted_place": town[0], "resolved_place": town[0],
                                  "country_code": town[1], "lat": town[2], "lon": town[3],
                                  "precision": "city"} if placed else None,
                    "size": {"dead": n % 7 or None, "injured": None, "arrested": None},
                    "status": [], "event_text": "report", "text": sentence,
                    "evidence": [{"doc_id": doc, "text": sentence, "start": 0,
                                  "end": len(sentence), "event_text": "report"}],
                    "source_count": 1, "confidence": 0.8, "cameo_code": None,
                    "acled_event_type": None, "acled_sub_event_type": None,
                }  # fmt: skip
                store.add(
                    {"id": doc, "text": sentence, "title": f"Report {n}",
                     "published": "2024-12-31"},
                    [record],
                )  # fmt: skip
                made["events"] += 1
                made["undated"] += not dated
                made["unplaced"] += not placed
    return made


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    path = tmp_path_factory.mktemp("many") / "events.db"
    made = many_types_store(path)
    with serving(path) as base:
        yield base, made


@pytest.fixture(params=sorted(SCREENS), ids=sorted(SCREENS))
def screen(
    request: pytest.FixtureRequest, browser: Any, many: tuple[str, dict[str, int]]
) -> Iterator[Page]:
    tab = Page(browser, many[0], SCREENS[request.param])
    tab.page.screen_name = request.param  # type: ignore[attr-defined]
    yield tab
    tab.context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    return box


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, right: r.right, bottom: r.bottom}; })",
    )


def test_every_timeline_row_shows_and_nothing_is_cut(
    screen: Page, many: tuple[str, dict[str, int]], screenshots: Path
) -> None:
    base, made = many
    page = screen.open("/")
    width = page.viewport_size["width"]
    page.wait_for_selector("#timeline .vis-item")
    # drawn at once, not left hidden while vis-timeline settles its window
    assert page.eval_on_selector("#timeline .vis-timeline", "e => e.style.visibility") == "visible"
    name = page.screen_name
    page.screenshot(path=str(screenshots / f"page-{name}.png"), full_page=True)
    page.locator("#timeline").screenshot(path=str(screenshots / f"timeline-{name}.png"))
    timeline = api(base, "/api/timeline")
    assert len(timeline["types"]) == made["types"] == 16
    frame = _box(page, "#timeline .vis-timeline")
    panel = _box(page, "#timeline")
    assert (
        frame["x"] >= panel["x"] - 1
        and frame["x"] + frame["width"] <= panel["x"] + panel["width"] + 1
    )
    right, bottom = frame["x"] + frame["width"], frame["y"] + frame["height"]
    labels = _boxes(page, "#timeline .vis-label")
    assert len(labels) == 16 and page.locator("#timeline .vis-label").all_inner_texts() == sorted(
        timeline["types"]
    )
    for row in labels:  # each row inside the panel (1 px: the border they share)
        assert frame["y"] <= row["y"] and row["bottom"] <= bottom + 1, (row, frame)
        assert row["bottom"] - row["y"] >= 10  # a real row, not squeezed away
    assert screen.data("#timeline", "groups") == 16
    items = _boxes(page, "#timeline .vis-item")
    assert len(items) == screen.data("#timeline", "items") > 0
    for item in items:  # no period cut at either edge
        assert frame["x"] <= item["x"] and item["right"] <= right, (item, frame)
    assert right <= width and page.evaluate("document.documentElement.scrollWidth") <= width
    undated = page.locator("#timeline-undated")
    assert undated.is_visible()
    assert undated.inner_text() == (
        f"{made['undated']} events without a date (not on the timeline)"
    )
    assert timeline["undated"] == made["undated"] > 0
    unplaced = page.locator("#map-unplaced")
    assert unplaced.is_visible()
    assert unplaced.inner_text() == f"{made['unplaced']} events without a place (not on the map)"
    assert api(base, "/api/places")["unplaced"] == made["unplaced"] > 0
    assert screen.errors == [] and screen.foreign == []


def test_network_labels_are_readable_and_only_name_someone(
    screen: Page, many: tuple[str, dict[str, int]], screenshots: Path
) -> None:
    base, _ = many
    page = screen.open("/")
    page.wait_for_selector("#network canvas")
    page.locator("#network").screenshot(path=str(screenshots / f"network-{page.screen_name}.png"))
    network = api(base, "/api/network?max_nodes=40")
    labels = {node["label"] for node in network["nodes"]}
    assert labels == {name for name, *_ in NAMED}  # never "her", "18", "four others"
    assert screen.data("#network", "nodes") == len(network["nodes"])
    # the smallest label as drawn on screen (Cytoscape's rendered font size, zoom included)
    shown = float(page.eval_on_selector("#network", "el => el.dataset.labelPx"))
    assert shown >= 11
    page.mouse.move(*_centre(_box(page, "#network")))
    page.mouse.wheel(0, 600)  # zoom out: labels stay readable
    page.wait_for_timeout(300)
    assert float(page.eval_on_selector("#network", "el => el.dataset.labelPx")) >= 11
    assert screen.errors == []


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _column(page: Any, n: int) -> list[str]:
    return page.locator(f"#events tbody tr td:nth-child({n})").all_inner_texts()


def test_a_click_on_a_column_title_sorts_every_matching_event(
    screen: Page, many: tuple[str, dict[str, int]]
) -> None:
    base, made = many
    page = screen.open("/")
    assert page.get_attribute("#events th[data-sort='date']", "aria-sort") == "ascending"
    dates = [d for d in _column(page, 1) if d != "undated"]
    assert dates == sorted(dates)
    page.click("#events th[data-sort='dead'] button")
    page.wait_for_url("**sort=dead**")
    screen.wait()
    assert page.get_attribute("#events th[data-sort='dead']", "aria-sort") == "ascending"
    assert page.get_attribute("#events th[data-sort='date']", "aria-sort") == "none"
    dead = [int(d) for d in _column(page, 6) if d]
    assert dead == sorted(dead) and dead[0] == 1
    page.click("#events th[data-sort='dead'] button")
    page.wait_for_url("**sort=-dead**")
    screen.wait()
    assert page.get_attribute("#events th[data-sort='dead']", "aria-sort") == "descending"
    dead = [int(d) for d in _column(page, 6) if d]
    assert dead == sorted(dead, reverse=True) and dead[0] == 6  # the deadliest of all 64
    page.click("#events th[data-sort='event'] button")
    page.wait_for_url("**sort=event**")
    screen.wait()
    types = page.locator("#events tbody tr .type").all_inner_texts()
    assert types == sorted(types) and types[0] == "ACCUSE"
    assert page.locator("#events tbody tr").count() == min(50, made["events"])
    assert screen.errors == []


def test_the_download_links_give_the_filtered_events(
    screen: Page, many: tuple[str, dict[str, int]]
) -> None:
    import csv
    import io

    base, _ = many
    page = screen.open("/?event=ASSAULT&sort=-dead")
    assert page.locator("#dl-csv").is_visible() and page.locator("#dl-geojson").is_visible()
    expected = api(base, "/api/events?event=ASSAULT&sort=-dead&limit=500")["items"]
    csv_href = page.eval_on_selector("#dl-csv", "a => a.href")
    with urllib.request.urlopen(csv_href, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert [r["id"] for r in rows] == [e["id"] for e in expected] and len(rows) == 4
    assert {r["event"] for r in rows} == {"ASSAULT"}
    geo_href = page.eval_on_selector("#dl-geojson", "a => a.href")
    with urllib.request.urlopen(geo_href, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/geo+json"
        collection = json.loads(response.read())
    placed = [e["id"] for e in expected if e.get("event_loc")]
    assert [f["id"] for f in collection["features"]] == placed and placed
    assert {f["properties"]["event"] for f in collection["features"]} == {"ASSAULT"}
    assert screen.errors == []
