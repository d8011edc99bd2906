"""Summary tables of who acts in the merged events, kept exact by triggers (migration 8).

`/api/actors` counts, for every actor or recipient (grouped by its key: the Wikidata id,
else the folded name), the merged events that hold it. Grouping a million merged events'
participants takes seconds; these tables keep the answer as events come and go:

- `summary_cluster_actors`: one row per (merged event, actor key, role), with the merged
  event's date: filled when a member joins a merged event (`cluster_members` insert: its
  participants), emptied when the merged event is deleted (`recluster` deletes and
  re-inserts merged events; an update of its date is followed too);
- `summary_actor_roles`: merged events per (key, role); `summary_actor_counts`: merged
  events per key in either role (a merged event naming a key in both roles counts once);
- `summary_actor_names`: the name variants of each key and role (id, name, code, sector)
  with how many stored participants carry them, for the largest of each (as `MAX` does).

First and last dates are read from `summary_cluster_actors` through its (key, role, date)
index. A NULL key (no id, no name at all) is not summarised.

`/api/network` counts the merged events in which a member event names an actor key acting
on a recipient key, per event type (migration 9):

- `summary_cluster_edges`: one row per (merged event, actor key, recipient key, type),
  filled from each member's participants as it joins, emptied with the merged event;
- `summary_edges`: merged events per (actor key, recipient key, type).
"""

from __future__ import annotations

KEY = "COALESCE({t}.identifier_id, lower(COALESCE({t}.identifier_text, {t}.entity_text)))"
LABEL = "COALESCE({t}.identifier_text, {t}.entity_text)"


def actor_summaries_sql() -> str:
    """The migration: tables, triggers, and the rows of what the store already holds."""
    return (
        _actor_tables_sql()
        + _actor_count_triggers_sql()
        + _cluster_actor_triggers_sql()
        + _actor_name_triggers_sql()
        + _stored_actors_sql()
    )


def _variant(t: str) -> str:
    """The columns that tell one name variant of a participant `t` from another."""
    label = LABEL.format(t=t)
    return (
        f"{t}.role, IFNULL({t}.identifier_id, ''), IFNULL({label}, ''),"
        f" IFNULL({t}.code, ''), IFNULL({t}.sector, '')"
    )


def _actor_tables_sql() -> str:
    """The summary tables and the index first and last dates are read through."""
    return """
    CREATE TABLE summary_cluster_actors (
        cluster_id TEXT NOT NULL, k TEXT NOT NULL, role TEXT NOT NULL, date TEXT,
        PRIMARY KEY (cluster_id, k, role)
    ) WITHOUT ROWID;
    CREATE INDEX summary_cluster_actors_k ON summary_cluster_actors (k, role, date);
    CREATE TABLE summary_actor_roles (
        k TEXT NOT NULL, role TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (k, role)
    ) WITHOUT ROWID;
    CREATE TABLE summary_actor_counts (k TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE summary_actor_names (
        k TEXT NOT NULL, role TEXT NOT NULL, ident TEXT NOT NULL, label TEXT NOT NULL,
        code TEXT NOT NULL, sector TEXT NOT NULL, refs INTEGER NOT NULL,
        PRIMARY KEY (k, role, ident, label, code, sector)
    ) WITHOUT ROWID;
"""


def _actor_count_triggers_sql() -> str:
    """Count a (merged event, key, role) row in the per-role and per-key totals."""
    return """
    CREATE TRIGGER summary_cluster_actors_ai AFTER INSERT ON summary_cluster_actors BEGIN
        INSERT INTO summary_actor_roles (k, role, n) VALUES (new.k, new.role, 1)
            ON CONFLICT (k, role) DO UPDATE SET n = n + 1;
        INSERT INTO summary_actor_counts (k, n) SELECT new.k, 1 WHERE NOT EXISTS (
            SELECT 1 FROM summary_cluster_actors s WHERE s.cluster_id = new.cluster_id
            AND s.k = new.k AND s.role != new.role)
            ON CONFLICT (k) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER summary_cluster_actors_ad AFTER DELETE ON summary_cluster_actors BEGIN
        UPDATE summary_actor_roles SET n = n - 1 WHERE k = old.k AND role = old.role;
        DELETE FROM summary_actor_roles WHERE k = old.k AND role = old.role AND n <= 0;
        UPDATE summary_actor_counts SET n = n - 1 WHERE k = old.k AND NOT EXISTS (
            SELECT 1 FROM summary_cluster_actors s WHERE s.cluster_id = old.cluster_id
            AND s.k = old.k);
        DELETE FROM summary_actor_counts WHERE k = old.k AND n <= 0;
    END;"""


def _cluster_actor_triggers_sql() -> str:
    """Follow merged events: a member joining, a merged event deleted or re-dated."""
    key = KEY.format(t="a")
    return f"""
    CREATE TRIGGER summary_members_ai AFTER INSERT ON cluster_members BEGIN
        INSERT OR IGNORE INTO summary_cluster_actors (cluster_id, k, role, date)
            SELECT new.cluster_id, {key}, a.role,
                   (SELECT c.date FROM clusters c WHERE c.id = new.cluster_id)
            FROM event_actors a WHERE a.event_id = new.event_id AND {key} IS NOT NULL;
    END;
    CREATE TRIGGER summary_clusters_actors_ad AFTER DELETE ON clusters BEGIN
        DELETE FROM summary_cluster_actors WHERE cluster_id = old.id;
    END;
    CREATE TRIGGER summary_clusters_actors_au AFTER UPDATE OF date ON clusters BEGIN
        UPDATE summary_cluster_actors SET date = new.date WHERE cluster_id = new.id;
    END;"""


