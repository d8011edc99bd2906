"""A record-level audit: what a user of eventwatch sees, judged by a person.

    .venv/bin/python benchmarks/audit.py sample --n 50 --seed 1 -o audit.tsv [--coder rules]
    (a second reader fills the mark columns of audit.tsv)
    .venv/bin/python benchmarks/audit.py score audit.tsv
    .venv/bin/python benchmarks/audit.py redraw old.tsv -o new.tsv   # the same records, now

`sample` extracts every story of the VOA corpus's `eval` split (../shared/datasets/voa;
stories nobody trains or tunes on), draws N records at random with the seed, and writes a
sheet: the evidence sentence and every field of the record (not which coder made it: the
reader judges blind), then one empty mark column per field. The reader writes in each mark column 1 (right), 0 (wrong) or - (nothing to judge:
the field is empty and the text gives nothing for it); `is_event` is 1 when the record
reports a specific act that happened, else 0 (then the other marks are ignored).

`score` prints the rates: not an event; type right; type and ACLED sub-type right; each
field right; fully right (an event with no field marked wrong).

`redraw` follows the records of a marked sheet through a new version of the code: each
row becomes the record now extracted with the same id, or else the one of the same type
from the same sentence; a row whose shown fields are all unchanged keeps its marks, a
changed one is left for a reader to mark; a record no longer extracted keeps its row with
`event` set to "(dropped)" and its old marks (`score` counts them apart: dropping a record
that was no event is right, dropping an event is a loss).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa"
FIELDS = ("type", "acled", "actor", "recipient", "date", "place", "dead")
SHOWN = ("record", "doc_id", "evidence", "trigger", "event", "mode", "acled_sub_event_type",
         "actor", "recipient", "date", "place", "dead")  # fmt: skip
MARKS = ("is_event", *(f"{f}_ok" for f in FIELDS), "note")
DROPPED = "(dropped)"


def _names(entities: list[dict]) -> str:
    return "; ".join(
        f"{e.get('identifier_text') or e.get('entity_text')} ({e.get('code') or '-'} {e.get('sector') or '-'})"
        for e in entities
    )


def _row(record: dict) -> dict[str, str]:
    loc = record.get("event_loc") or {}
    dead = (record.get("size") or {}).get("dead")
    return {
        "record": record["id"],
        "doc_id": record["doc_id"],
        "evidence": " ".join(record["text"].split()),
        "trigger": record["event_text"],
        "event": record["event"],
        "mode": ",".join(record.get("mode") or []),
        "acled_sub_event_type": record.get("acled_sub_event_type") or "",
        "actor": _names(record.get("actor") or []),
        "recipient": _names(record.get("recipient") or []),
        "date": record.get("date") or "",
        "place": ", ".join(
            x
            for x in (
                loc.get("resolved_place") or loc.get("extracted_place"),
                loc.get("country_code"),
            )
            if x
        ),  # fmt: skip
        "dead": "" if dead is None else str(dead),
    }


def extract(split: str) -> list[dict]:
    """Every record eventwatch extracts from the split's VOA stories, as JSON."""
    from eventwatch.pipeline import Pipeline
    from eventwatch.records import to_json
    from eventwatch.types import Article

    ids = set(json.loads((SHARED / "split.json").read_text())[split])
    articles = []
    for line in (SHARED / "voa_stories.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if str(r["id"]) in ids:
            published = dt.date.fromisoformat(r["published"][:10]) if r.get("published") else None
            text = f"{r['title']}\n{r['text']}" if r.get("title") else r["text"]
            articles.append(Article(id=str(r["id"]), text=text, title=r.get("title"), published=published))  # fmt: skip
    return [to_json(rec) for res in Pipeline().run(articles) for rec in res.records]


def sample(n: int, seed: int, out: Path, split: str) -> int:
    records = extract(split)
    chosen = random.Random(seed).sample(records, min(n, len(records)))
    _write(out, [_row(record) | dict.fromkeys(MARKS, "") for record in chosen])
    print(f"{len(chosen)} of {len(records)} {split} records -> {out}")
    return 0


def redraw(old: Path, out: Path, split: str) -> int:
    rows = _read(old)
    records = extract(split)
    by_id = {r["id"]: r for r in records}
    kept = changed = dropped = 0
    new_rows = []
    for row in rows:
        record = by_id.get(row["record"]) or next(
            (
                r
                for r in records
                if r["doc_id"] == row["doc_id"]
                and " ".join(r["text"].split()) == row["evidence"]
                and r["event"] == row["event"]
            ),
            None,
        )
        if record is None:
            new_rows.append(row | {"event": DROPPED})
            dropped += 1
        elif all(_row(record)[k] == row[k] for k in SHOWN if k != "record"):
            new_rows.append(row | {"record": record["id"]})
            kept += 1
        else:
            new_rows.append(_row(record) | dict.fromkeys(MARKS, "") | {"note": f"was: {row['event']} {row['acled_sub_event_type']}"})  # fmt: skip
            changed += 1
    _write(out, new_rows)
    print(f"{kept} unchanged (marks kept), {changed} changed (to mark), {dropped} dropped -> {out}")
    return 0


def _read(sheet: Path) -> list[dict[str, str]]:
    with sheet.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _write(out: Path, rows: list[dict[str, str]]) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[*SHOWN, *MARKS], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def score(sheet: Path) -> int:
    rows = _read(sheet)
    gone = [r for r in rows if r["event"] == DROPPED]
    if gone:
        lost = sum((r.get("is_event") or "").strip() == "1" for r in gone)
        print(f"no longer extracted: {len(gone)} ({lost} were events, {len(gone) - lost} were not)")
    rows = [r for r in rows if r["event"] != DROPPED]
    marked = [r for r in rows if (r.get("is_event") or "").strip() in ("0", "1")]
    if not marked:
        print(f"{sheet}: no row is marked (is_event must be 1 or 0)", file=sys.stderr)
        return 1
    events = [r for r in marked if r["is_event"].strip() == "1"]
    n = len(marked)

    def right(r: dict, field: str) -> bool:
        return (r.get(f"{field}_ok") or "").strip() != "0"

    def line(name: str, hits: int, total: int) -> None:
        print(f"{name:<34} {hits:>3} / {total:<3} {hits / total if total else 0:.2f}")

    line("not an event", n - len(events), n)
    line("type right", sum(right(r, "type") for r in events), n)
    line("type and ACLED sub-type right", sum(right(r, "type") and right(r, "acled") for r in events), n)  # fmt: skip
    for field in FIELDS[2:]:
        judged = [r for r in events if (r.get(f"{field}_ok") or "").strip() in ("0", "1")]
        line(f"{field} right (where judged)", sum(right(r, field) for r in judged), len(judged))
    line("fully right", sum(all(right(r, f) for f in FIELDS) for r in events), n)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="write a sheet of N random records")
    s.add_argument("--n", type=int, default=50)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--split", default="eval", choices=("eval", "train"))
    s.add_argument("--coder", choices=("model", "rules"), default=None)
    s.add_argument("-o", "--out", type=Path, required=True)
    c = sub.add_parser("score", help="the rates of a marked sheet")
    c.add_argument("sheet", type=Path)
    r = sub.add_parser("redraw", help="the records of a marked sheet, as extracted now")
    r.add_argument("old", type=Path)
    r.add_argument("--split", default="eval", choices=("eval", "train"))
    r.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "score":
        return score(args.sheet)
    if not (SHARED / "voa_stories.jsonl").is_file():
        print(f"{SHARED} is missing: the audit samples the VOA corpus in ../shared", file=sys.stderr)  # fmt: skip
        return 1
    if getattr(args, "coder", None):
        os.environ["EVENTWATCH_CODER"] = args.coder
    if args.command == "redraw":
        return redraw(args.old, args.out, args.split)
    return sample(args.n, args.seed, args.out, args.split)


if __name__ == "__main__":
    sys.exit(main())
