"""`summarize`, `actors`, `places` and `settings`: the commands that show one thing (a
file's events, how a name resolves, the settings) and say why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EventwatchError
from ..settings import SETTINGS, Settings
from .report import error
from .tables import events_table, print_table

if TYPE_CHECKING:
    from ..web.settings import WebSettings


def summarize(
    path: Annotated[Path, typer.Argument(help="A PLOVER JSON Lines file written by `extract`.")],
) -> None:
    """Print a table of the events in a PLOVER JSON Lines file."""
    import json

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        error(f"{path}: cannot read events ({exc})")
        raise typer.Exit(1) from None
    print_table(events_table(records, path))


def actors(
    name: Annotated[
        str | None, typer.Argument(help="A name or phrase, e.g. 'Israeli forces'.")
    ] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List the knowledge base.")] = False,
    year: Annotated[
        int | None, typer.Option(help="Year the name is used in (leaders' terms).")
    ] = None,
) -> None:
    """Show how a name resolves to an actor and why, or list the knowledge base."""
    from ..actors import load_kb
    from ..actors.lookup import explain, knowledge_base_rows

    try:
        kb = load_kb()
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    if list_all:
        for row in knowledge_base_rows(kb):
            typer.echo("\t".join(row))
        return
    if not name or not name.strip():
        error("give a NAME to resolve, or --list")
        raise typer.Exit(2)
    for line in explain(name, kb, year=year):
        typer.echo(line)


def places(
    name: Annotated[str, typer.Argument(help="A place name, e.g. 'Bir al-Abed' or 'Rafah'.")],
    country: Annotated[
        list[str] | None,
        typer.Option("--country", "-c", help="ISO alpha-3 code of a country the text is about."),
    ] = None,
) -> None:
    """Show how a place name resolves (coordinates, country, precision) and why."""
    from ..places import load_gazetteer

    match = load_gazetteer().resolve(name, countries=tuple(c.upper() for c in country or ()))
    if match is None:
        error(f"{name!r} is not in the gazetteer; events there keep the name without coordinates")
        raise typer.Exit(1)
    typer.echo(f"name:        {name}")
    typer.echo(f"resolved:    {match.resolved_place}")
    typer.echo(f"geonameid:   {match.geonameid if match.geonameid is not None else '-'}")
    typer.echo(f"lat, lon:    {match.lat}, {match.lon}")
    typer.echo(f"admin1:      {_subdivision(match.admin1, match.admin1_code, match.admin1_iso)}")
    typer.echo(f"admin2:      {_subdivision(match.admin2, match.admin2_code)}")
    typer.echo(f"country:     {match.country_code}")
    typer.echo(f"precision:   {match.precision}")
    typer.echo(f"how:         {match.method} (score {match.score}): {match.reason}")


def _subdivision(name: str | None, *codes: str | None) -> str:
    """The name and its codes ("North Sinai (EG.27, EG-SIN)"), or "-" when unknown."""
    known = ", ".join(c for c in codes if c)
    return f"{name} ({known})" if name and known else name or "-"


def show_settings() -> None:
    """List the settings, their values and what they do (override with EVENTWATCH_<NAME>)."""
    from ..web.settings import WebSettings

    try:
        current, web = Settings.from_env(), WebSettings.from_env()
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    for line in _settings_lines(current, web):
        typer.echo(line)


def _settings_lines(current: Settings, web: WebSettings) -> Iterator[str]:
    """`name = value  # help` for each setting, the API token only said to be set."""
    from ..web.settings import WEB_SETTINGS

    for table, values in ((SETTINGS, current), (WEB_SETTINGS, web)):
        for s in table:
            value = getattr(values, s.name)
            shown = "(set)" if s.name == "api_token" and value else repr(value)
            yield f"{s.name} = {shown}  # {s.help}"
