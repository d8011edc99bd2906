"""The curated data files: regions the packages lack, and extra country names.

Both are TOML in `data/` so that a non-programmer can add "Sea of Azov" or "the States"
without touching code; both are validated on load so a typo fails loudly (with the file
and entry named) instead of silently making a place unresolvable.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import OntologyError

REGIONS_FILE = "regions.toml"
COUNTRIES_FILE = "countries.toml"


@dataclass(frozen=True, slots=True)
class CuratedRegion:
    """One `[[region]]` of regions.toml; `countries[0]` is the default country code."""

    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    lat: float
    lon: float
    admin1: str | None
    admin1_code: str | None = None


@dataclass(frozen=True, slots=True)
class CountryNames:
    """countries.toml: extra aliases and preferred display names, by alpha-3 code."""

    aliases: dict[str, tuple[str, ...]]
    display: dict[str, str]


def data_bytes(filename: str) -> bytes:
    """Raw bytes of a bundled data file (also hashed into the index cache key)."""
    return resources.files("eventwatch.places").joinpath("data").joinpath(filename).read_bytes()


def _is_alpha3(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 3 and code.isascii() and code.isupper()


REGION_FIELDS = frozenset(
    {"name", "aliases", "country", "lat", "lon", "precision", "admin1", "admin1_code"}
)
"""The fields a `[[region]]` may have."""


def parse_regions(text: str, path: str = REGIONS_FILE) -> list[CuratedRegion]:
    """Validate and parse regions.toml text; raise OntologyError naming the bad entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OntologyError(path, f"not valid TOML: {exc}") from exc
    entries = raw.get("region")
    if not isinstance(entries, list) or not entries:
        raise OntologyError(path, "expected a list of [[region]] tables")
    regions: list[CuratedRegion] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"region #{i + 1} ({entry.get('name', '?')!r})"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise OntologyError(path, f"{where}: 'name' must be a non-empty string")
        if name in seen:
            raise OntologyError(path, f"{where}: listed twice")
        seen.add(name)
        regions.append(_parse_region(entry, name, where, path))
    return regions


def _parse_region(entry: dict[str, Any], name: str, where: str, path: str) -> CuratedRegion:
    """One `[[region]]` (its name already checked), validated field by field."""
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise OntologyError(path, f"{where}: 'aliases' must be a list of strings")
    country = entry.get("country")
    countries = [country] if isinstance(country, str) else country
    if not isinstance(countries, list) or not countries or not all(map(_is_alpha3, countries)):
        raise OntologyError(path, f"{where}: 'country' must be an alpha-3 code or a list of them")
    lat, lon = entry.get("lat"), entry.get("lon")
    if not isinstance(lat, int | float) or not -90 <= lat <= 90:
        raise OntologyError(path, f"{where}: 'lat' must be a number in [-90, 90]")
    if not isinstance(lon, int | float) or not -180 <= lon <= 180:
        raise OntologyError(path, f"{where}: 'lon' must be a number in [-180, 180]")
    if entry.get("precision", "region") != "region":
        raise OntologyError(path, f"{where}: 'precision' must be \"region\"")
    admin1, code = _parse_admin1(entry, where, path)
    unknown = set(entry) - REGION_FIELDS
    if unknown:
        raise OntologyError(path, f"{where}: unknown field(s) {sorted(unknown)}")
    return CuratedRegion(
        name, tuple(aliases), tuple(countries), float(lat), float(lon), admin1, code
    )


def _parse_admin1(entry: dict[str, Any], where: str, path: str) -> tuple[str | None, str | None]:
    """The subdivision a region lies in or is (`admin1`), and its GeoNames code."""
    admin1 = entry.get("admin1")
    if admin1 is not None and not isinstance(admin1, str):
        raise OntologyError(path, f"{where}: 'admin1' must be a string")
    code = entry.get("admin1_code")
    if code is not None and not (
        isinstance(code, str) and admin1 and len(code) > 3 and code[2] == "." and code[:2].isupper()
    ):
        raise OntologyError(
            path, f"{where}: 'admin1_code' must look like \"EG.27\" and needs 'admin1'"
        )
    return admin1, code


def parse_not_places(text: str, path: str = REGIONS_FILE) -> list[str]:
    """The `not_places` list of regions.toml: names never resolved."""
    raw = tomllib.loads(text)
    names = raw.get("not_places", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise OntologyError(path, "'not_places' must be a list of strings")
    return names


def parse_country_names(text: str, path: str = COUNTRIES_FILE) -> CountryNames:
    """Validate and parse countries.toml text."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OntologyError(path, f"not valid TOML: {exc}") from exc
    aliases: dict[str, tuple[str, ...]] = {}
    for code, names in raw.get("aliases", {}).items():
        if not _is_alpha3(code) or not isinstance(names, list):
            raise OntologyError(path, f"[aliases] {code!r}: expected ALPHA3 = [names]")
        aliases[code] = tuple(str(n) for n in names)
    display: dict[str, str] = {}
    for code, name in raw.get("display", {}).items():
        if not _is_alpha3(code) or not isinstance(name, str):
            raise OntologyError(path, f'[display] {code!r}: expected ALPHA3 = "name"')
        display[code] = name
    return CountryNames(aliases, display)


def load_regions() -> list[CuratedRegion]:
    """The bundled curated regions."""
    return parse_regions(data_bytes(REGIONS_FILE).decode("utf-8"))


def load_not_places() -> list[str]:
    """Names that look like places to a tagger but must resolve to nothing."""
    return parse_not_places(data_bytes(REGIONS_FILE).decode("utf-8"))


def load_country_names() -> CountryNames:
    """The bundled extra country names."""
    return parse_country_names(data_bytes(COUNTRIES_FILE).decode("utf-8"))
