"""The tables `summarize` and `evaluate` print, drawn with rich."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

    from ..evaluation import Report

EVENT_COLUMNS = ("doc", "event", "actor", "recipient", "date", "dead", "status", "trigger")
SCORE_COLUMNS = ("dataset", "metric", "hits / total", "score")


def events_table(records: list[dict[str, Any]], path: Path) -> Table:
    """One row per PLOVER record read from `path`: its type, participants, date, dead."""
    from rich.table import Table

    table = Table(title=f"{len(records)} events in {path}")
    for column in EVENT_COLUMNS:
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            r["doc_id"][:24],
            r["event"] + (f" ({', '.join(r['mode'])})" if r["mode"] else ""),
            "; ".join(a["identifier_text"] or a["entity_text"] for a in r["actor"]),
            "; ".join(a["identifier_text"] or a["entity_text"] for a in r["recipient"]),
            r["date"] or "",
            "" if r["size"]["dead"] is None else str(r["size"]["dead"]),
            ", ".join(r["status"]),
            r["event_text"],
        )
    return table


def scores_table() -> Table:
    """The empty table of `evaluate`'s scores; `add_scores` adds a data set's rows."""
    from rich.table import Table

    table = Table(title="eventwatch evaluate")
    for column in SCORE_COLUMNS:
        table.add_column(column)
    return table


def add_scores(table: Table, report: Report) -> None:
    """A row per metric of `report`, the data set named on the first."""
    for n, metric in enumerate(report.metrics):
        label = f"{report.dataset} ({report.items})" if n == 0 else ""
        value = "" if metric.value is None else f"{metric.value:.3f}"
        table.add_row(label, metric.name, f"{metric.hits} / {metric.total}", value)


def print_table(table: Table) -> None:
    """Print `table` on stdout, 160 columns wide where stdout is no terminal."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # piped or in CI: do not squeeze the table into 80 columns
        console = Console(width=160)
    console.print(table)
