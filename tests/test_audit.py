"""benchmarks/audit.py: the rates of a marked sheet."""

from __future__ import annotations

import importlib.util
from pathlib import Path

AUDIT = Path(__file__).resolve().parents[1] / "benchmarks" / "audit.py"


def _audit():
    spec = importlib.util.spec_from_file_location("audit", AUDIT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_score_counts_rates_over_all_marked_rows(tmp_path, capsys):
    audit = _audit()
    header = [*audit.SHOWN, *audit.MARKS]
    rows = [
        # an event, every field right or not applicable
        {"is_event": "1", "type_ok": "1", "acled_ok": "1", "actor_ok": "1", "recipient_ok": "-",
         "date_ok": "1", "place_ok": "-", "dead_ok": "-"},
        # an event with the wrong actor
        {"is_event": "1", "type_ok": "1", "acled_ok": "0", "actor_ok": "0", "recipient_ok": "1",
         "date_ok": "-", "place_ok": "1", "dead_ok": "-"},
        {"is_event": "0"},  # not an event: its other marks do not count
        {"is_event": ""},  # not marked yet: left out
    ]  # fmt: skip
    lines = ["\t".join(header)] + ["\t".join(r.get(c, "") for c in header) for r in rows]
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert audit.score(sheet) == 0
    out = {line[:34].strip(): line[34:].split() for line in capsys.readouterr().out.splitlines()}
    assert out["not an event"] == ["1", "/", "3", "0.33"]
    assert out["type right"] == ["2", "/", "3", "0.67"]
    assert out["type and ACLED sub-type right"] == ["1", "/", "3", "0.33"]
    assert out["actor right (where judged)"] == ["1", "/", "2", "0.50"]
    assert out["recipient right (where judged)"] == ["1", "/", "1", "1.00"]
    assert out["fully right"] == ["1", "/", "3", "0.33"]


def test_score_refuses_an_unmarked_sheet(tmp_path, capsys):
    audit = _audit()
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("\t".join([*audit.SHOWN, *audit.MARKS]) + "\n", encoding="utf-8")
    assert audit.score(sheet) == 1
    assert "no row is marked" in capsys.readouterr().err
