"""Write a labelling sheet of the rules' event candidates in a JSONL corpus.

    .venv/bin/python scripts/label_sheet.py CORPUS.jsonl SHEET.tsv [--ids ID ...]

Every candidate the rules propose (kept or rejected) becomes a row with the sentence, the
trigger marked `[[...]]` and the participants the rules found marked `<s>`/`<t>`, and empty
`is_event plover acled note` columns for a reader (training/labels/GUIDE.md). Put the
filled sheet in training/labels/ and run `make train`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

from eventwatch import nlp
from eventwatch.learn.candidates import candidates
from eventwatch.ontology import load_ontology
from eventwatch.types import Article

COLUMNS = ["doc_id", "trigger", "rule_event", "rule_kept", "text", "is_event", "plover", "acled", "note"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("sheet", type=Path)
    parser.add_argument("--ids", nargs="*", help="only these article ids")
    args = parser.parse_args()
    wanted = set(args.ids or ())
    articles = []
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if wanted and str(r["id"]) not in wanted:
            continue
        published = dt.date.fromisoformat(r["published"][:10]) if r.get("published") else None
        text = f"{r['title']}\n{r['text']}" if r.get("title") else r["text"]
        articles.append(Article(id=str(r["id"]), text=text, published=published))
    ontology = load_ontology()
    rows = 0
    with args.sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for doc in nlp.parse_many(articles):
            for c in candidates(doc, ontology):
                writer.writerow([c.doc_id, c.trigger, c.rule_event, int(c.kept), c.text, "", "", "", ""])  # fmt: skip
                rows += 1
    print(f"{rows} candidates from {len(articles)} articles -> {args.sheet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
