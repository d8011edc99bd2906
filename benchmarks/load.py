"""Load test of the web API: requests/s and p50/p99 latency of `GET /api/events`.

    .venv/bin/python benchmarks/load.py [--db PATH] [--events 100000] [--requests 3000]
                                        [--seconds 60] [--concurrency 8]

Builds (once, then reuses) a store of at least `--events` merged events from synthetic
but realistic PLOVER records written through `Store.add` (the first build takes a while:
every `add` merges across articles), starts `eventwatch.web` with uvicorn on 127.0.0.1 (loopback only,
a free port), sends a bounded mix of event-list requests (no filter, deep pages, type,
country, date range, actor, text, combined) from `--concurrency` client threads, and
stops after `--requests` requests or `--seconds` seconds, whichever comes first.
Prints one JSON object; exit status 1 when p99 misses `--target-p99-ms`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

TARGET_P99_MS = 200.0

# (type, trigger, mode, cameo, acled, lethal?)
# fmt: off
VERBS = [
    ("ASSAULT", "attacked", "", "190", ["Battles", "Armed clash"], True),
    ("ASSAULT", "shelled", "", "195", ["Explosions/Remote violence", "Shelling/artillery/missile attack"], True),
    ("ASSAULT", "bombed", "aerial", "195", ["Explosions/Remote violence", "Air/drone strike"], True),
    ("ASSAULT", "abducted", "abduct", "181", ["Violence against civilians", "Abduction/forced disappearance"], False),
    ("COERCE", "arrested", "arrest", "173", ["Strategic developments", "Arrests"], False),
    ("COERCE", "cracked down on", "repression", "175", None, False),
    ("PROTEST", "protested against", "demo", "141", ["Protests", "Peaceful protest"], False),
    ("THREATEN", "threatened", "violence", "138", None, False),
    ("ACCUSE", "accused", "allege", "112", None, False),
    ("SANCTION", "imposed sanctions on", "discontinue", "163", None, False),
    ("CONSULT", "met", "meet", "040", None, False),
    ("AGREE", "agreed a ceasefire with", "", "081", None, False),
    ("REQUEST", "called on", "", "020", None, False),
    ("REJECT", "rejected the demands of", "", "120", None, False),
    ("SUPPORT", "praised", "", "051", None, False),
    ("MOBILIZE", "deployed troops against", "troops", "152", None, False),
    ("RETREAT", "withdrew from positions held by", "withdraw", "087", None, False),
    ("AID", "sent aid to", "", "073", None, False),
    ("COOPERATE", "signed a security pact with", "", "061", None, False),
    ("CONCEDE", "released prisoners held by", "release", "084", None, False),
]
# fmt: on
QUAD = {
    "CONSULT": 1,
    "SUPPORT": 1,
    "COOPERATE": 1,
    "AID": 2,
    "CONCEDE": 2,
    "RETREAT": 2,
    "AGREE": 1,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}  # fmt: skip
# (as written, canonical, Wikidata-like id or None, code, sector)
ACTORS = [
    ("Israeli forces", "Israel Defense Forces", None, "ISR", "MIL"),
    ("Hamas", "Hamas", "Q38867", "PSE", "REB"),
    ("the Taliban", "Taliban", "Q42418", "AFG", "REB"),
    ("al-Shabaab", "al-Shabaab", "Q165911", "SOM", "REB"),
    ("Boko Haram", "Boko Haram", "Q733215", "NGA", "REB"),
    ("Russian troops", "Armed Forces of Russia", None, "RUS", "MIL"),
    ("Ukrainian forces", "Armed Forces of Ukraine", None, "UKR", "MIL"),
    ("the Islamic State group", "Islamic State", "Q2429253", None, "REB"),
    ("Houthi rebels", "Houthis", "Q1030404", "YEM", "REB"),
    ("the Rapid Support Forces", "Rapid Support Forces", "Q7293502", "SDN", "MIL"),
    ("the Sudanese army", "Sudanese Armed Forces", None, "SDN", "MIL"),
    ("Pakistani police", "Police of Pakistan", None, "PAK", "COP"),
    ("the Baloch Liberation Army", "Balochistan Liberation Army", "Q810986", "PAK", "REB"),
    ("M23 rebels", "M23", "Q2060733", "COD", "REB"),
    ("Congolese troops", "Armed Forces of the DRC", None, "COD", "MIL"),
    ("the United Nations", "United Nations", "Q1065", "IGO", "IGO"),
    ("the European Union", "European Union", "Q458", "IGO", "IGO"),
    ("the United States", "United States", "Q30", "USA", "GOV"),
    ("Iran", "Iran", "Q794", "IRN", "GOV"),
    ("Hezbollah", "Hezbollah", "Q131559", "LBN", "REB"),
    ("Myanmar's military", "Tatmadaw", "Q1538893", "MMR", "MIL"),
    ("protesters", "protesters", None, None, "CVL"),
    ("gunmen", "gunmen", None, None, "REB"),
    ("villagers", "villagers", None, None, "CVL"),
    ("Haitian gangs", "gangs of Haiti", None, "HTI", "CRM"),
    ("the Malian junta", "Government of Mali", None, "MLI", "GOV"),
    ("Wagner fighters", "Wagner Group", "Q28122411", "RUS", "MIL"),
    ("the Kenyan government", "Government of Kenya", None, "KEN", "GOV"),
]
# (name, lat, lon, country, admin1, precision)
PLACES = [
    ("Kabul", 34.5281, 69.1723, "AFG", "Kabul", "city"),
    ("Kandahar", 31.6289, 65.7372, "AFG", "Kandahar", "city"),
    ("Baghdad", 33.3406, 44.4009, "IRQ", "Baghdad", "city"),
    ("Mosul", 36.3400, 43.1300, "IRQ", "Nineveh", "city"),
    ("Mogadishu", 2.0371, 45.3438, "SOM", "Banaadir", "city"),
    ("Gaza City", 31.5017, 34.4668, "PSE", "Gaza", "city"),
    ("Rafah", 31.2969, 34.2435, "PSE", "Gaza", "city"),
    ("Kyiv", 50.4501, 30.5234, "UKR", "Kyiv City", "city"),
    ("Kharkiv", 49.9935, 36.2304, "UKR", "Kharkiv", "city"),
    ("Donetsk", 48.0159, 37.8029, "UKR", "Donetsk", "city"),
    ("Aleppo", 36.2021, 37.1343, "SYR", "Aleppo", "city"),
    ("Idlib", 35.9306, 36.6339, "SYR", "Idlib", "city"),
    ("Sanaa", 15.3694, 44.1910, "YEM", "Amanat al Asimah", "city"),
    ("Maiduguri", 11.8464, 13.1603, "NGA", "Borno", "city"),
    ("Khartoum", 15.5007, 32.5599, "SDN", "Khartoum", "city"),
    ("El Fasher", 13.6280, 25.3494, "SDN", "North Darfur", "city"),
    ("Tripoli", 32.8872, 13.1913, "LBY", "Tripoli", "city"),
    ("Bamako", 12.6392, -8.0029, "MLI", "Bamako", "city"),
    ("Goma", -1.6792, 29.2228, "COD", "North Kivu", "city"),
    ("Quetta", 30.1798, 66.9750, "PAK", "Balochistan", "city"),
    ("Peshawar", 34.0151, 71.5249, "PAK", "Khyber Pakhtunkhwa", "city"),
    ("Nairobi", -1.2864, 36.8172, "KEN", "Nairobi", "city"),
    ("Yangon", 16.8409, 96.1735, "MMR", "Yangon", "city"),
    ("Port-au-Prince", 18.5944, -72.3074, "HTI", "Ouest", "city"),
    ("Beirut", 33.8938, 35.5018, "LBN", "Beirut", "city"),
    ("Ouagadougou", 12.3714, -1.5197, "BFA", "Centre", "city"),
    ("Niamey", 13.5116, 2.1254, "NER", "Niamey", "city"),
    ("Juba", 4.8594, 31.5713, "SSD", "Central Equatoria", "city"),
    ("Mekelle", 13.4967, 39.4753, "ETH", "Tigray", "city"),
    ("North Sinai", 31.152, 33.822, "EGY", "North Sinai", "region"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
START_DAY = dt.date(2015, 1, 1)
DAYS = 3650


def _entity(actor: tuple[Any, ...], start: int) -> dict[str, Any]:
    text, canonical, ident, code, sector = actor
    return {
        "entity_text": text,
        "identifier_text": canonical,
        "identifier_id": ident,
        "code": code,
        "sector": sector,
        "aliases": [text] if text != canonical else [],
        "parent": None,
        "start": start,
        "end": start + len(text),
        "resolution": {
            "method": "alias" if ident else "as-written",
            "score": 0.95 if ident else 0.4,
            "reason": f"{text!r} is an alias of {canonical}" if ident else "not in the KB",
        },
    }


def synthetic_article(n: int, rng: random.Random) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One article of 3-5 event sentences and its records, with consistent offsets."""
    doc_id = f"synthetic-{n:07d}"
    published = START_DAY + dt.timedelta(days=rng.randrange(DAYS))
    title = f"Violence and diplomacy around {rng.choice(PLACES)[0]}: report {n}"
    text = title + "\n\n"
    records = []
    for k in range(rng.randint(3, 5)):
        etype, verb, mode, cameo, acled, lethal = rng.choice(VERBS)
        actor, recipient = rng.sample(ACTORS, 2)
        place = rng.choice(PLACES)
        day = published - dt.timedelta(days=rng.randrange(0, 6))
        weekday = WEEKDAYS[day.weekday()]
        dead = rng.choice([None, None, 1, 2, 3, 5, 8, 12, 20, 35, 100]) if lethal else None
        sentence_start = len(text)
        subject = actor[0][0].upper() + actor[0][1:]
        parts = [subject, " ", verb, " ", recipient[0], " in ", place[0], " on ", weekday]
        offsets, pos = [], sentence_start
        for part in parts:
            offsets.append(pos)
            pos += len(part)
        sentence = "".join(parts)
        if dead is not None:
            sentence += f", killing {dead} people"
        sentence += ", officials said."
        text += sentence + " "
        records.append(
            {
                "id": f"{n:07d}{k:02d}{rng.getrandbits(28):07x}",
                "doc_id": doc_id,
                "event": etype,
                "mode": [mode] if mode else [],
                "context": [],
                "quad_code": QUAD[etype],
                "actor": [_entity(actor, offsets[0])],
                "recipient": [_entity(recipient, offsets[4])],
                "date": day.isoformat(),
                "enddate": day.isoformat(),
                "date_precision": "day",
                "date_text": weekday,
                "event_loc": {
                    "extracted_place": place[0],
                    "resolved_place": place[0],
                    "geonameid": 100000 + PLACES.index(place),
                    "lat": place[1],
                    "lon": place[2],
                    "admin1": place[4],
                    "country_code": place[3],
                    "precision": place[5],
                    "start": offsets[6],
                    "end": offsets[6] + len(place[0]),
                    "resolution": {"method": "gazetteer", "score": 0.9, "reason": "synthetic"},
                },
                "size": {"dead": dead, "injured": None, "arrested": None},
                "status": ["historical"] if k == 0 and rng.random() < 0.1 else [],
                "event_text": verb,
                "text": sentence,
                "text_info": {"start": sentence_start, "end": sentence_start + len(sentence)},
                "evidence": [
                    {
                        "doc_id": doc_id,
                        "text": sentence,
                        "start": sentence_start,
                        "end": sentence_start + len(sentence),
                        "event_text": verb,
                        "trigger_start": offsets[2],
                        "trigger_end": offsets[2] + len(verb),
                    }
                ],
                "source_count": 1,
                "confidence": round(rng.uniform(0.5, 0.95), 2),
                "cameo_code": cameo,
                "acled_event_type": acled[0] if acled else None,
                "acled_sub_event_type": acled[1] if acled else None,
            }
        )
    article = {
        "id": doc_id,
        "title": title,
        "url": f"https://news.example.org/{published:%Y/%m/%d}/{doc_id}",
        "source": "synthetic wire",
        "published": published.isoformat(),
        "text": text.rstrip(),
    }
    return article, records


