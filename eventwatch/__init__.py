"""eventwatch: structured, sourced PLOVER event data from news articles, offline.

>>> import eventwatch
>>> records = eventwatch.extract(text, published="2018-01-04")   # doctest: +SKIP
"""

from .errors import EventwatchError, ModelError, OntologyError, PipelineError
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
    "to_json",
]
