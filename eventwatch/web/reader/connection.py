"""Open an event store read-only: a connection per thread, a deadline per statement.

`ReadOnlyStore` is what every query of the reader stands on: it opens the file with
`mode=ro` and `query_only` once per worker thread, interrupts a statement once `timeout`
seconds have passed (`QueryTimeout`), caches aggregations until the database files
change, and says whether the store's summary tables can answer a set of filters.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from ...errors import EventwatchError, StoreError
from ...store.query import Filters

T = TypeVar("T")


class QueryTimeout(EventwatchError):
    """Raised when a query runs past the server's time limit and is stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"the query ran longer than {seconds:g} s and was stopped; narrow the filters "
            "(a shorter date range, an event type or a country)"
        )


class TooMany(EventwatchError):
    """Raised when an aggregation would return more groups than the caller allowed."""


class _Cache:
    """A small least-recently-used cache of aggregation results, thread-safe."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class ReadOnlyStore:
    """An event store file opened read-only: what every query class of the reader shares
    (connections, deadlines, the cache, the summaries check); safe between threads."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 2.0,
        check_every: int = 1000,
        use_summaries: bool = True,
    ) -> None:
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise StoreError(str(path), "no such event store; create one with `eventwatch ingest`")
        self.timeout = timeout
        self.check_every = check_every  # SQLite VM steps between two looks at the clock
        self.use_summaries = use_summaries  # False: always group the merged events
        self._uri = f"file:{quote(str(self.path))}?mode=ro"
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._cache = _Cache()
        with self._query() as conn:  # fail now, with a clear message, on a bad file
            try:
                conn.execute("SELECT 1 FROM clusters LIMIT 1").fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    str(path),
                    f"not an eventwatch store ({exc}); create one with `eventwatch ingest`",
                ) from None

    # --- connections and deadlines ---------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self._uri, uri=True, check_same_thread=False, timeout=5.0)
                conn.execute("PRAGMA query_only = ON")
                conn.execute("PRAGMA mmap_size = 268435456")
                conn.execute("PRAGMA cache_size = -16000")
            except sqlite3.Error as exc:
                raise StoreError(
                    str(self.path), f"cannot open the store read-only ({exc})"
                ) from exc
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    @contextmanager
    def _query(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        deadline = time.monotonic() + self.timeout
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), self.check_every)
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(self.timeout) from None
            raise StoreError(str(self.path), f"query failed: {exc}") from exc
        finally:
            conn.set_progress_handler(None, 0)

    def close(self) -> None:
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()

    # --- caching and summaries -------------------------------------------------------
    def version(self) -> tuple[int, ...]:
        """Changes whenever a writer commits (the WAL file) or checkpoints (the main file)."""
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def _cached(self, key: Any, compute: Callable[[], T]) -> T:
        return self._cache.get((key, self.version()), compute)

    def _summarised(self, filters: Filters) -> tuple[str, list[Any]] | None:
        """The WHERE clause over a summary table for these filters, or None when the
        summaries cannot answer them (a store not yet migrated to 6, or a date, actor or
        text filter) and the aggregation must read the merged events."""
        if filters.start or filters.end or filters.actor or filters.text:
            return None
        if not self.summaries:
            return None
        clauses, params = [], []
        if filters.country:
            clauses.append("country = ?")
            params.append(filters.country)
        if filters.event:
            clauses.append("event = ?")
            params.append(filters.event)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    @property
    def summaries(self) -> bool:
        """Whether the store holds the summary tables (migration 6), looked up each time:
        a writer may migrate the file while the server runs."""
        return self._has("summary_places")

    def _has(self, table: str) -> bool:
        """Whether the store holds this summary table (and summaries are wanted), looked up
        each time: a writer may migrate the file while the server runs."""
        if not self.use_summaries:
            return False
        with self._query() as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
        return row is not None
