"""Place scoring for the geocoding evaluation: pure functions over `Location`s, no model.

A resolved location is judged against an `Expected` resolution on up to three checks,
each `None` where the expectation says nothing to judge:

- country: the location's country (PLOVER codes mapped back to ISO: KOS -> XKX) is one
  of the expected ISO alpha-3 codes;
- admin1: the country is right and the admin1 names agree loosely (accents, case and
  words such as Province, Governorate or State ignored; one name may hold the other:
  "Al Anbar" holds "Anbar");
- within 25 km: for an expected city, the great-circle distance between the points.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..pipeline import PLOVER_CODES
from ..places.distance import haversine_km
from ..types import Location

WITHIN_KM = 25.0
PRECISIONS = ("city", "region", "country", "none")
# words that name the kind of subdivision, not which one ("Kunar Province", "Kyiv City")
ADMIN_WORDS = frozenset({
    "province", "provinces", "governorate", "state", "region", "oblast", "krai", "county",
    "department", "division", "district", "city", "municipality", "prefecture", "wilayah",
    "wilayat", "muhafazat", "autonomous", "republic", "of", "the",
})  # fmt: skip
# letters that no Unicode decomposition turns into ASCII ("Diyarbakır", "Łódź")
LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                         "ß": "ss", "æ": "ae", "Æ": "AE", "ə": "a", "Ə": "A"})  # fmt: skip
ISO_CODES = {plover: iso for iso, plover in PLOVER_CODES.items()}


@dataclass(frozen=True, slots=True)
class Expected:
    """Where a place phrase should resolve; precision "none": no place at all."""

    countries: tuple[str, ...] = ()  # ISO alpha-3, any of them; () where not judged
    admin1: tuple[str, ...] = ()  # acceptable names; () where not judged
    lat: float | None = None
    lon: float | None = None
    precision: str | None = "none"  # None: a place, of a precision not stated

    @property
    def place(self) -> bool:
        return self.precision != "none"


@dataclass(frozen=True, slots=True)
class Check:
    """One location judged against its expectation; `None`: not judged."""

    resolved: bool
    country: bool | None = None
    admin1: bool | None = None
    within: bool | None = None
    distance_km: float | None = None

    @property
    def right(self) -> bool:
        return self.resolved and False not in (self.country, self.admin1, self.within)


def iso_country(code: str) -> str:
    """An ISO alpha-3 code for a record's country code (PLOVER writes Kosovo KOS)."""
    return ISO_CODES.get(code, code)


def is_resolved(location: Location | None) -> bool:
    return location is not None and location.country_code is not None


def words(name: str) -> tuple[str, ...]:
    """A name's words without accents, apostrophes and words naming a kind of subdivision."""
    plain = unicodedata.normalize("NFKD", name.translate(LETTERS)).lower()
    plain = re.sub(r"['`\u2018\u2019\u02bc\u02bf\u02be]", "", plain)
    plain = plain.encode("ascii", "ignore").decode()
    return tuple(w for w in re.findall(r"[a-z0-9]+", plain) if w not in ADMIN_WORDS)


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def same_admin1(got: str | None, expected: Iterable[str]) -> bool:
    """Whether an admin1 name agrees with one of the expected names (loosely)."""
    mine = words(got or "")
    if not mine:
        return False
    for name in expected:
        theirs = words(name)
        if theirs and (_holds(mine, theirs) or _holds(theirs, mine)):
            return True
    return False


def overlaps(location: Location, phrase: str, span: tuple[int, int] | None = None) -> bool:
    """Whether a location was found in the phrase: by the phrase's character span where both
    have one, else by a shared word ("town of Rafah" and "Rafah")."""
    if span is not None and location.span is not None:
        return location.span.start < span[1] and span[0] < location.span.end
    return bool(set(words(location.extracted_place)) & set(words(phrase)))


def choose_location(
    locations: Iterable[Location | None], phrase: str, span: tuple[int, int] | None = None
) -> Location | None:
    """The resolved location found in the phrase, else the first resolved one, else None."""
    resolved = [loc for loc in locations if loc is not None and is_resolved(loc)]
    inside = [loc for loc in resolved if overlaps(loc, phrase, span)]
    if inside:
        return inside[0]
    return resolved[0] if resolved else None


def judge(expected: Expected, location: Location | None) -> Check:
    """Judge a chosen location against what was expected of it."""
    if location is None or location.country_code is None:
        return Check(resolved=False)
    country = (
        iso_country(location.country_code) in expected.countries if expected.countries else None
    )
    admin1 = None
    if expected.admin1 and location.precision != "country":
        # a place given at country precision (unsure of finer) claims no admin1: it is
        # judged on its country only
        admin1 = bool(country is not False and same_admin1(location.admin1, expected.admin1))
    within = distance = None
    if expected.precision == "city" and expected.lat is not None and expected.lon is not None:
        if location.lat is not None and location.lon is not None:
            distance = haversine_km(expected.lat, expected.lon, location.lat, location.lon)
        within = distance is not None and distance <= WITHIN_KM
    return Check(True, country, admin1, within, distance)
