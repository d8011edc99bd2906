"""The options several commands share, and the parsing of their values (dates, CSV
columns, event filters, country codes) into what the library takes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from ..corpora import Columns

DEBUG = typer.Option(
    "--debug", help="Show the traceback of each internal error (a bug, not bad input)."
)
COLUMN = typer.Option(
    "--column", help="CSV column for an article field, FIELD=COLUMN (e.g. text=body); repeatable."
)
DB = typer.Option("--db", help="The SQLite event store (created if missing).")
STORE = typer.Option("--db", help="The SQLite event store (made by `ingest`).")

Start = Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")]
End = Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")]
Country = Annotated[str | None, typer.Option(help="ISO alpha-3 code of the event's country.")]
ActorFilter = Annotated[
    str | None, typer.Option("--actor", help="Actor or recipient name or Wikidata id.")
]
EventType = Annotated[str | None, typer.Option("--event", help="PLOVER event type, e.g. ASSAULT.")]
Text = Annotated[str | None, typer.Option(help="Words in the evidence sentences.")]

# the checkout's parent holds the team's shared data; the package's, the labels
DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared"
DEFAULT_LABELS = Path(__file__).resolve().parents[2] / "training" / "labels"
SHARED = Annotated[
    Path, typer.Option("--shared", help="The team's shared data folder (gold, datasets).")
]


def parse_date(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option's date, or None when it is not given."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def parse_columns(pairs: list[str] | None) -> Columns:
    """The CSV columns given as `--column FIELD=COLUMN`."""
    from ..corpora import Columns

    try:
        return Columns.parse(pairs or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--column") from None


def parse_filters(
    start: str | None,
    end: str | None,
    country: str | None,
    actor: str | None,
    event: str | None,
    text: str | None,
) -> dict[str, Any]:
    """The store's query filters from the options (an event type is upper-cased and checked)."""
    if event is not None:
        from ..ontology import load_ontology

        types = sorted(load_ontology().types)
        if event.upper() not in types:
            raise typer.BadParameter(
                f"{event!r} is no PLOVER event type; choose one of {', '.join(types)}",
                param_hint="--event",
            )
        event = event.upper()
    return {
        "start": parse_date(start),
        "end": parse_date(end),
        "country": parse_country(country),
        "actor": actor,
        "event": event,
        "text": text,
    }


def parse_country(code: str | None) -> str | None:
    """An ISO 3166-1 code as the store keeps it (alpha-3); alpha-2 is read as its alpha-3
    and said so; a code ISO does not know is an error (alpha-3 codes outside ISO, such as
    Kosovo's XKX, pass)."""
    if code is None:
        return None
    import pycountry

    c = code.strip().upper()
    if re.fullmatch(r"[A-Z]{3}", c):
        return c
    found = pycountry.countries.get(alpha_2=c) if re.fullmatch(r"[A-Z]{2}", c) else None
    if found is None:
        raise typer.BadParameter(
            f"{code!r} is no ISO 3166-1 country code; give an alpha-3 code such as SYR or NGA",
            param_hint="--country",
        )
    typer.echo(f"eventwatch: --country {c} read as {found.alpha_3} ({found.name})", err=True)
    return str(found.alpha_3)
