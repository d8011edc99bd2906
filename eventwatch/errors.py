"""The one exception hierarchy of eventwatch.

    EventwatchError                 any error eventwatch raises on purpose
    ├── OntologyError               a bundled data file is invalid (carries `path`)
    ├── PipelineError               stages do not chain (a stage needs what none adds)
    ├── ModelError                  the bundled spaCy model cannot be loaded
    ├── SettingError                an EVENTWATCH_<NAME> setting has a bad value
    ├── StoreError                  the event store cannot be opened, migrated or written
    ├── QueryError                  a store query has an invalid filter
    ├── ExportError                 an export format is unknown or cannot be written
    └── DependencyError             an optional package is not installed (also an ImportError)

Unreadable input is not an exception: readers yield `Dropped(stage, id, reason)` so the
batch goes on. The CLI turns each error into one line on stderr that says what to do next.
"""

from __future__ import annotations


class EventwatchError(Exception):
    """Base class: every error eventwatch raises on purpose."""


class OntologyError(EventwatchError):
    """Raised when a data file of the ontology or lexicons fails validation."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}")


class PipelineError(EventwatchError):
    """Raised at pipeline construction when a stage needs a field no earlier stage adds."""


class ModelError(EventwatchError):
    """Raised when the spaCy model shipped as a package cannot be loaded."""


class SettingError(EventwatchError):
    """Raised when an `EVENTWATCH_<NAME>` setting has a bad value (carries `name`)."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        super().__init__(f"EVENTWATCH_{name.upper()}: {problem}")


class StoreError(EventwatchError):
    """Raised when the event store cannot be opened, migrated or written, or is given an
    article or record it cannot keep (carries `path`, the database, and `problem`)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class QueryError(EventwatchError):
    """Raised when a store query has an invalid filter (carries `name`, the filter)."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        super().__init__(f"{name}: {problem}")


class ExportError(EventwatchError):
    """Raised when an export format is unknown, needs a package that is not installed, or
    cannot write to the output it was given (carries `fmt`)."""

    def __init__(self, fmt: str, problem: str) -> None:
        self.fmt = fmt
        super().__init__(f"{fmt}: {problem}")


class DependencyError(EventwatchError, ImportError):
    """Raised when a feature needs an optional package that is not installed (carries
    `package` and `extra`, the pip extra that installs it)."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'eventwatch[{extra}]'",
            name=package,
        )
