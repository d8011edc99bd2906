"""GeoJSON: a FeatureCollection with one Point per event that has coordinates.

Coordinates are `[lon, lat]` (RFC 7946). Events without coordinates are left out (the
writer returns how many it wrote). `properties` holds the main fields (`PROPERTIES`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..types import Dropped
from .fields import (
    SUBDIVISIONS,
    Out,
    Record,
    doc_ids,
    location,
    names,
    place_name,
    site_text,
    size_of,
    text_output,
)

PROPERTIES = (
    "id", "event", "mode", "quad_code", "date", "enddate", "date_precision", "place", "site",
    "admin1", "admin1_code", "admin1_iso", "admin2", "admin2_code", "country_code",
    "location_precision", "actor", "recipient", "dead", "dead_low", "dead_high", "injured",
    "arrested", "status", "event_text", "text", "source_count", "doc_ids", "confidence",
    "cameo_code", "acled_event_type", "acled_sub_event_type",
)  # fmt: skip


def feature(record: Record) -> dict[str, Any] | None:
    """The GeoJSON Feature of a record, or None when it has no coordinates."""
    loc = location(record)
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    values = {
        **{key: record.get(key) for key in PROPERTIES},
        "place": place_name(record),
        "site": site_text(record),
        **{key: loc.get(key) for key in SUBDIVISIONS},
        "country_code": loc.get("country_code"),
        "location_precision": loc.get("precision"),
        "actor": names(record.get("actor")),
        "recipient": names(record.get("recipient")),
        **{k: size_of(record, k) for k in ("dead", "dead_low", "dead_high", "injured", "arrested")},
        "doc_ids": doc_ids(record),
    }
    return {
        "type": "Feature",
        "id": record.get("id"),
        "geometry": {"type": "Point", "coordinates": [float(loc["lon"]), float(loc["lat"])]},
        "properties": {key: values[key] for key in PROPERTIES},
    }


def write_geojson(
    records: Iterable[Record], out: Out, *, dropped: list[Dropped] | None = None
) -> int:
    """A FeatureCollection of the events with coordinates; returns how many were written.

    Each event without coordinates is appended to `dropped` (when given).
    """
    features = []
    for record in records:
        found = feature(record)
        if found is not None:
            features.append(found)
        elif dropped is not None:
            dropped.append(Dropped("export", str(record.get("id")), "no coordinates"))
    with text_output(out, "geojson") as stream:
        json.dump({"type": "FeatureCollection", "features": features}, stream, ensure_ascii=False)
        stream.write("\n")
    return len(features)