def build_store(path: Path, events: int, seed: int = 6) -> dict[str, int]:
    """Fill `path` through `Store.add` until it holds at least `events` merged events
    (what the API lists; about one report in eight merges with another article's)."""
    from eventwatch.store import Store

    rng = random.Random(seed)
    with Store(path) as store:
        stats = store.stats()
        n = stats["articles"]
        rng.seed(seed + n)  # resuming a partly built store continues with fresh articles
        began, have, first = time.perf_counter(), stats["clusters"], n
        while have < events:
            article, records = synthetic_article(n, rng)
            store.add(article, records)
            n += 1
            if n % 1000 == 0:
                have = store.stats()["clusters"]
                rate = (n - first) / max(time.perf_counter() - began, 1e-9)
                print(f"  {have:,} merged events ({rate:,.0f} articles/s)", file=sys.stderr)
        return store.stats()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request_mix(rng: random.Random) -> Iterator[dict[str, Any]]:
    """An endless mix of event-list queries an analyst's page would send."""
    types = sorted({v[0] for v in VERBS})
    while True:
        year = rng.randrange(2015, 2025)
        month = rng.randrange(1, 13)
        choice = rng.random()
        if choice < 0.2:
            yield {"limit": 50}
        elif choice < 0.3:
            yield {"limit": 50, "offset": rng.randrange(0, 5000)}
        elif choice < 0.45:
            yield {"event": rng.choice(types), "limit": 50}
        elif choice < 0.6:
            yield {"country": rng.choice(PLACES)[3], "limit": 50}
        elif choice < 0.75:
            yield {"start": f"{year}-{month:02d}-01", "end": f"{year}-{month:02d}-28", "limit": 50}
        elif choice < 0.85:
            yield {"actor": rng.choice(ACTORS)[1], "limit": 50}
        elif choice < 0.93:
            yield {
                "text": rng.choice(["killing", "sanctions", "ceasefire", "officials"]),
                "limit": 50,
            }
        else:
            yield {
                "event": "ASSAULT",
                "country": rng.choice(PLACES)[3],
                "start": f"{year}-01-01",
                "end": f"{year}-12-31",
                "limit": 50,
            }


