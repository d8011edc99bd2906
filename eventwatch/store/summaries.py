"""Summary tables of the merged events, kept exact by triggers (migration 6).

The page's aggregations (`eventwatch.web.reader`) would otherwise group every merged
event on each first call; at a million events that takes seconds. These tables hold the
same groups, counted as merged events come and go: `recluster` only ever inserts and
deletes `clusters` rows, so an insert trigger adds a merged event to its groups and a
delete trigger takes it out (a group whose count reaches 0 is removed); an update does
both.

- `summary_counts`: merged events per (type, country), with how many are undated and
  unplaced: `stats`, and the undated/unplaced counts of the timeline and the map.
- `summary_days`, `summary_months`: dated merged events per (day or month of their
  start, type, country): the timeline.
- `summary_places`: placed merged events per (lat, lon, country, type) with their
  fatalities: the map.

A NULL country is a group of its own, as in `GROUP BY`: rows are matched with `IS`, never
by a unique key (which would treat two NULLs as different).
"""

from __future__ import annotations

from collections.abc import Sequence

# (table, key columns and the cluster column each is read from, value columns and the
# cluster expression each adds, the condition for a cluster to count)
_Table = tuple[str, Sequence[tuple[str, str]], Sequence[tuple[str, str]], str]

_TABLES: list[_Table] = [
    (
        "summary_counts",
        [("event", "{r}.event"), ("country", "{r}.country_code")],
        [
            ("n", "1"),
            ("undated", "{r}.date IS NULL"),
            ("unplaced", "{r}.lat IS NULL OR {r}.lon IS NULL"),
        ],
        "1",
    ),
    (
        "summary_days",
        [("day", "{r}.date"), ("event", "{r}.event"), ("country", "{r}.country_code")],
        [("n", "1")],
        "{r}.date IS NOT NULL",
    ),
    (
        "summary_months",
        [
            ("month", "substr({r}.date, 1, 7) || '-01'"),
            ("event", "{r}.event"),
            ("country", "{r}.country_code"),
        ],
        [("n", "1")],
        "{r}.date IS NOT NULL",
    ),
    (
        "summary_places",
        [
            ("lat", "{r}.lat"),
            ("lon", "{r}.lon"),
            ("country", "{r}.country_code"),
            ("event", "{r}.event"),
        ],
        [("n", "1"), ("dead", "COALESCE({r}.dead, 0)")],
        "{r}.lat IS NOT NULL AND {r}.lon IS NOT NULL",
    ),
]


def _create(table: _Table) -> str:
    name, keys, values, _ = table
    columns = [f"{k} {'REAL' if k in ('lat', 'lon') else 'TEXT'}" for k, _ in keys]
    columns += [f"{v} INTEGER NOT NULL" for v, _ in values]
    key_list = ", ".join(k for k, _ in keys)
    return (
        f"CREATE TABLE {name} ({', '.join(columns)});\n"
        f"CREATE INDEX {name}_key ON {name} ({key_list});\n"
    )


def _fill(table: _Table) -> str:
    name, keys, values, where = table
    exprs = [e.format(r="c") for _, e in keys]
    sums = [f"SUM({e.format(r='c')})" for _, e in values]
    return (
        f"INSERT INTO {name} ({', '.join(k for k, _ in keys)}, {', '.join(v for v, _ in values)})"
        f" SELECT {', '.join(exprs + sums)} FROM clusters c WHERE {where.format(r='c')}"
        f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))};\n"
    )


def _match(table: _Table, r: str) -> str:
    _, keys, _, where = table
    return " AND ".join([f"({where.format(r=r)})"] + [f"{k} IS ({e.format(r=r)})" for k, e in keys])


def _add(table: _Table) -> str:
    name, keys, values, where = table
    bump = ", ".join(f"{v} = {v} + ({e.format(r='new')})" for v, e in values)
    cols = ", ".join([k for k, _ in keys] + [v for v, _ in values])
    exprs = ", ".join(
        [e.format(r="new") for _, e in keys] + [f"({e.format(r='new')})" for _, e in values]
    )
    return (
        f"    UPDATE {name} SET {bump} WHERE {_match(table, 'new')};\n"
        f"    INSERT INTO {name} ({cols}) SELECT {exprs} WHERE ({where.format(r='new')})"
        f" AND NOT EXISTS (SELECT 1 FROM {name} WHERE {_match(table, 'new')});\n"
    )


def _remove(table: _Table) -> str:
    name, _, values, _ = table
    drop = ", ".join(f"{v} = {v} - ({e.format(r='old')})" for v, e in values)
    return (
        f"    UPDATE {name} SET {drop} WHERE {_match(table, 'old')};\n"
        f"    DELETE FROM {name} WHERE n = 0 AND {_match(table, 'old')};\n"
    )


def summaries_sql() -> str:
    """The tables, their filling from the stored merged events, and the triggers."""
    parts = [_create(t) + _fill(t) for t in _TABLES]
    parts.append(
        "CREATE TRIGGER clusters_summary_ai AFTER INSERT ON clusters BEGIN\n"
        + "".join(_add(t) for t in _TABLES)
        + "END;\n"
    )
    parts.append(
        "CREATE TRIGGER clusters_summary_ad AFTER DELETE ON clusters BEGIN\n"
        + "".join(_remove(t) for t in _TABLES)
        + "END;\n"
    )
    # `recluster` deletes and inserts, but an update stays exact too
    parts.append(
        "CREATE TRIGGER clusters_summary_au AFTER UPDATE ON clusters BEGIN\n"
        + "".join(_remove(t) + _add(t) for t in _TABLES)
        + "END;\n"
    )
    parts.append("CREATE INDEX clusters_place ON clusters (lat, lon, country_code, id);\n")
    return "".join(parts)
