"""The command line: parse arguments, call the library, turn errors into one line each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EventwatchError
from ..settings import SETTINGS, Settings
from .options import (
    COLUMN,
    DB,
    DEBUG,
    DEFAULT_LABELS,
    DEFAULT_SHARED,
    SHARED,
    STORE,
    ActorFilter,
    Country,
    End,
    EventType,
    Start,
    Text,
    parse_columns,
    parse_date,
    parse_filters,
)
from .report import error, print_details, reported
from .tables import add_scores, events_table, print_table, scores_table

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


@app.command()
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
    from ..ingest import count_articles, read_articles
    from ..pipeline import Pipeline
    from ..progress import Progress, stderr_is_terminal
    from ..records import dumps
    from ..types import Dropped

    when = parse_date(published)
    columns = parse_columns(column)
    with reported(debug):
        settings = Settings.from_env()
        pipeline = Pipeline(batch_size=settings.batch_size)
    articles, failed, events = 0, 0, 0
    details: list[str] = []

    def good():
        nonlocal failed
        for item in read_articles(path, published=when, settings=settings, columns=columns):
            if isinstance(item, Dropped):
                failed += 1
                error(str(item))
            else:
                yield item

    # no bar when the records themselves scroll on the same terminal
    live = stderr_is_terminal() and not (output is None and sys.stdout.isatty())
    total = count_articles(path, columns=columns)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with reported(debug), Progress("loading the model", total=total, live=live) as progress:
            for result in pipeline.run(good()):
                if result.dropped is not None:
                    failed += 1
                    origin = result.article.origin or result.article.id
                    error(f"{origin}: {result.dropped.reason}")
                    if result.dropped.detail:
                        details.append(f"{origin}:\n{result.dropped.detail}")
                else:
                    articles += 1
                    for record in result.records:
                        out.write(dumps(record) + "\n")
                        events += 1
                    out.flush()
                progress.update(articles + failed, description="extracting")
    finally:
        if output:
            out.close()
    print_details(details, debug)
    typer.echo(
        f"{articles} article(s), {events} event(s), {failed} failed {progress.timing(articles)}",
        err=True,
    )
    if articles == 0:
        raise typer.Exit(1)


@app.command()
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
    from ..batch import MIN_ARTICLES_PER_WORKER, useful_workers
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
    if engine == "local" and useful_workers(total, workers) < workers:
        typer.echo(
            f"eventwatch: {total} article(s) are too few for {workers} workers; using "
            f"{useful_workers(total, workers)} (each worker first loads the model, about 5 s, "
            f"which pays off from about {MIN_ARTICLES_PER_WORKER} articles a worker)",
            err=True,
        )
        workers = useful_workers(total, workers)
    with reported(debug):
        store = Store(db)
    with store, Progress("loading the model", total=total) as progress:

        def update(summary) -> None:
            progress.update(
                summary.processed + summary.skipped + summary.failed,
                rated=summary.processed,
                description=f"{summary.processed} new, {summary.skipped} skipped, "
                f"{summary.failed} failed",
            )

        with reported(debug):
            summary = run_ingest(
                paths,
                store=store,
                workers=workers,
                engine=engine,
                scheduler=scheduler,
                published=when,
                settings=Settings.from_env(),
                columns=columns,
                on_result=update,
            )
    for reason in summary.reasons[:20]:
        error(reason)
    if len(summary.reasons) > 20:
        error(f"... and {len(summary.reasons) - 20} more failures (see the failures table)")
    print_details(summary.details, debug)
    typer.echo(f"{db}: {summary.line()} {progress.timing(summary.processed)}", err=True)
    if summary.processed == 0 and summary.skipped == 0 and summary.read > 0:
        raise typer.Exit(1)


def _existing_store(db: Path):
    """Open a store that must already exist (reading commands never create one)."""
    from ..store import Store

    if not db.exists():
        error(f"{db}: no such event store; create one with `eventwatch ingest`")
        raise typer.Exit(1)
    return Store(db)


def _warn_if_no_country(store, country: str | None) -> None:
    """A country code under which nothing is stored gets a warning, not silence."""
    if country is not None and store.count(country=country) == 0:
        typer.echo(f"warning: no stored event is in {country}; check the code", err=True)


@app.command()
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


@app.command()
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
    from ..types import Dropped

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


def _reasons(dropped: list) -> str:
    """'117 no date, 35 no place': how many events each reason left out, commonest first."""
    from collections import Counter

    counts = Counter(d.reason for d in dropped)
    return ", ".join(f"{n} {reason}" for reason, n in counts.most_common())


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
def evaluate(
    shared: SHARED = DEFAULT_SHARED,
    dataset: Annotated[
        list[str] | None,
        typer.Option(
            "--dataset",
            "-d",
            help="Only these: learned-coder, gold, plv-test, plover-gsr, petr2-gsr, "
            "wikievents-dev, places.",
        ),
    ] = None,
    gold: Annotated[
        list[Path] | None,
        typer.Option("--gold", help="Gold article files (default: shared/gold/*.json)."),
    ] = None,
) -> None:
    """Run the pipeline over the gold data sets and print a table of scores."""
    from ..evaluation import datasets
    from ..evaluation import gold as gold_articles
    from ..progress import Progress, ProgressPipeline

    known = datasets()
    chosen = dataset or list(known)
    unknown = [d for d in chosen if d not in known]
    if unknown:
        error(f"unknown dataset {', '.join(unknown)}; choose from {', '.join(known)}")
        raise typer.Exit(2)
    # the learned coder's scores come from its model card; every other data set is in shared
    if any(name != "learned-coder" for name in chosen) and not (shared / "datasets").is_dir():
        error(
            f"{shared} has no datasets folder; give --shared PATH to the team's shared data "
            "(gold, datasets), or -d learned-coder for the model card's scores"
        )
        raise typer.Exit(1)
    table = scores_table()
    with Progress("evaluate", total=None, unit="texts") as progress:
        pipeline = ProgressPipeline(progress=progress)
        for name in chosen:
            progress.restart(name)
            pipeline.done = 0
            if name == "gold" and gold:
                report = gold_articles.evaluate(shared, pipeline, list(gold))
            else:
                report = known[name](shared, pipeline)
            typer.echo(
                f"{name}: {pipeline.done} text(s) {progress.timing(pipeline.done)}", err=True
            )
            add_scores(table, report)
    print_table(table)


@app.command()
def train(
    shared: SHARED = DEFAULT_SHARED,
    labels: Annotated[
        Path, typer.Option("--labels", help="The team's labelled candidates (*.tsv).")
    ] = DEFAULT_LABELS,
    out: Annotated[
        Path | None, typer.Option("--out", help="Model folder (default: the package's).")
    ] = None,
    epochs: Annotated[int, typer.Option(help="Passes over the training data.")] = 4,
    seed: Annotated[
        int, typer.Option(help="Random seed (the shipped model's is the default).")
    ] = 13,
    layers: Annotated[int, typer.Option(help="Encoder layers kept (of 6).")] = 6,
    folds: Annotated[
        int,
        typer.Option(
            help="Instead of training: K-fold cross-validate the recipe and keep the scores "
            "on the model card (10 folds: about 10 trainings)."
        ),
    ] = 0,
    part: Annotated[
        str,
        typer.Option(
            help="What to train: coder (event? type, ACLED sub-type), roles (the role "
            "model: actor and recipient), or both."
        ),
    ] = "both",
) -> None:
    """Train the learned coder and its role model and export them as ONNX."""
    import json

    if not (shared / "datasets").is_dir():
        error(f"{shared} has no datasets folder; give --shared PATH to the team's shared data")
        raise typer.Exit(1)
    if not labels.is_dir():
        error(f"{labels} is not a folder of labelled candidates; give --labels PATH")
        raise typer.Exit(1)
    from ..learn.model import MODEL_DIR
    from ..learn.train import TrainConfig, train_roles
    from ..learn.train import train as run_training

    if part not in ("coder", "roles", "both"):
        error(f"--part {part!r}: give coder, roles or both")
        raise typer.Exit(2)
    config = TrainConfig(epochs=epochs, seed=seed, layers=layers)
    log = lambda m: typer.echo(m, err=True)  # noqa: E731
    try:
        if folds:
            from ..learn.train import cross_validate, record_cv

            result = cross_validate(shared, labels, folds, config, log=log)
            typer.echo(json.dumps(result))
            if (out or MODEL_DIR).joinpath("card.json").is_file():
                record_cv(out or MODEL_DIR, result)
            return
        if part in ("coder", "both"):
            run_training(shared, labels, out or MODEL_DIR, config, log=log)
        if part in ("roles", "both"):
            train_roles(shared, labels, out or MODEL_DIR, config, log=log)
    except ImportError as exc:
        error(f"training needs the train extra ({exc.name} is missing): run `make train`")
        raise typer.Exit(1) from None


@app.command("settings")
def show_settings() -> None:
    """List the settings, their values and what they do (override with EVENTWATCH_<NAME>)."""
    from ..web.settings import WEB_SETTINGS, WebSettings

    try:
        current, web = Settings.from_env(), WebSettings.from_env()
    except EventwatchError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    for table, values in ((SETTINGS, current), (WEB_SETTINGS, web)):
        for s in table:
            value = getattr(values, s.name)
            shown = "(set)" if s.name == "api_token" and value else repr(value)
            typer.echo(f"{s.name} = {shown}  # {s.help}")


def main() -> None:  # pragma: no cover - console entry point
    app()
