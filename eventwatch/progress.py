"""Progress of a long command on stderr: a live bar on a terminal, a summary line anywhere.

    with Progress("extracting", total=120) as progress:
        for ...:
            progress.update(done)
    echo(f"120 article(s) {progress.timing(120)}")   # "in 31.0 s (3.9 articles/s)"

On a terminal (stderr is a TTY) the bar shows the count against the total, the rate, the
time spent and the time left, and vanishes when done; elsewhere (a log, a pipe, CI) nothing
is drawn and the command prints its one summary line at the end, which it does on a
terminal too.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .pipeline import Pipeline, Result
from .types import Article

clock = time.monotonic  # a test may replace it


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (a test may replace it)."""
    return sys.stderr.isatty()


def duration(seconds: float) -> str:
    """12.3 s, 4 min 05 s, 2 h 03 min."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


def rate(count: int, seconds: float, unit: str) -> str:
    """'3.9 articles/s' ('' when nothing was counted: a rate of 0 says nothing)."""
    if count <= 0 or seconds <= 0:
        return ""
    per_second = count / seconds
    return f"{per_second:.2f} {unit}/s" if per_second < 0.1 else f"{per_second:.1f} {unit}/s"


class Progress:
    """A bar on stderr when it is a terminal (`live`), and the timing for a summary line."""

    def __init__(
        self,
        description: str,
        *,
        total: int | None,
        unit: str = "articles",
        live: bool | None = None,
    ) -> None:
        self.description = description
        self.total = total
        self.unit = unit
        self.live = stderr_is_terminal() if live is None else live
        self.started = clock()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        self.started = clock()
        if self.live:
            from rich import progress as bars
            from rich.console import Console

            self._bar = bars.Progress(
                bars.TextColumn("{task.description}"),
                bars.BarColumn(),
                bars.MofNCompleteColumn(),
                bars.TextColumn("{task.fields[rate]}"),
                bars.TimeElapsedColumn(),
                bars.TextColumn("left"),
                bars.TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,  # records on stdout go where stdout goes, not to the bar
            )
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=self.total, rate="")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @property
    def elapsed(self) -> float:
        return clock() - self.started

    def update(
        self, completed: int, *, rated: int | None = None, description: str | None = None
    ) -> None:
        """`completed` items of the total done; the rate counts `rated` of them (default:
        all; `ingest` rates only the articles it extracted, not those it skipped)."""
        if self._bar is None:
            return
        fields = {"rate": rate(completed if rated is None else rated, self.elapsed, self.unit)}
        if description is not None:
            fields["description"] = description
        self._bar.update(self._task, completed=completed, total=self.total, **fields)

    def grow(self, count: int) -> None:
        """Add `count` items to the total (work found as it goes)."""
        self.total = (self.total or 0) + count
        if self._bar is not None:
            self._bar.update(self._task, total=self.total)

    def restart(self, description: str, *, total: int | None = None) -> None:
        """Start over for the next step (a new bar, a new clock)."""
        self.description, self.total, self.started = description, total, clock()
        if self._bar is not None:
            self._bar.reset(self._task, total=total, description=description, rate="")

    def timing(self, count: int) -> str:
        """'in 31.0 s (3.9 articles/s)' for `count` items, for the summary line."""
        seconds = self.elapsed
        per_second = rate(count, seconds, self.unit)
        return f"in {duration(seconds)}" + (f" ({per_second})" if per_second else "")


@dataclass
class ProgressPipeline(Pipeline):
    """A pipeline that reports each article it runs to a `Progress` (for `evaluate`, whose
    data sets hand their texts to `run`)."""

    progress: Progress | None = None
    done: int = 0

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        articles = list(articles)
        if self.progress is not None:
            self.progress.grow(len(articles))
        for result in super().run(articles):
            self.done += 1
            if self.progress is not None:
                self.progress.update(self.done)
            yield result
