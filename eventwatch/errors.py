"""The one exception hierarchy of eventwatch.

    EventwatchError                 any error eventwatch raises on purpose
    ├── OntologyError               a bundled data file is invalid (carries `path`)
    ├── PipelineError               stages do not chain (a stage needs what none adds)
    └── ModelError                  the bundled spaCy model cannot be loaded

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
