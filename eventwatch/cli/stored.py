"""`query`, `export` and `serve`: the commands that read an event store `ingest` made."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EventwatchError
from .options import STORE, ActorFilter, Country, End, EventType, Start, Text, parse_filters
from .report import error

if TYPE_CHECKING:
    from ..store import Store
    from ..types import Dropped


def _existing_store(db: Path) -> Store:
    """Open a store that must already exist (reading commands never create one)."""
    from ..store import Store

    if not db.exists():
        error(f"{db}: no such event store; create one with `eventwatch ingest`")
        raise typer.Exit(1)
    return Store(db)


def _warn_if_no_country(store: Store, country: str | None) -> None:
    """A country code under which nothing is stored gets a warning, not silence."""
    if country is not None and store.count(country=country) == 0:
        typer.echo(f"warning: no stored event is in {country}; check the code", err=True)


def query(
    db: Annotated[Path, STORE] = Path("events.db"),
    start: Start = None,
    end: End = None,
    country: Country = None,
    actor: ActorFilter = None,
    event: EventType = None,
    text: Text = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """Print stored (merged) events matching the filters as PLOVER JSON Lines."""
    import json

    filters = parse_filters(start, end, country, actor, event, text)
    try:
        with _existing_store(db) as store:
            _warn_if_no_country(store, filters["country"])
            rows = store.query(**filters, limit=limit, offset=offset)
            total = store.count(**filters) if len(rows) == limit else offset + len(rows)
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))
    if total > offset + len(rows):
        typer.echo(
            f"showing {len(rows):,} of {total:,} events (from {offset + 1:,}); "
            "use --limit and --offset for more",
            err=True,
        )


def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="plover, acled, gdelt, geojson, gexf, graphml, parquet or csv."
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="The file to write; - or none: stdout (not for parquet)."
        ),
    ] = "-",
    db: Annotated[Path, STORE] = Path("events.db"),
    start: Start = None,
    end: End = None,
    country: Country = None,
    actor: ActorFilter = None,
    event: EventType = None,
    text: Text = None,
) -> None:
    """Write stored (merged) events to a file in another tool's format."""
    from ..export import FORMATS
    from ..export import export as write

    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r}: choose one of {', '.join(FORMATS)}", param_hint="--format"
        )
    to_stdout = output == "-"
    if to_stdout and fmt == "parquet":
        error("parquet is binary: give a file with -o, e.g. -o events.parquet")
        raise typer.Exit(2)
    target = sys.stdout if to_stdout else Path(output)
    dropped: list[Dropped] = []
    try:
        with _existing_store(db) as store:
            filters = parse_filters(start, end, country, actor, event, text)
            _warn_if_no_country(store, filters["country"])
            events = store.iter_events(**filters)
            count = write(events, fmt, target, dropped=dropped)
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    typer.echo(f"{'stdout' if to_stdout else output}: {count} {fmt} record(s)", err=True)
    if dropped:
        typer.echo(
            f"left out {len(dropped)} event(s) {fmt} cannot hold: {_reasons(dropped)}", err=True
        )


def _reasons(dropped: list[Dropped]) -> str:
    """'117 no date, 35 no place': how many events each reason left out, commonest first."""
    from collections import Counter

    counts = Counter(d.reason for d in dropped)
    return ", ".join(f"{n} {reason}" for reason, n in counts.most_common())


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="The SQLite event store to serve (read-only).")
    ] = Path("events.db"),
    host: Annotated[
        str, typer.Option(help="Address to bind; beyond 127.0.0.1 only on purpose.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web API (OpenAPI at /docs) and the analyst's page over an event store."""
    from ..web import assets_present
    from ..web import serve as run_server

    _existing_store(db).close()
    if not assets_present():
        error(
            "the page's scripts are not installed (run scripts/setup-web.sh --assets-only); "
            "serving the API only"
        )
    typer.echo(f"eventwatch: serving {db} at http://{host}:{port}/ (API docs at /docs)", err=True)
    try:
        run_server(db, host=host, port=port)
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
