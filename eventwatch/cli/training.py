"""`evaluate` and `train`: the pipeline's scores on the team's gold data sets, and the
training of the learned coder and its role model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import DEFAULT_LABELS, DEFAULT_SHARED, SHARED
from .report import error
from .tables import add_scores, print_table, scores_table

if TYPE_CHECKING:
    from ..learn.train import TrainConfig


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
    _check_datasets(shared, chosen, list(known))
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


def _check_datasets(shared: Path, chosen: list[str], known: list[str]) -> None:
    """Exit when a chosen data set is unknown (2) or `shared` lacks the data sets (1)."""
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
    _check_training_data(shared, labels)
    from ..learn.model import MODEL_DIR
    from ..learn.train import TrainConfig

    if part not in ("coder", "roles", "both"):
        error(f"--part {part!r}: give coder, roles or both")
        raise typer.Exit(2)
    config = TrainConfig(epochs=epochs, seed=seed, layers=layers)
    try:
        if folds:
            _cross_validate(shared, labels, out or MODEL_DIR, folds, config)
        else:
            _train_parts(shared, labels, out or MODEL_DIR, part, config)
    except ImportError as exc:
        error(f"training needs the train extra ({exc.name} is missing): run `make train`")
        raise typer.Exit(1) from None


def _log(message: str) -> None:
    typer.echo(message, err=True)


def _check_training_data(shared: Path, labels: Path) -> None:
    """Exit 1 unless `shared` holds the data sets and `labels` is a folder."""
    if not (shared / "datasets").is_dir():
        error(f"{shared} has no datasets folder; give --shared PATH to the team's shared data")
        raise typer.Exit(1)
    if not labels.is_dir():
        error(f"{labels} is not a folder of labelled candidates; give --labels PATH")
        raise typer.Exit(1)


def _cross_validate(
    shared: Path, labels: Path, model_dir: Path, folds: int, config: TrainConfig
) -> None:
    """Print the K-fold scores as JSON; keep them on the model card where there is one."""
    import json

    from ..learn.train import cross_validate, record_cv

    result = cross_validate(shared, labels, folds, config, log=_log)
    typer.echo(json.dumps(result))
    if model_dir.joinpath("card.json").is_file():
        record_cv(model_dir, result)


def _train_parts(
    shared: Path, labels: Path, model_dir: Path, part: str, config: TrainConfig
) -> None:
    """Train the coder, the role model, or both, into `model_dir`."""
    from ..learn.train import train as run_training
    from ..learn.train import train_roles

    if part in ("coder", "both"):
        run_training(shared, labels, model_dir, config, log=_log)
    if part in ("roles", "both"):
        train_roles(shared, labels, model_dir, config, log=_log)