def run_load(
    base: str, requests: int, seconds: float, concurrency: int, seed: int = 7
) -> dict[str, Any]:
    import httpx

    rng = random.Random(seed)
    mix = request_mix(rng)
    plan = [next(mix) for _ in range(requests)]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    cursor = iter(plan)

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=10.0) as client:
            while time.perf_counter() < deadline:
                with lock:
                    params = next(cursor, None)
                if params is None:
                    return
                began = time.perf_counter()
                response = client.get("/api/events", params=params)
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    began = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    return {
        "requests": len(ordered),
        "seconds": round(wall, 2),
        "requests_per_s": round(len(ordered) / wall, 1),
        "p50_ms": round(pct(50), 1),
        "p99_ms": round(pct(99), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
        "statuses": statuses,
        "concurrency": concurrency,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/eventwatch-load.db"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--target-p99-ms", type=float, default=TARGET_P99_MS)
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 100_000 or not 0 < args.seconds <= 600:
        parser.error("keep the load bounded: 1-100000 requests, at most 600 seconds")
    if not 1 <= args.concurrency <= 64:
        parser.error("--concurrency must be 1-64")

    began = time.perf_counter()
    stats = build_store(args.db, args.events)
    print(f"store {args.db}: {stats} ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # The server runs in its own process, as `eventwatch serve` would: the clients here
    # must not share its interpreter lock. Loopback only.
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(args.db), str(port)],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for(base, server)
        run_load(base, args.warmup, 30.0, args.concurrency, seed=1)
        result = run_load(base, args.requests, args.seconds, args.concurrency)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    result["store"] = stats
    print(json.dumps(result, indent=2))
    return 0 if result["p99_ms"] < args.target_p99_ms else 1


SERVER = """
import sys
from eventwatch.web import serve
serve(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _wait_for(base: str, server: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            if httpx.get(f"{base}/api/meta", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer within {seconds:g} s")


if __name__ == "__main__":
    sys.exit(main())
