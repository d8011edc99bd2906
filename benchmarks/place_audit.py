"""Place audit: every placed event of a store, judged by a person against its text.

    .venv/bin/eventwatch ingest ../shared/datasets/voa/voa_stories.jsonl --db /tmp/voa.db
    .venv/bin/python benchmarks/place_audit.py sheet /tmp/voa.db -o places.tsv \\
        [--marked benchmarks/audits/voa-places-*.tsv]
    (a second reader fills `place_right`, `true_place` and `note` of the rows left blank)
    .venv/bin/python benchmarks/place_audit.py score /tmp/voa.db benchmarks/audits/voa-places-*.tsv

`sheet` writes one row per event with a resolved place (its evidence, the words taken as
the place, the resolution and why), split into the corpus's train and eval stories; with
`--marked`, rows already judged in earlier sheets (same story, first evidence sentence and
resolved place) keep their marks, so only new placements need reading. `place_right` is
one of yes (where the event happened, or a true coarser version of it), wrong-country,
wrong-place (right country, wrong town or region, or not this event's place),
not-location (not a place at all), unclear (the text does not tell).

`score` matches the store's placed events to the marked sheets and prints the counts per
mark, overall and per split; placements no sheet has marked are counted as unmarked.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

SPLIT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa" / "split.json"
COLUMNS = ("id", "doc_id", "split", "event", "evidence", "extracted_place", "resolved_place",
           "country", "admin1", "precision", "method", "reason")  # fmt: skip
MARKS = ("place_right", "true_place", "note")
VALUES = ("yes", "wrong-country", "wrong-place", "not-location", "unclear")


def _splits() -> dict[str, str]:
    if not SPLIT.is_file():
        return {}
    return {doc: name for name, docs in json.loads(SPLIT.read_text()).items() for doc in docs}


def placed(db: Path) -> list[dict[str, str]]:
    """One row per event of the store with a resolved place."""
    split = _splits()
    rows = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for (raw,) in conn.execute("SELECT record FROM events ORDER BY id"):
            record = json.loads(raw)
            loc = record.get("event_loc") or {}
            if not loc.get("country_code"):
                continue
            why = loc.get("resolution") or {}
            rows.append({
                "id": record["id"], "doc_id": record["doc_id"],
                "split": split.get(record["doc_id"], ""), "event": record["event"],
                "evidence": " | ".join(dict.fromkeys(e["text"] for e in record["evidence"])),
                "extracted_place": loc.get("extracted_place") or "",
                "resolved_place": loc.get("resolved_place") or "",
                "country": loc["country_code"], "admin1": loc.get("admin1") or "",
                "precision": loc.get("precision") or "", "method": why.get("method", ""),
                "reason": why.get("reason", ""),
            })  # fmt: skip
    return rows


def key(row: dict[str, str]) -> tuple[str, str, str, str]:
    """What makes two placements the same across runs (record ids change with the code):
    the story, the first evidence sentence and the place resolved there ("Balochistan" and
    "Balochistan province" are one placement)."""
    first = row["evidence"].split(" | ")[0][:80]
    return row["doc_id"], first, row["resolved_place"], row["country"]


def marks(paths: list[Path]) -> dict[tuple[str, str, str, str], dict[str, str]]:
    out = {}
    for path in paths:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row.get("place_right") in VALUES:
                    out[key(row)] = row
    return out


def sheet(db: Path, out: Path, marked: list[Path]) -> None:
    known = marks(marked)
    rows = placed(db)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, (*COLUMNS, *MARKS), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            old = known.get(key(row), {})
            writer.writerow({**row, **{m: old.get(m, "") for m in MARKS}})
    todo = sum(1 for r in rows if key(r) not in known)
    print(f"{len(rows)} placed events written to {out}; {todo} to mark", file=sys.stderr)


def score(db: Path, marked: list[Path]) -> None:
    known = marks(marked)
    counts: Counter[tuple[str, str]] = Counter()
    for row in placed(db):
        mark = known.get(key(row), {}).get("place_right", "unmarked")
        counts[("all", mark)] += 1
        counts[(row["split"] or "-", mark)] += 1
    for part in ("all", "train", "eval"):
        total = sum(n for (p, _), n in counts.items() if p == part)
        if not total:
            continue
        cells = ", ".join(
            f"{m} {counts[(part, m)]} ({counts[(part, m)] / total:.0%})"
            for m in (*VALUES, "unmarked") if counts[(part, m)]
        )  # fmt: skip
        print(f"{part}: {total} placed events: {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sheet")
    s.add_argument("db", type=Path)
    s.add_argument("-o", "--out", type=Path, required=True)
    s.add_argument("--marked", type=Path, nargs="*", default=[])
    c = sub.add_parser("score")
    c.add_argument("db", type=Path)
    c.add_argument("marked", type=Path, nargs="+")
    args = ap.parse_args()
    if args.command == "sheet":
        sheet(args.db, args.out, args.marked)
    else:
        score(args.db, args.marked)


if __name__ == "__main__":
    main()
