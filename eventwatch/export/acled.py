"""ACLED-style CSV: ACLED's column names in ACLED's order, filled where a record says.

Column by column:
 - `event_id_cnty`: the country's ISO alpha-3 code followed by the event id;
 - `event_date` (YYYY-MM-DD), `year`; `time_precision`: 1 a day, 2 a range of up to a
   week, 3 a month or more; empty when the date is unknown;
 - `disorder_type` from the ACLED event type ("Political violence", "Demonstrations",
   "Strategic developments"); `event_type`, `sub_event_type` from the record;
 - `actor1`: the first actor's canonical name, `assoc_actor_1` the others ("; ");
   `actor2`, `assoc_actor_2` likewise for recipients; `inter1`/`inter2`: ACLED's
   numeric actor types (1 state forces, 2 rebels, 3 political militias, 5 rioters,
   6 protesters, 7 civilians, 8 external/other forces) from the entity's sector, a
   bare country as state forces; `interaction`: the two codes, lower first ("17"),
   or the one code and 0 ("10");
 - `civilian_targeting`: "Civilian targeting" for violence against civilians, and for
   remote violence whose recipients are civilians;
 - `iso` (ISO 3166-1 numeric) and `country` from pycountry when it is installed;
   `admin1`, `location`, `latitude`, `longitude` from `event_loc`; `geo_precision`:
   1 a town, 2 a region, 3 a country;
 - `source`: the articles' sources (else their ids); `notes`: the main sentence;
   `fatalities`: the highest reported death toll, 0 when none is reported;
   `tags`: status words and the reported death-toll range when the sources disagree;
 - `region`, `admin2`, `admin3`, `source_scale`, `timestamp`: empty (not in a record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .fields import LIST_SEPARATOR, Out, Record, location, names, size_of
from .tables import write_rows

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

INTER_BY_SECTOR = {
    **dict.fromkeys(("GOV", "MIL", "COP", "SPY", "JUD", "LEG", "SOV"), 1),
    **dict.fromkeys(("REB", "INS", "SEP", "OPP"), 2),
    **dict.fromkeys(("UAF", "CRM"), 3),
    **dict.fromkeys(("CVL", "BUS", "MED", "EDU", "HLH", "REF", "LAB", "AGR", "REL", "JRN", "NGO"), 7),
    **dict.fromkeys(("IGO", "IMG", "PKO"), 8),
}  # fmt: skip
NON_STATE_CODES = frozenset({"IGO", "IMG", "NGO", "MNC", "UAF", "REB", "INS", "CVL"})
_GEO_PRECISION = {"city": 1, "region": 2, "country": 3}


def _country(alpha3: str | None) -> tuple[str, str]:
    """(ISO numeric, English name) of an alpha-3 code, when pycountry knows it."""
    if not alpha3:
        return "", ""
    try:
        import pycountry
    except ImportError:  # optional: without it the two columns stay empty
        return "", ""
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    if country is None:
        return "", ""
    return str(int(country.numeric)), str(country.name)


def inter_code(entity: Record | None, acled_type: str | None, role: str) -> int | None:
    """ACLED's numeric actor type for an entity in an event of `acled_type`."""
    if entity is None:
        return None
    if acled_type == "Protests" and role == "actor1":
        return 6
    if acled_type == "Riots" and role == "actor1":
        return 5
    sector = str(entity.get("sector") or "").upper()
    if sector in INTER_BY_SECTOR:
        return INTER_BY_SECTOR[sector]
    code = str(entity.get("code") or "").upper()
    if len(code) == 3 and code.isalpha() and code not in NON_STATE_CODES:
        return 1  # a state named as such acts through its forces
    return None


def _disorder(acled_type: str | None, sub_type: str | None) -> str:
    if acled_type in ("Battles", "Violence against civilians", "Explosions/Remote violence"):
        return "Political violence"
    if acled_type == "Protests":
        if sub_type == "Excessive force against protesters":
            return "Political violence; Demonstrations"
        return "Demonstrations"
    if acled_type == "Riots":
        return (
            "Political violence; Demonstrations" if sub_type == "Mob violence" else "Demonstrations"
        )
    return "Strategic developments" if acled_type == "Strategic developments" else ""


def _time_precision(record: Record) -> str:
    precision, start, end = record.get("date_precision"), record.get("date"), record.get("enddate")
    if not start:
        return ""
    if precision == "day" and (not end or end == start):
        return "1"
    if start and end:
        span = (dt.date.fromisoformat(end[:10]) - dt.date.fromisoformat(start[:10])).days
        if span <= 7:
            return "2"
    return "3"


def acled_row(record: Record) -> dict[str, Any]:
    """One ACLED row (a dict keyed by `ACLED_COLUMNS`) for a merged PLOVER record."""
    loc = location(record)
    acled_type, sub_type = record.get("acled_event_type"), record.get("acled_sub_event_type")
    actors, recipients = list(record.get("actor") or ()), list(record.get("recipient") or ())
    actor_names, recipient_names = names(actors), names(recipients)
    inter1 = inter_code(actors[0] if actors else None, acled_type, "actor1")
    inter2 = inter_code(recipients[0] if recipients else None, acled_type, "actor2")
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = "".join(map(str, codes)) + ("0" if len(codes) == 1 else "")
    recipient_inters = {inter_code(e, acled_type, "actor2") for e in recipients}
    civilian = acled_type == "Violence against civilians" or (
        acled_type == "Explosions/Remote violence" and 7 in recipient_inters
    )
    iso, country = _country(loc.get("country_code"))
    sources = [s.get("source") or s.get("doc_id") for s in record.get("sources") or ()]
    low, high = size_of(record, "dead_low"), size_of(record, "dead_high")
    tags = [*(record.get("status") or ())]
    if low is not None and high is not None and low != high:
        tags.append(f"fatalities reported {low}-{high}")
    date = record.get("date") or ""
    return {
        "event_id_cnty": f"{loc.get('country_code') or ''}{record.get('id')}",
        "event_date": date,
        "year": date[:4],
        "time_precision": _time_precision(record),
        "disorder_type": _disorder(acled_type, sub_type),
        "event_type": acled_type or "",
        "sub_event_type": sub_type or "",
        "actor1": actor_names[0] if actor_names else "",
        "assoc_actor_1": LIST_SEPARATOR.join(actor_names[1:]),
        "inter1": inter1 if inter1 is not None else "",
        "actor2": recipient_names[0] if recipient_names else "",
        "assoc_actor_2": LIST_SEPARATOR.join(recipient_names[1:]),
        "inter2": inter2 if inter2 is not None else "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": iso,
        "region": "",
        "country": country,
        "admin1": loc.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": loc.get("resolved_place") or loc.get("extracted_place") or "",
        "latitude": "" if loc.get("lat") is None else loc["lat"],
        "longitude": "" if loc.get("lon") is None else loc["lon"],
        "geo_precision": _GEO_PRECISION.get(str(loc.get("precision")), ""),
        "source": LIST_SEPARATOR.join(dict.fromkeys(str(s) for s in sources if s))
        or LIST_SEPARATOR.join(record.get("doc_ids") or [str(record.get("doc_id") or "")]),
        "source_scale": "",
        "notes": record.get("text") or "",
        "fatalities": size_of(record, "dead") or 0,
        "tags": LIST_SEPARATOR.join(tags),
        "timestamp": "",
    }


def write_acled(records: Iterable[Record], out: Out) -> int:
    """ACLED-style CSV with a header of `ACLED_COLUMNS`; returns the number of rows."""
    return write_rows(records, out, "acled", ACLED_COLUMNS, acled_row)
