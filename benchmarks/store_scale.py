"""A store the size of ACLED's: write rate, page API latency, export and size on disk.

    .venv/bin/python benchmarks/store_scale.py [--events 1000000] [--db PATH] [--base PATH]
                                               [--repeat 20] [--rebuild]

1. **Base**: the 89 Voice of America stories (../shared/datasets/voa) ingested into a store
   (`--base`, built once and reused).
2. **Big store** (`--db`, built once and reused, `--rebuild` to start again): the base's
   articles, events, actors, places, evidence and merged events copied until there are
   `--events` events; copy k has ids suffixed `~k`, every date shifted by `SHIFT_DAYS * k`
   days and coordinates moved by up to a degree, so copies do not report the same events.
   The copies are written with SQL, not through `Store.add`: building is not what is timed.
3. **Write rate** (run last): the base's records, under new ids and dates inside the big store's range,
   are stored with `Store.add` (merging across articles included): events per second.
4. **Page API**: every call the page makes (`/api/meta`, events with each filter and deep
   pages, text search, timeline, network, map places, actors), each `--repeat` times over a
   fresh server state for the first call (cold) and then cached: p50, p95 and the cold time.
5. **First paint**: seconds until the page, opened in headless Chromium at 1440x900, shows
   the events table's rows and the map's circles (a fresh server each of three runs).
6. **Export**: 100,000 merged events as CSV and as ACLED CSV; **size**: bytes per event on
   disk beyond the articles' text.

Prints one JSON object and writes it to `--json` if given.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VOA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa" / "voa_stories.jsonl"
SHIFT_DAYS = 5  # days between two copies: 1,500 copies span about 20 years


def build_base(path: Path) -> None:
    from eventwatch.batch import ingest
    from eventwatch.store import Store

    with Store(path) as store:
        ingest([str(VOA)], store=store)


def _copy_sql(k: int) -> list[tuple[str, tuple[Any, ...]]]:
    """Statements writing copy k of the attached base `b` into the main store."""
    sfx, days = f"~{k}", f"+{SHIFT_DAYS * k} days"
    rnd = random.Random(k)
    dlat, dlon = rnd.uniform(-1, 1), rnd.uniform(-1, 1)
    shift = "date({0}, ?)"
    return [
        (
            "INSERT INTO articles SELECT id || ?, content_hash, title, url, source,"
            f" {shift.format('published')}, origin, text, ingested_at FROM b.articles",
            (sfx, days),
        ),
        (
            "INSERT INTO events SELECT id || ?, doc_id || ?, event, quad_code,"
            f" {shift.format('date')}, {shift.format('enddate')}, date_precision, country_code,"
            " lat + ?, lon + ?, dead, injured, arrested, confidence,"
            " json_set(record, '$.id', id || ?, '$.doc_id', doc_id || ?,"
            f" '$.date', {shift.format('date')}, '$.enddate', {shift.format('enddate')})"
            " FROM b.events",
            (sfx, sfx, days, days, dlat, dlon, sfx, sfx, days, days),
        ),
        (
            "INSERT INTO event_actors SELECT event_id || ?, role, position, entity_text,"
            " identifier_text, identifier_id, code, sector FROM b.event_actors",
            (sfx,),
        ),
        (
            "INSERT INTO places SELECT event_id || ?, extracted_place, resolved_place,"
            " geonameid, admin1, country_code, precision, lat + ?, lon + ? FROM b.places",
            (sfx, dlat, dlon),
        ),
        (
            'INSERT INTO evidence (event_id, position, doc_id, start, "end", text, event_text,'
            " trigger_start, trigger_end) SELECT event_id || ?, position, doc_id || ?, start,"
            ' "end", text, event_text, trigger_start, trigger_end FROM b.evidence',
            (sfx, sfx),
        ),
        (
            "INSERT INTO clusters SELECT id || ?, event, "
            f" {shift.format('date')}, {shift.format('enddate')}, country_code, lat + ?, lon + ?,"
            " dead, confidence, source_count, json_set(record, '$.id', id || ?,"
            f" '$.date', {shift.format('date')}, '$.enddate', {shift.format('enddate')})"
            " FROM b.clusters",
            (sfx, days, days, dlat, dlon, sfx, days, days),
        ),
        (
            "INSERT INTO cluster_members SELECT cluster_id || ?, event_id || ?"
            " FROM b.cluster_members",
            (sfx, sfx),
        ),
    ]


def build_big(base: Path, db: Path, events: int, log=print) -> None:
    shutil.copyfile(base, db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("ATTACH DATABASE ? AS b", (str(base),))
    per_copy = conn.execute("SELECT COUNT(*) FROM b.events").fetchone()[0]
    copies = math.ceil(events / per_copy) - 1
    started = time.perf_counter()
    for k in range(1, copies + 1):
        if k % 50 == 1:
            conn.execute("BEGIN")
        for sql, params in _copy_sql(k):
            conn.execute(sql, params)
        if k % 50 == 0 or k == copies:
            conn.execute("COMMIT")
            log(f"copy {k}/{copies} ({time.perf_counter() - started:.0f} s)")
    conn.execute("DETACH DATABASE b")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def write_rate(base: Path, db: Path) -> dict[str, Any]:
    """Store the base's records again, as new articles dated inside the big store's range."""
    from eventwatch.store import Store
    from eventwatch.types import Article

    conn = sqlite3.connect(base)
    articles = conn.execute("SELECT id, title, url, source, published, text FROM articles")
    rows = articles.fetchall()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for doc_id, record in conn.execute("SELECT doc_id, record FROM events"):
        by_doc.setdefault(doc_id, []).append(json.loads(record))
    conn.close()
    n_events = 0
    tag = f"w{time.time_ns()}"  # new ids each run: a second run writes, not skips
    with Store(db) as store:  # opened (and migrated) before the clock starts
        started = time.perf_counter()
        for doc_id, title, url, source, published, text in rows:
            new_id = f"{doc_id}~{tag}"
            records = [
                {**r, "id": f"{r['id']}~{tag}", "doc_id": new_id} for r in by_doc.get(doc_id, [])
            ]
            article = Article(id=new_id, text=text, title=title, url=url, source=source,
                              published=published)  # fmt: skip
            store.add(article, records)
            n_events += len(records)
    seconds = time.perf_counter() - started
    return {"articles": len(rows), "events": n_events, "seconds": round(seconds, 2),
            "events_per_s": round(n_events / seconds, 1)}  # fmt: skip


def _calls(conn: sqlite3.Connection) -> dict[str, str]:
    """One URL per page call, with filter values taken from the store itself."""
    actor = conn.execute(
        "SELECT identifier_text FROM event_actors WHERE identifier_id IS NOT NULL"
        " GROUP BY identifier_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    country = conn.execute(
        "SELECT country_code FROM clusters WHERE country_code IS NOT NULL"
        " GROUP BY country_code ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    first, last = conn.execute("SELECT MIN(date), MAX(date) FROM clusters").fetchone()
    mid = first[:4]
    q = {"actor": actor, "country": country, "year": mid}
    return {
        "meta": "/api/meta",
        "events": "/api/events",
        "events type": "/api/events?event=ASSAULT",
        "events country": f"/api/events?country={q['country']}",
        "events dates": f"/api/events?start={mid}-03-01&end={mid}-06-30",
        "events actor": f"/api/events?actor={q['actor']}",
        "events combined": f"/api/events?event=ASSAULT&country={q['country']}&start={mid}-01-01",
        "events deep page": "/api/events?offset=900000",
        "text search": "/api/events?text=airstrike",
        "timeline month": "/api/timeline?interval=month",
        "timeline year": "/api/timeline?interval=year",
        "network": "/api/network",
        "places": "/api/places",
        "actors": "/api/actors",
        "actors name": f"/api/actors?name={q['actor'][:6]}",
    }


def page_api(db: Path, repeat: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from eventwatch.web import create_app

    conn = sqlite3.connect(db)
    calls = _calls(conn)
    conn.close()
    out: dict[str, Any] = {}
    for name, url in calls.items():
        times, status = [], None
        app = create_app(db)  # a fresh reader: the first call finds no cached aggregate
        with TestClient(app) as client:
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                status = response.status_code
        times_sorted = sorted(times)
        p95 = times_sorted[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
        out[name] = {"url": url, "status": status, "cold_ms": round(times[0], 1),
                     "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}  # fmt: skip
        print(f"{name:18} {status} cold {times[0]:8.1f} ms  p95 {p95:8.1f} ms", file=sys.stderr)
    return out


def first_paint(db: Path, runs: int = 3) -> dict[str, Any]:
    """Seconds from opening the page in headless Chromium (Debian's, driven by Playwright)
    until the events table has rows and the map its circles, on a fresh server each run."""
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from eventwatch.web import create_app

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return {"skipped": "no /usr/bin/chromium: run scripts/setup-web.sh"}
    times = []
    for _ in range(runs):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("#events tbody tr", timeout=60_000)
                page.wait_for_selector("#map path.leaflet-interactive", timeout=60_000)
                times.append(time.perf_counter() - started)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    return {"runs": runs, "seconds": [round(t, 2) for t in times], "worst_s": round(max(times), 2)}


def export_rate(db: Path, rows: int) -> dict[str, Any]:
    """The first `rows` merged events written as CSV (every event is a row) and as ACLED
    CSV (only the events ACLED can hold are rows)."""
    from itertools import islice

    from eventwatch.export import export
    from eventwatch.store import Store

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, Store(db) as store:
        for fmt in ("csv", "acled"):
            read: list[dict[str, Any]] = []
            started = time.perf_counter()
            events = islice(store.iter_events(), rows)
            written = export((read.append(e) or e for e in events), fmt, Path(tmp) / "out")
            seconds = time.perf_counter() - started
            out[fmt] = {"events_read": len(read), "rows_written": written,
                        "seconds": round(seconds, 2)}  # fmt: skip
    return out


def size(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    text = conn.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM articles").fetchone()[0]
    conn.close()
    total = db.stat().st_size
    return {"events": events, "file_bytes": total, "article_text_bytes": text,
            "bytes_per_event_beyond_text": round((total - text) / events)}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "ew-scale.db")
    parser.add_argument("--base", type=Path, default=Path(tempfile.gettempdir()) / "ew-voa.db")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip", default="", help="comma-separated: api,browser,export,write")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    log = lambda msg: print(msg, file=sys.stderr)  # noqa: E731
    if not args.base.exists():
        if not VOA.exists():
            print(f"no VOA corpus at {VOA}; pass --base with a store", file=sys.stderr)
            return 2
        log(f"building the base store {args.base} from {VOA}")
        build_base(args.base)
    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        log(f"building {args.db} with {args.events:,} events")
        started = time.perf_counter()
        build_big(args.base, args.db, args.events, log)
        log(f"built in {time.perf_counter() - started:.0f} s")
    skip = set(filter(None, args.skip.split(",")))
    result: dict[str, Any] = {"size": size(args.db)}
    if "api" not in skip:
        result["api"] = page_api(args.db, args.repeat)
    if "browser" not in skip:
        result["first_paint"] = first_paint(args.db)
        print(f"first paint (table and map): {result['first_paint']}", file=sys.stderr)
    if "export" not in skip:
        result["export"] = export_rate(args.db, args.export_rows)
    if "write" not in skip:
        # last: it adds to the store (89 articles under new ids each run)
        result["write"] = write_rate(args.base, args.db)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