def _actor_name_triggers_sql() -> str:
    """Count the name variants of the stored participants as they come and go."""
    new_key, old_key = KEY.format(t="new"), KEY.format(t="old")
    return f"""
    CREATE TRIGGER summary_event_actors_ai AFTER INSERT ON event_actors
    WHEN {new_key} IS NOT NULL BEGIN
        INSERT INTO summary_actor_names (k, role, ident, label, code, sector, refs)
            VALUES ({new_key}, {_variant("new")}, 1)
            ON CONFLICT (k, role, ident, label, code, sector) DO UPDATE SET refs = refs + 1;
    END;
    CREATE TRIGGER summary_event_actors_ad AFTER DELETE ON event_actors
    WHEN {old_key} IS NOT NULL BEGIN
        UPDATE summary_actor_names SET refs = refs - 1
            WHERE (k, role, ident, label, code, sector)
                = ({old_key}, {_variant("old")});
        DELETE FROM summary_actor_names WHERE refs <= 0 AND k = {old_key};
    END;
"""


def _stored_actors_sql() -> str:
    """Fill the summaries from the participants and merged events already stored."""
    key = KEY.format(t="a")
    return f"""
    INSERT INTO summary_actor_names (k, role, ident, label, code, sector, refs)
        SELECT {key}, {_variant("a")}, COUNT(*) FROM event_actors a
        WHERE {key} IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT OR IGNORE INTO summary_cluster_actors (cluster_id, k, role, date)
        SELECT m.cluster_id, {key}, a.role, c.date FROM cluster_members m
        JOIN event_actors a ON a.event_id = m.event_id JOIN clusters c ON c.id = m.cluster_id
        WHERE {key} IS NOT NULL;
    """


def edge_summaries_sql() -> str:
    """Migration 9: the network's edges, kept by triggers, and those of what is stored."""
    ka, kr = KEY.format(t="a"), KEY.format(t="r")
    # an actor and a recipient of one member event, both with a key
    join = "JOIN event_actors r ON r.event_id = a.event_id AND r.role = 'recipient'"
    pairs = f"{join} WHERE a.role = 'actor' AND {ka} IS NOT NULL AND {kr} IS NOT NULL"
    stored = (
        "FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id"
        f" JOIN event_actors a ON a.event_id = m.event_id {pairs}"
    )
    return f"""
    CREATE TABLE summary_cluster_edges (
        cluster_id TEXT NOT NULL, ka TEXT NOT NULL, kr TEXT NOT NULL, event TEXT NOT NULL,
        PRIMARY KEY (cluster_id, ka, kr, event)
    ) WITHOUT ROWID;
    CREATE TABLE summary_edges (
        ka TEXT NOT NULL, kr TEXT NOT NULL, event TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (ka, kr, event)
    ) WITHOUT ROWID;

    CREATE TRIGGER summary_cluster_edges_ai AFTER INSERT ON summary_cluster_edges BEGIN
        INSERT INTO summary_edges (ka, kr, event, n) VALUES (new.ka, new.kr, new.event, 1)
            ON CONFLICT (ka, kr, event) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER summary_cluster_edges_ad AFTER DELETE ON summary_cluster_edges BEGIN
        UPDATE summary_edges SET n = n - 1
            WHERE ka = old.ka AND kr = old.kr AND event = old.event;
        DELETE FROM summary_edges
            WHERE ka = old.ka AND kr = old.kr AND event = old.event AND n <= 0;
    END;
    CREATE TRIGGER summary_members_edges_ai AFTER INSERT ON cluster_members BEGIN
        INSERT OR IGNORE INTO summary_cluster_edges (cluster_id, ka, kr, event)
            SELECT new.cluster_id, {ka}, {kr},
                   (SELECT c.event FROM clusters c WHERE c.id = new.cluster_id)
            FROM event_actors a {pairs} AND a.event_id = new.event_id;
    END;
    CREATE TRIGGER summary_clusters_edges_ad AFTER DELETE ON clusters BEGIN
        DELETE FROM summary_cluster_edges WHERE cluster_id = old.id;
    END;
    CREATE TRIGGER summary_clusters_edges_au AFTER UPDATE OF event ON clusters BEGIN
        DELETE FROM summary_cluster_edges WHERE cluster_id = old.id;
        INSERT OR IGNORE INTO summary_cluster_edges (cluster_id, ka, kr, event)
            SELECT new.id, {ka}, {kr}, new.event FROM event_actors a {pairs}
            AND a.event_id IN (SELECT event_id FROM cluster_members WHERE cluster_id = new.id);
    END;

    INSERT OR IGNORE INTO summary_cluster_edges (cluster_id, ka, kr, event)
        SELECT m.cluster_id, {ka}, {kr}, c.event {stored};
    """
