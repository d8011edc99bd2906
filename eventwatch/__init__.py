"""eventwatch: structured, sourced PLOVER event data from news articles, offline.

>>> import eventwatch
>>> records = eventwatch.extract(text, published="2018-01-04")   # doctest: +SKIP
>>> events = eventwatch.open("events.db").events(country="AFG")  # doctest: +SKIP
"""

from .errors import EventwatchError, ModelError, OntologyError, PipelineError
from .frames import Frames, open
from .pipeline import Pipeline, Result, extract
from .records import to_json
from .types import (
    Article,
    Document,
    Dropped,
    Entity,
    EventDate,
    EventRecord,
    Location,
    Mention,
    Size,
    TextSpan,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Document",
    "Dropped",
    "Entity",
    "EventDate",
    "EventRecord",
    "EventwatchError",
    "Frames",
    "Location",
    "Mention",
    "ModelError",
    "OntologyError",
    "Pipeline",
    "PipelineError",
    "Result",
    "Size",
    "TextSpan",
    "extract",
    "open",
    "to_json",
]
