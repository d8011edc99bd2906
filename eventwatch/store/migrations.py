"""The store's schema as numbered migrations, applied in order and recorded once.

Each migration is `(number, name, sql)`. `apply_migrations` runs those whose number is
not yet in the `migrations` table, each in its own transaction with its record, so a
database is never left half-migrated. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import NamedTuple

from ..errors import StoreError


class Migration(NamedTuple):
    number: int
    name: str
    sql: str


from .actor_summaries import actor_summaries_sql, edge_summaries_sql  # noqa: E402
from .summaries import summaries_sql  # noqa: E402

MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "articles",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            title TEXT,
            url TEXT,
            source TEXT,
            published TEXT,
            origin TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles (published);
        """,
    ),
    Migration(
        2,
        "events, actors, places, evidence with full-text search",
        """
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            event TEXT NOT NULL,
            quad_code INTEGER,
            date TEXT,
            enddate TEXT,
            date_precision TEXT,
            country_code TEXT,
            lat REAL,
            lon REAL,
            dead INTEGER,
            injured INTEGER,
            arrested INTEGER,
            confidence REAL,
            record TEXT NOT NULL
        );
        CREATE INDEX events_doc ON events (doc_id);
        CREATE INDEX events_type_date ON events (event, date);
        CREATE INDEX events_country ON events (country_code);

        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
            position INTEGER NOT NULL,
            entity_text TEXT,
            identifier_text TEXT,
            identifier_id TEXT,
            code TEXT,
            sector TEXT,
            PRIMARY KEY (event_id, role, position)
        );
        CREATE INDEX event_actors_id ON event_actors (identifier_id);
        CREATE INDEX event_actors_text ON event_actors (identifier_text COLLATE NOCASE);

        CREATE TABLE places (
            event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
            extracted_place TEXT,
            resolved_place TEXT,
            geonameid INTEGER,
            admin1 TEXT,
            country_code TEXT,
            precision TEXT,
            lat REAL,
            lon REAL
        );

        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            doc_id TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            text TEXT NOT NULL,
            event_text TEXT,
            trigger_start INTEGER,
            trigger_end INTEGER,
            UNIQUE (event_id, position)
        );
        CREATE VIRTUAL TABLE evidence_fts USING fts5 (
            text, content = 'evidence', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER evidence_ai AFTER INSERT ON evidence BEGIN
            INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER evidence_ad AFTER DELETE ON evidence BEGIN
            INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER evidence_au AFTER UPDATE ON evidence BEGIN
            INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text);
        END;
        """,
    ),
    Migration(
        3,
        "failures (dead letters)",
        """
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            first_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1,
            UNIQUE (origin, stage, reason)
        );
        """,
    ),
    Migration(
        4,
        "cross-article clusters",
        """
        CREATE TABLE clusters (
            id TEXT PRIMARY KEY,
            event TEXT NOT NULL,
            date TEXT,
            enddate TEXT,
            country_code TEXT,
            lat REAL,
            lon REAL,
            dead INTEGER,
            confidence REAL,
            source_count INTEGER NOT NULL,
            record TEXT NOT NULL
        );
        CREATE INDEX clusters_type_date ON clusters (event, date);
        CREATE INDEX clusters_date ON clusters (date, enddate);
        CREATE INDEX clusters_country ON clusters (country_code);

        CREATE TABLE cluster_members (
            cluster_id TEXT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
            event_id TEXT NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE,
            PRIMARY KEY (cluster_id, event_id)
        );
        """,
    ),
    Migration(
        5,
        "article versions",
        """
        CREATE TABLE article_versions (
            id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            published TEXT,
            superseded_by TEXT NOT NULL,
            superseded_at TEXT NOT NULL,
            PRIMARY KEY (id, content_hash)
        );
        """,
    ),
    Migration(
        6,
        "summaries of merged events for the page's aggregations, kept by triggers",
        summaries_sql(),
    ),
    Migration(
        7,
        "indexes for date-ordered pages and combined filters",
        """
        CREATE INDEX clusters_date_id ON clusters (date, id);
        CREATE INDEX clusters_country_date ON clusters (country_code, date, id);
        CREATE INDEX clusters_type_country_date ON clusters (event, country_code, date, id);
        ANALYZE;
        """,
    ),
    Migration(
        8,
        "summaries of who acts in the merged events, kept by triggers",
        actor_summaries_sql(),
    ),
    Migration(
        9,
        "summaries of who acted on whom in the merged events, kept by triggers",
        edge_summaries_sql(),
    ),
]


def apply_migrations(
    conn: sqlite3.Connection, path: str, migrations: list[Migration] | None = None
) -> list[int]:
    """Apply the migrations not yet recorded, in order; return the numbers applied."""
    migrations = MIGRATIONS if migrations is None else migrations
    numbers = [m.number for m in migrations]
    if numbers != sorted(set(numbers)):
        raise StoreError(path, f"migration numbers must be unique and ascending: {numbers}")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT number FROM migrations")}
    unknown = done - set(numbers)
    if unknown:
        raise StoreError(
            path,
            f"database has migrations {sorted(unknown)} that this eventwatch does not know; "
            "upgrade eventwatch or use another database file",
        )
    applied = []
    for migration in migrations:
        if migration.number in done:
            continue
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (migration.number, migration.name, now),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(path, f"migration {migration.number} failed: {exc}") from exc
        applied.append(migration.number)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a script into complete statements (triggers hold `;` inside BEGIN ... END)."""
    out, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
