"""Frozen parses (`eventwatch/parses.py`): a Document survives the trip through JSON."""

from __future__ import annotations

import json
from pathlib import Path

from eventwatch.parses import from_json, to_json

PARSES = Path(__file__).parent / "fixtures" / "parses"


def test_a_frozen_parse_reads_back_as_it_was_written():
    stored = json.loads((PARSES / "weapons.json").read_text(encoding="utf-8"))
    for data in stored.values():
        doc = from_json(data)
        assert to_json(doc) == data
        assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
        assert all(doc.text[t.start : t.end] == t.text for t in doc.tokens)
