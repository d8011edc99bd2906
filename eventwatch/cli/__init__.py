"""The command line: parse arguments, call the library, turn errors into one line each.

This module makes the Typer `app` (the `eventwatch` console script) and lists its commands
in the order `--help` shows them; each lives with those it shares helpers with:

- `articles`: extract, ingest (read articles, run the pipeline, show progress);
- `stored`: query, export, serve (read an event store);
- `explain`: summarize, actors, places, settings (show one thing and why);
- `training`: evaluate, train (scores on the gold data, the learned coder);
- `options`, `report`, `tables`: shared options and their parsing, one-line errors, and
  the rich tables.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .articles import extract, ingest
from .explain import actors, places, show_settings, summarize
from .stored import export, query, serve
from .training import evaluate, train

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn news articles into sourced PLOVER event data, offline.",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"eventwatch {version('eventwatch')}")
        raise typer.Exit()


@app.callback()
def main_options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn news articles into sourced PLOVER event data, offline."""


for command in (extract, ingest, query, export, serve, summarize, actors, places, evaluate, train):
    app.command()(command)
app.command("settings")(show_settings)


def main() -> None:  # pragma: no cover - console entry point
    app()
