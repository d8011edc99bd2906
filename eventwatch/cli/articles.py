"""`extract` and `ingest`: the commands that read articles and run the pipeline over them,
with a progress bar on a terminal and a summary line at the end."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from ..settings import Settings
from .options import COLUMN, DB, DEBUG, parse_columns, parse_date
from .report import error, print_details, reported

if TYPE_CHECKING:
    from ..batch import Summary
    from ..corpora import Columns
    from ..pipeline import Result
    from ..progress import Progress
    from ..types import Article


def extract(
    path: Annotated[
        str, typer.Argument(help="A .txt/.html file, a folder, a .jsonl corpus, or - for stdin.")
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published", help="Publication date (YYYY-MM-DD) relative dates resolve against."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSON Lines here instead of stdout.")
    ] = None,
    column: Annotated[list[str] | None, COLUMN] = None,
    debug: Annotated[bool, DEBUG] = False,
) -> None:
    """Print the events of articles as PLOVER JSON Lines."""
    from ..ingest import count_articles
    from ..pipeline import Pipeline
    from ..progress import Progress, stderr_is_terminal

    when = parse_date(published)
    columns = parse_columns(column)
    with reported(debug):
        settings = Settings.from_env()
        pipeline = Pipeline(batch_size=settings.batch_size)
    tally = Tally()
    articles = _readable(path, published=when, settings=settings, columns=columns, tally=tally)
    # no bar when the records themselves scroll on the same terminal
    live = stderr_is_terminal() and not (output is None and sys.stdout.isatty())
    total = count_articles(path, columns=columns)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with reported(debug), Progress("loading the model", total=total, live=live) as progress:
            for result in pipeline.run(articles):
                _write(result, out, tally)
                progress.update(tally.articles + tally.failed, description="extracting")
    finally:
        if output:
            out.close()
    print_details(tally.details, debug)
    typer.echo(
        f"{tally.articles} article(s), {tally.events} event(s), {tally.failed} failed "
        f"{progress.timing(tally.articles)}",
        err=True,
    )
    if tally.articles == 0:
        raise typer.Exit(1)


@dataclass
class Tally:
    """What `extract` has done so far: for its progress bar and its summary line."""

    articles: int = 0
    failed: int = 0
    events: int = 0
    details: list[str] = field(default_factory=list)  # tracebacks of internal errors


def _readable(
    path: str, *, published: dt.date | None, settings: Settings, columns: Columns, tally: Tally
) -> Iterator[Article]:
    """The articles read from `path`; one that cannot be read is counted and said."""
    from ..ingest import read_articles
    from ..types import Dropped

    for item in read_articles(path, published=published, settings=settings, columns=columns):
        if isinstance(item, Dropped):
            tally.failed += 1
            error(str(item))
        else:
            yield item


def _write(result: Result, out: TextIO, tally: Tally) -> None:
    """Write the records of an article as JSON Lines, or say why it was dropped."""
    from ..records import dumps

    if result.dropped is not None:
        tally.failed += 1
        origin = result.article.origin or result.article.id
        error(f"{origin}: {result.dropped.reason}")
        if result.dropped.detail:
            tally.details.append(f"{origin}:\n{result.dropped.detail}")
    else:
        tally.articles += 1
        for record in result.records:
            out.write(dumps(record) + "\n")
            tally.events += 1
        out.flush()


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or .jsonl corpora.")],
    db: Annotated[Path, DB] = Path("events.db"),
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Processes extracting in parallel (local engine: fewer on a small corpus, "
            "as each first loads the model).",
        ),
    ] = 1,
    engine: Annotated[str, typer.Option(help="local (a process pool) or dask.")] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date for inputs that carry none.")
    ] = None,
    column: Annotated[list[str] | None, COLUMN] = None,
    debug: Annotated[bool, DEBUG] = False,
) -> None:
    """Extract articles into the event store; re-running skips what is already stored."""
    from ..batch import ingest as run_ingest
    from ..ingest import count_articles
    from ..progress import Progress
    from ..store import Store
    from ..workers import ENGINES

    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    when = parse_date(published)
    columns = parse_columns(column)
    with reported(debug):
        total = sum(count_articles(path, columns=columns) for path in paths)
    if engine == "local":
        workers = _workers_worth_starting(total, workers)
    with reported(debug):
        store = Store(db)
    with store, Progress("loading the model", total=total) as progress, reported(debug):
        summary = run_ingest(
            paths,
            store=store,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            published=when,
            settings=Settings.from_env(),
            columns=columns,
            on_result=_show_progress(progress),
        )
    _report_failures(summary, debug)
    typer.echo(f"{db}: {summary.line()} {progress.timing(summary.processed)}", err=True)
    if summary.processed == 0 and summary.skipped == 0 and summary.read > 0:
        raise typer.Exit(1)


def _workers_worth_starting(total: int, workers: int) -> int:
    """As many of the `workers` asked for as `total` articles pay for, saying so when fewer."""
    from ..batch import MIN_ARTICLES_PER_WORKER, useful_workers

    if useful_workers(total, workers) < workers:
        typer.echo(
            f"eventwatch: {total} article(s) are too few for {workers} workers; using "
            f"{useful_workers(total, workers)} (each worker first loads the model, about 5 s, "
            f"which pays off from about {MIN_ARTICLES_PER_WORKER} articles a worker)",
            err=True,
        )
        return useful_workers(total, workers)
    return workers


def _show_progress(progress: Progress) -> Callable[[Summary], None]:
    """What `ingest` calls after each article: move the bar, say the counts so far."""

    def update(summary: Summary) -> None:
        progress.update(
            summary.processed + summary.skipped + summary.failed,
            rated=summary.processed,
            description=f"{summary.processed} new, {summary.skipped} skipped, "
            f"{summary.failed} failed",
        )

    return update


def _report_failures(summary: Summary, debug: bool) -> None:
    """Say why articles failed: the first 20 reasons, and the tracebacks with `debug`."""
    for reason in summary.reasons[:20]:
        error(reason)
    if len(summary.reasons) > 20:
        error(f"... and {len(summary.reasons) - 20} more failures (see the failures table)")
    print_details(summary.details, debug)
