"""Read the event store for the web API: bounded, read-only, one connection per thread.

The store's own `Store` serialises every call on one connection; a server answering
many readers at once opens the file read-only (`mode=ro`, `query_only`) once per worker
thread instead, so SQLite runs their queries side by side. Filters are the store's own
(`Filters`, `where_clause`), so the API and `eventwatch query` select the same events.

Every statement runs under a deadline: a progress handler interrupts it once
`timeout` seconds have passed and `QueryTimeout` is raised. Aggregations are cached
until the database files change (another process ingesting, or `POST /api/extract`).

The store's counts, timeline and map read the summary tables that the store keeps by
triggers (`eventwatch.store.summaries`) when the filters are only an event type and a
country, and group the merged events otherwise (or on a store not yet migrated); both
give the same answer.

>>> reader = Reader("events.db", timeout=2.0)        # doctest: +SKIP
>>> reader.events(Filters(event="ASSAULT", limit=50)).records   # doctest: +SKIP
"""

from .connection import QueryTimeout, ReadOnlyStore, TooMany
from .events import SORTS, Page
from .network import build_network
from .reader import Reader
from .timeline import INTERVALS, period_end

__all__ = [
    "INTERVALS",
    "SORTS",
    "Page",
    "QueryTimeout",
    "ReadOnlyStore",
    "Reader",
    "TooMany",
    "build_network",
    "period_end",
]
