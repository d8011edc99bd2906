"""The event store: SQLite as the system of record, with cross-article merging.

>>> from eventwatch.store import Store
>>> store = Store(":memory:")                       # doctest: +SKIP
>>> store.add(article, [to_json(r) for r in records])   # doctest: +SKIP
>>> store.query(country="EGY", event="ASSAULT")     # doctest: +SKIP
"""

from .combine import combine
from .merge import (
    MergeSettings,
    Verdict,
    cluster_id,
    cluster_reports,
    compare,
    merge_all,
    report_of,
)
from .migrations import MIGRATIONS, Migration, apply_migrations
from .query import MAX_LIMIT
from .rows import content_hash
from .store import Store

__all__ = [
    "MAX_LIMIT",
    "MIGRATIONS",
    "MergeSettings",
    "Migration",
    "Store",
    "Verdict",
    "apply_migrations",
    "cluster_id",
    "cluster_reports",
    "combine",
    "compare",
    "content_hash",
    "merge_all",
    "report_of",
]
