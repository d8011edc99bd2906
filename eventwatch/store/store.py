"""The event store: SQLite as the system of record, written idempotently, read merged.

    store = Store("events.db")            # or ":memory:"; WAL, foreign keys, busy timeout
    store.add(article, records)           # one transaction; False when already stored
    store.query(country="EGY", text="mosque attack")   # merged events, PLOVER dicts

Articles and their single-article records are the source of truth; the `clusters` table
is derived from them by the cross-article merge rule (`eventwatch.store.merge`) and is
recomputed, inside the same transaction, for the part of the data an `add` touches. One
writer and many readers can share a file: the CLI can ingest while the server reads.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .clusters import Reports, recluster, remove_events
from .merge import MergeSettings
from .migrations import MIGRATIONS, Migration, apply_migrations
from .query import MAX_LIMIT, Filters, where_clause
from .rows import (
    ArticleLike,
    actor_rows,
    article_fields,
    check_records,
    event_row,
    evidence_rows,
    place_row,
)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """An SQLite event store; use one per process (it is safe to share between threads)."""

    def __init__(
        self,
        path: str | os.PathLike[str] = "events.db",
        *,
        settings: MergeSettings | None = None,
        clock: Clock = _utc_now,
        timeout: float = 30.0,
        migrations: list[Migration] | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.settings = settings or MergeSettings()
        self._clock = clock
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.journal_mode = str(self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(
                self.path, f"cannot open the database ({exc}); check the file and its folder"
            ) from exc
        self.applied = apply_migrations(self._conn, self.path, migrations or MIGRATIONS)
        # merge reports parsed by earlier adds; dropped when another connection commits
        # (`PRAGMA data_version` moves) or a write is undone
        self._reports = Reports()
        self._seen_version: int | None = None

    # --- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                version = self._conn.execute("PRAGMA data_version").fetchone()[0]
                if version != self._seen_version:
                    self._reports.clear()
                    self._seen_version = version
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                self._reports.clear()
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(self.path, f"write failed and was undone: {exc}") from exc
                raise

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    # --- writing ---------------------------------------------------------------------
    def add(self, article: ArticleLike, records: Iterable[Mapping[str, Any]]) -> bool:
        """Store an article and its records in one transaction; False if already stored.

        The same article (same id and content hash) adds and changes nothing. Another text
        under a stored id replaces it, events and all, atomically, unless it was published
        before the stored one (an older version never replaces a newer); either way the
        version that loses is kept in `versions()`. Records upsert by their id, and the
        merged events of everything they touch are recomputed. Dead letters recorded for
        this article (by its id or origin) are cleared: it is stored now.
        """
        fields = article_fields(article, self.path)
        rows = check_records(records, fields["id"], self.path)
        with self._transaction() as conn:
            old = conn.execute(
                "SELECT content_hash, published FROM articles WHERE id = ?", (fields["id"],)
            ).fetchone()
            if old is not None and old[0] == fields["content_hash"]:
                return False
            if old is not None:
                if _older(fields["published"], old[1]):
                    self._supersede(
                        fields["id"], fields["content_hash"], fields["published"], old[0]
                    )
                    return False
                self._supersede(fields["id"], old[0], old[1], fields["content_hash"])
            seeds = set()
            if old is not None:
                seeds = remove_events(conn, fields["id"], self.settings, self._reports)
            conn.execute(
                "INSERT INTO articles (id, content_hash, title, url, source, published, origin,"
                " text, ingested_at) VALUES (:id, :content_hash, :title, :url, :source,"
                " :published, :origin, :text, :at) ON CONFLICT (id) DO UPDATE SET"
                " content_hash = excluded.content_hash, title = excluded.title,"
                " url = excluded.url, source = excluded.source, published = excluded.published,"
                " origin = excluded.origin, text = excluded.text,"
                " ingested_at = excluded.ingested_at",
                {**fields, "at": self._now()},
            )
            for record in rows:
                self._upsert_event(record)
            origins = [o for o in (fields["id"], fields["origin"]) if o]
            conn.executemany("DELETE FROM failures WHERE origin = ?", [(o,) for o in origins])
            written = {r["id"] for r in rows}
            self._reports.forget(written)
            recluster(conn, seeds | written, self.settings, written, self._reports)
        return True

    def _supersede(self, article_id: str, content_hash: str, published, by: str) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO article_versions (id, content_hash, published,"
            " superseded_by, superseded_at) VALUES (?, ?, ?, ?, ?)",
            (article_id, content_hash, published, by, self._now()),
        )

    def _upsert_event(self, record: Mapping[str, Any]) -> None:
        conn = self._conn
        conn.execute(
            "INSERT INTO events (id, doc_id, event, quad_code, date, enddate, date_precision,"
            " country_code, lat, lon, dead, injured, arrested, confidence, record)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " doc_id = excluded.doc_id, event = excluded.event, quad_code = excluded.quad_code,"
            " date = excluded.date, enddate = excluded.enddate,"
            " date_precision = excluded.date_precision, country_code = excluded.country_code,"
            " lat = excluded.lat, lon = excluded.lon, dead = excluded.dead,"
            " injured = excluded.injured, arrested = excluded.arrested,"
            " confidence = excluded.confidence, record = excluded.record",
            event_row(record),
        )
        for table in ("event_actors", "places", "evidence"):
            conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (record["id"],))
        conn.executemany(
            "INSERT INTO event_actors (event_id, role, position, entity_text, identifier_text,"
            " identifier_id, code, sector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            actor_rows(record),
        )
        place = place_row(record)
        if place is not None:
            conn.execute(
                "INSERT INTO places (event_id, extracted_place, resolved_place, geonameid,"
                " admin1, country_code, precision, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                place,
            )
        conn.executemany(
            'INSERT INTO evidence (event_id, position, doc_id, start, "end", text, event_text,'
            " trigger_start, trigger_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            evidence_rows(record),
        )

    def add_failure(self, origin: str, stage: str, reason: str) -> None:
        """Keep an item that could not be processed (a dead letter), with why and when."""
        now = self._now()
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO failures (origin, stage, reason, at, first_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (origin, stage, reason) DO UPDATE SET at = excluded.at,"
                " attempts = attempts + 1",
                (str(origin), str(stage), str(reason), now, now),
            )

    # --- reading ---------------------------------------------------------------------
    def has(self, article_id: str, content_hash: str) -> bool:
        """Whether this article, with this content, is already stored (resumable ingests)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT 1 FROM articles WHERE id = ? AND content_hash = ?",
                (article_id, content_hash),
            ).fetchone()
        return row is not None

    def stored_hash(self, article_id: str) -> str | None:
        """The content hash of the stored article with this id, if any."""
        with self._lock:
            row = self._conn.execute(
                "SELECT content_hash FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        return row[0] if row else None

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        """The versions of an article that another one superseded, oldest first."""
        keys = ("content_hash", "published", "superseded_by", "superseded_at")
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(keys)} FROM article_versions WHERE id = ?"
                " ORDER BY superseded_at, rowid",
                (article_id,),
            ).fetchall()
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def failures(self) -> list[dict[str, Any]]:
        """The dead letters, oldest first: origin, stage, reason, at, first_at, attempts."""
        keys = ("origin", "stage", "reason", "at", "first_at", "attempts")
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(keys)} FROM failures ORDER BY first_at, id"
            ).fetchall()
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def query(
        self,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        country: str | None = None,
        actor: str | None = None,
        event: str | None = None,
        text: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Merged events (PLOVER dicts) matching every filter given, by date then id.

        `start`/`end` keep events whose date range meets [start, end]; `country` is an
        ISO alpha-3 code; `actor` matches an identifier id, or part of a name, of an actor
        or recipient; `event` is a PLOVER type; `text` searches the evidence sentences
        (every word must occur). `limit` is capped at 1000.
        """
        filters = Filters.of(start, end, country, actor, event, text, limit, offset)
        where, params = where_clause(filters)
        sql = (
            f"SELECT c.record FROM clusters c {where}"
            " ORDER BY c.date IS NULL, c.date, c.id LIMIT ? OFFSET ?"
        )
        with self._lock:
            rows = self._conn.execute(sql, [*params, filters.limit, filters.offset]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def count(self, **filters: Any) -> int:
        """How many merged events match the filters of `query` (its page aside)."""
        where, params = where_clause(Filters.of(**filters, limit=1, offset=0))
        with self._lock:
            row = self._conn.execute(f"SELECT COUNT(*) FROM clusters c {where}", params).fetchone()
        return int(row[0])

    def iter_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every merged event matching the filters of `query`, in its order, page by page
        (for exports). Pages continue after the last row seen (date, id), so the millionth
        row costs what the first does (an OFFSET would re-read every row before it)."""
        where, params = where_clause(Filters.of(**filters))
        both = f"{where} AND" if where else "WHERE"
        pages = (
            ("c.date IS NOT NULL AND (c.date, c.id) > (?, ?)", "c.date, c.id"),
            ("c.date IS NULL AND c.id > ?", "c.id"),
        )
        for n, (after, order) in enumerate(pages):
            last: tuple[Any, ...] = ("", "") if n == 0 else ("",)
            while True:
                sql = (
                    f"SELECT c.record, c.date, c.id FROM clusters c {both} {after}"
                    f" ORDER BY {order} LIMIT {MAX_LIMIT}"
                )
                with self._lock:
                    rows = self._conn.execute(sql, [*params, *last]).fetchall()
                for row in rows:
                    yield json.loads(row[0])
                if len(rows) < MAX_LIMIT:
                    break
                date, ident = rows[-1][1], rows[-1][2]
                last = (date, ident) if n == 0 else (ident,)

    def get(self, event_id: str) -> dict[str, Any] | None:
        """The merged event with this id, or the one a single-article record belongs to."""
        with self._lock:
            row = self._conn.execute(
                "SELECT record FROM clusters WHERE id = ? OR id ="
                " (SELECT cluster_id FROM cluster_members WHERE event_id = ?)",
                (event_id, event_id),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def stats(self) -> dict[str, int]:
        """How many articles, single-article events, merged events and failures are kept."""
        tables = ("articles", "events", "clusters", "failures")
        with self._lock:
            return {
                t: int(self._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in tables
            }

    def dump(self) -> dict[str, list[list[Any]]]:
        """A deterministic snapshot of everything stored, without timestamps or row ids."""
        queries = {
            "migrations": "SELECT number, name FROM migrations ORDER BY number",
            "articles": "SELECT id, content_hash, title, url, source, published, origin, text"
            " FROM articles ORDER BY id",
            "events": "SELECT * FROM events ORDER BY id",
            "event_actors": "SELECT * FROM event_actors ORDER BY event_id, role, position",
            "places": "SELECT * FROM places ORDER BY event_id",
            "evidence": 'SELECT event_id, position, doc_id, start, "end", text, event_text,'
            " trigger_start, trigger_end FROM evidence ORDER BY event_id, position",
            "failures": "SELECT origin, stage, reason FROM failures ORDER BY origin, stage, reason",
            "clusters": "SELECT * FROM clusters ORDER BY id",
            "cluster_members": "SELECT * FROM cluster_members ORDER BY cluster_id, event_id",
        }
        with self._lock:
            return {
                name: [list(row) for row in self._conn.execute(sql)]
                for name, sql in queries.items()
            }

    def migrations(self) -> list[tuple[int, str]]:
        """The migrations recorded in this database, in order."""
        with self._lock:
            rows = self._conn.execute("SELECT number, name FROM migrations ORDER BY number")
            return [(int(number), str(name)) for number, name in rows]


def _older(published: str | None, than: str | None) -> bool:
    """Whether a version published on `published` is older than one published `than`
    (ISO dates; an unknown date is never older)."""
    return bool(published and than and published < than)
