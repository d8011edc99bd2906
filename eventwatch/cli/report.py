"""How a command says what went wrong: one line each, a traceback only with `--debug`."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from ..errors import EventwatchError


def error(message: str) -> None:
    """Print `error: message` on stderr."""
    typer.echo(f"error: {message}", err=True)


@contextmanager
def reported(debug: bool) -> Iterator[None]:
    """Turn an error into one line and exit 1; an internal error's traceback only if `debug`."""
    try:
        yield
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt, typer.BadParameter):
        raise
    except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback with --debug
        if debug:
            traceback.print_exc()
        error(
            f"internal error ({type(exc).__name__}: {exc}); "
            + ("please report it with the traceback above" if debug else "--debug shows where")
        )
        raise typer.Exit(1) from None


def print_details(details: list[str], debug: bool) -> None:
    """Print the tracebacks behind failures with `debug`, else say that `--debug` would."""
    if debug:
        for detail in details:
            typer.echo(detail.rstrip("\n"), err=True)
    elif details:
        error(f"{len(details)} failure(s) came from an internal error; --debug shows where")
