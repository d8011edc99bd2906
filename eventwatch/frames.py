"""An event store as pandas DataFrames, for notebooks.

    import eventwatch
    with eventwatch.open("out/events.db") as frames:
        events = frames.events(country="AFG", start="2024-01-01")   # one row per event
        frames.actors().head(10)                                    # busiest actors first
        frames.places()                                             # events per place

`open` reads a store that `eventwatch ingest` made, read-only, and never creates one. The
filters are the store's own (`Filters`), so `events(...)` selects what `eventwatch query`
and `/api/events` select; the aggregations are the web API's (`/api/actors`,
`/api/places`), so a notebook, the CLI and the page agree. The event columns are the flat
view of the CSV and Parquet exports (`FLAT_COLUMNS`), typed: dates as datetimes, counts as
nullable integers.

pandas is an optional dependency: `pip install 'eventwatch[pandas]'` (with matplotlib).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

from .errors import DependencyError, QueryError, StoreError
from .export.fields import FLAT_COLUMNS, flat_row
from .export.parquet import DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS
from .store.query import Filters

if TYPE_CHECKING:
    import pandas

    from .web.reader import Reader

EXTRA = "pandas"
ACTOR_COLUMNS = ("name", "identifier_id", "code", "sector", "events", "as_actor",
                 "as_recipient", "first_date", "last_date")  # fmt: skip
PLACE_COLUMNS = ("name", "country_code", "lat", "lon", "precision", "events", "dead", "types")
ROLES = ("actor", "recipient")
_ALL = 2**62  # "no limit" as an SQLite LIMIT (it takes a signed 64-bit integer)


class EventFilters(TypedDict, total=False):
    """The filters every table takes (keyword-only); see `Store.query` for their meaning."""

    start: Any  # a date, a datetime (a pandas Timestamp too) or "YYYY-MM-DD"
    end: Any
    country: str
    actor: str
    event: str
    text: str
    limit: int


FILTERS = tuple(sorted(EventFilters.__annotations__))


def require_pandas(feature: str = "eventwatch.open") -> Any:
    """The pandas module, or `DependencyError` saying which extra installs it."""
    try:
        import pandas
    except ImportError as exc:
        raise DependencyError("pandas", EXTRA, feature) from exc
    return pandas


def open(path: str | os.PathLike[str]) -> Frames:
    """Open the event store at `path` read-only, to read its tables as DataFrames.

    Raises `StoreError` when there is no store at `path` (nothing is created) and
    `DependencyError` when pandas is not installed. Use it as a context manager, or call
    `close()`.
    """
    require_pandas()
    from .web.reader import Reader

    return Frames(Reader(path, timeout=float("inf")))


class Frames:
    """Read-only tables of an event store; get one from `eventwatch.open`."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self.path = str(reader.path)
        self.closed = False

    # --- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self._reader.close()
        self.closed = True

    def __enter__(self) -> Frames:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self.closed:
            return f"<eventwatch.Frames {self.path!r}: closed>"
        stats = self._reader.stats()
        return (
            f"<eventwatch.Frames {self.path!r}: {stats['clusters']} events from "
            f"{stats['articles']} articles, {stats['first_date']} to {stats['last_date']}>"
        )

    # --- tables ----------------------------------------------------------------------
    def events(self, **filters: Unpack[EventFilters]) -> pandas.DataFrame:
        """Merged events matching every filter, one row each, by date (undated last).

        Columns are `FLAT_COLUMNS`, as in the CSV export: `date`, `enddate` are datetimes;
        `dead`, `injured`, `arrested` (and their `_low`/`_high` range ends), `quad_code`,
        `source_count` nullable integers (`<NA>`: not reported); `lat`, `lon`,
        `confidence` floats; the rest text, lists (`mode`, `actor`, `recipient`, ...)
        joined with "; ", an empty one missing (NaN).
        """
        pd = require_pandas("Frames.events")
        checked, limit = self._filters("events", filters)
        page = self._reader.events(dataclasses.replace(checked, limit=limit, offset=0))
        rows = [flat_row(json.loads(raw)) for raw in page.records]
        frame = pd.DataFrame.from_records(rows, columns=list(FLAT_COLUMNS))
        return _typed(pd, frame, DATE_COLUMNS, INT_COLUMNS, FLOAT_COLUMNS)

    def actors(
        self, *, role: Literal["actor", "recipient"] | None = None, **filters: Unpack[EventFilters]
    ) -> pandas.DataFrame:
        """Actors and recipients of the matching events, most events first.

        An actor is grouped by its Wikidata id when it has one, else by its name. Columns:
        `name`, `identifier_id`, `code`, `sector`, `events` (merged events it is in),
        `as_actor`, `as_recipient`, `first_date`, `last_date`. `role` keeps only actors
        (or only recipients). Pass `identifier_id` or `name` to `events(actor=...)` for
        an actor's events.
        """
        pd = require_pandas("Frames.actors")
        if role is not None and role not in ROLES:
            raise QueryError("role", f"{role!r} is no role; use one of {', '.join(ROLES)}")
        checked, limit = self._filters("actors", filters)
        out = self._reader.actors(checked, name=None, role=role, limit=limit, offset=0)
        rows = [{k: item[k] for k in ACTOR_COLUMNS} for item in out["items"]]
        frame = pd.DataFrame.from_records(rows, columns=list(ACTOR_COLUMNS))
        counts = {"events", "as_actor", "as_recipient"}
        return _typed(pd, frame, {"first_date", "last_date"}, counts, ())

    def places(self, **filters: Unpack[EventFilters]) -> pandas.DataFrame:
        """Where the matching events happened: one row per point, busiest first.

        Columns: `name`, `country_code`, `lat`, `lon`, `precision`, `events`, `dead` (the
        fatalities of its events added up, an unreported count as 0) and `types` (events
        per PLOVER type, e.g. "ASSAULT: 2; COERCE: 1"). `attrs["unplaced"]` counts the
        matching events that have no coordinates.
        """
        pd = require_pandas("Frames.places")
        checked, limit = self._filters("places", filters)
        out = self._reader.places(checked, limit=limit, per_place=0)
        rows = [
            {**{k: item[k] for k in PLACE_COLUMNS if k != "types"}, "types": _counts(item["types"])}
            for item in out["items"]
        ]
        frame = pd.DataFrame.from_records(rows, columns=list(PLACE_COLUMNS))
        frame = _typed(pd, frame, (), {"events", "dead"}, {"lat", "lon"})
        frame.attrs["unplaced"] = int(out["unplaced"])
        return frame

    # --- filters ---------------------------------------------------------------------
    def _filters(self, table: str, given: Mapping[str, Any]) -> tuple[Filters, int]:
        """The store's filters and the row limit; `QueryError` names what is wrong."""
        if self.closed:
            raise StoreError(self.path, "closed; open it again with eventwatch.open(...)")
        unknown = sorted(set(given) - set(FILTERS))
        if unknown:
            valid = ", ".join(FILTERS) + (", role" if table == "actors" else "")
            raise QueryError(unknown[0], f"unknown filter; {table}() takes {valid}")
        limit = given.get("limit")
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise QueryError("limit", f"must be a positive integer, not {limit!r}")
        event = given.get("event")
        if isinstance(event, str) and event.strip():
            from .ontology import load_ontology

            types = sorted(load_ontology().types)
            if event.strip().upper() not in types:
                raise QueryError(
                    "event", f"{event!r} is no PLOVER type; use one of {', '.join(types)}"
                )
        for name in ("country", "actor", "event", "text"):
            value = given.get(name)
            if value is not None and not isinstance(value, str):
                raise QueryError(name, f"expected a string, not {value!r}")
        checked = Filters.of(**{k: v for k, v in given.items() if k != "limit"})
        return checked, limit or _ALL


def _counts(types: dict[str, int]) -> str:
    ordered = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{event}: {n}" for event, n in ordered)


def _typed(
    pd: Any,
    frame: pandas.DataFrame,
    dates: Collection[str],
    counts: Collection[str],
    floats: Collection[str],
) -> pandas.DataFrame:
    """The frame with dates as datetimes, counts as nullable integers, floats as floats and
    every other column as pandas' string type (missing values NaN, as pandas reads a CSV)."""
    for column in frame.columns:
        if column in dates:
            days = frame[column].map(lambda v: v[:10] if isinstance(v, str) else None)
            frame[column] = pd.to_datetime(days, format="%Y-%m-%d").astype("datetime64[us]")
        elif column in counts:
            frame[column] = frame[column].astype("Int64")
        elif column in floats:
            frame[column] = frame[column].astype("float64")
        else:  # an empty joined list ("") is missing too, as when pandas reads the CSV
            text = frame[column].astype("str")
            frame[column] = text.mask(text == "")
    return frame
