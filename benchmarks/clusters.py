"""Cross-story merging on real news: do two stories' reports of one event end up as one
merged event, and do different events stay apart?

    .venv/bin/python benchmarks/clusters.py [--db STORE] [--pairs TSV] [--show]

Ingests the 89 VOA stories (`../shared/datasets/voa`) into a fresh store (or reads the
store `--db` names), then scores the team's pair labels (`benchmarks/data/voa_event_pairs.tsv`,
see `benchmarks/data/README.md`): pairs of records of the same type from two different
stories, published at most a week apart, sharing a country or a participant, each marked
by a reader as the same real event (1) or not (0). A labelled record is found again in the
store by its story, type and evidence sentence; a pair whose record the code no longer
extracts is counted apart.

- completeness: of the pairs that are one event, the share the store merged;
- false merges: pairs of different events the store merged (the aim: 0);
- unjudged merges: merged cross-story pairs the labels do not hold (a reader should look).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOA = ROOT.parent / "shared" / "datasets" / "voa" / "voa_stories.jsonl"
PAIRS = ROOT / "benchmarks" / "data" / "voa_event_pairs.tsv"


def build_store(path: Path) -> None:
    cmd = [sys.executable, "-m", "eventwatch", "ingest", str(VOA), "--db", str(path)]
    subprocess.run(cmd, check=True, capture_output=True)


def store_events(db: Path) -> tuple[dict[tuple[str, str, str], str], dict[str, str]]:
    """(story, type, evidence sentence) -> event id, and event id -> merged event id."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT e.id, e.doc_id, e.event, ev.text, m.cluster_id FROM events e"
        " JOIN cluster_members m ON m.event_id = e.id"
        " JOIN evidence ev ON ev.event_id = e.id AND ev.position = 0"
    ).fetchall()
    con.close()
    key = {(str(doc), event, text.strip()): eid for eid, doc, event, text, _ in rows}
    return key, {eid: cluster for eid, _, _, _, cluster in rows}


def cross_story_merges(db: Path) -> set[frozenset[str]]:
    con = sqlite3.connect(db)
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cluster, eid, doc in con.execute(
        "SELECT m.cluster_id, m.event_id, e.doc_id FROM cluster_members m"
        " JOIN events e ON e.id = m.event_id"
    ):
        members[cluster].append((eid, str(doc)))
    con.close()
    return {
        frozenset((a, b))
        for group in members.values()
        for (a, da), (b, db_) in itertools.combinations(group, 2)
        if da != db_
    }


def score(db: Path, pairs: Path, show: bool = False) -> dict[str, int]:
    key, cluster = store_events(db)
    counts = defaultdict(int)
    judged = set()
    with pairs.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            label = row["same_event"].strip()
            if label not in ("0", "1"):
                counts["undecided"] += 1
                continue
            a = key.get((row["doc_a"], row["type"], row["evidence_a"].strip()))
            b = key.get((row["doc_b"], row["type"], row["evidence_b"].strip()))
            if a is None or b is None:
                counts["record no longer extracted"] += 1
                continue
            judged.add(frozenset((a, b)))
            merged = cluster[a] == cluster[b]
            counts[f"label {label}"] += 1
            counts[f"label {label}, merged"] += merged
            if show and (merged != (label == "1")):
                print(
                    f"{'missed' if label == '1' else 'FALSE MERGE'}: pair {row['pair']} {row['type']}"
                )
                print(f"   {row['doc_a']}: {row['evidence_a'][:150]}")
                print(f"   {row['doc_b']}: {row['evidence_b'][:150]}")
    counts["unjudged cross-story merges"] = len(cross_story_merges(db) - judged)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store of the VOA stories")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--show", action="store_true", help="print the pairs scored wrong")
    args = parser.parse_args()
    if not VOA.is_file():
        print(f"{VOA} is absent: the VOA corpus lives in ../shared", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "voa.db"
            build_store(db)
        counts = score(db, args.pairs, args.show)
    same, merged = counts["label 1"], counts["label 1, merged"]
    print(f"pairs that are one event: {same}; merged: {merged}", end="")
    print(f" (completeness {merged / same:.2f})" if same else "")
    print(f"pairs of different events: {counts['label 0']}; merged: {counts['label 0, merged']}")
    print(f"unjudged cross-story merges: {counts['unjudged cross-story merges']}")
    print(
        f"labelled pairs whose record is no longer extracted: {counts['record no longer extracted']}"
    )
    print(f"pairs left undecided by the reader: {counts['undecided']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
