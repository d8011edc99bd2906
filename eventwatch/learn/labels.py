"""The label vocabularies the learned coder predicts over, read from the ontology data.

The order of each vocabulary is part of a trained model (its output columns); the model
card stores the lists it was trained with, and loading checks them against these.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..ontology import acled_table

NONE = "none"  # an event ACLED would not record (statements, talks, aid)


@dataclass(frozen=True)
class SubType:
    event_type: str
    name: str
    mode: str | None = None


@cache
def acled_subtypes() -> tuple[SubType, ...]:
    """ACLED's 25 sub-event types, in the codebook's order."""
    return tuple(SubType(*row) for row in acled_table())


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
