"""The label vocabularies the learned coder predicts over, read from the ontology data.

The order of each vocabulary is part of a trained model (its output columns); the model
card stores the lists it was trained with, and loading checks them against these.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import OntologyError

NONE = "none"  # an event ACLED would not record (statements, talks, aid)


@dataclass(frozen=True)
class SubType:
    event_type: str
    name: str
    mode: str | None = None


@cache
def acled_subtypes() -> tuple[SubType, ...]:
    """ACLED's 25 sub-event types, in the codebook's order."""
    path = resources.files("eventwatch.ontology").joinpath("data", "acled.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError("data/acled.toml", str(exc)) from exc
    out = []
    for event_type, subs in raw.items():
        for name, spec in subs.items():
            if not isinstance(spec, dict):
                raise OntologyError("data/acled.toml", f"{event_type}/{name}: expected a table")
            out.append(SubType(event_type, name, spec.get("mode")))
    names = [s.name for s in out]
    if len(set(names)) != len(names):
        raise OntologyError("data/acled.toml", "a sub-event type is listed twice")
    return tuple(out)


def acled_labels() -> tuple[str, ...]:
    """The ACLED head's columns: every sub-event type, then `none`."""
    return (*(s.name for s in acled_subtypes()), NONE)


def subtype(name: str) -> SubType | None:
    return next((s for s in acled_subtypes() if s.name == name), None)


def plover_labels() -> tuple[str, ...]:
    from ..ontology import load_ontology

    return tuple(sorted(load_ontology().types))


EVENT_LABELS = ("no", "yes")
ROLE_LABELS = ("neither", "actor", "recipient")  # the role head, over each word piece
