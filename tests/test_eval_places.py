"""The place evaluation: scoring rules (no model), the case table's validity, the report."""

from __future__ import annotations

from dataclasses import replace

import pycountry
import pytest

from eventwatch.errors import OntologyError
from eventwatch.evaluation import places
from eventwatch.evaluation.geo import (
    Check,
    Expected,
    choose_location,
    haversine_km,
    iso_country,
    judge,
    same_admin1,
    words,
)
from eventwatch.types import Location, TextSpan


def loc(name="Quetta", country="PAK", admin1="Balochistan", lat=30.19, lon=67.01, span=None):
    return Location(
        extracted_place=name,
        span=TextSpan(*span) if span else None,
        resolved_place=name if country else None,
        lat=lat if country else None,
        lon=lon if country else None,
        admin1=admin1 if country else None,
        country_code=country,
        precision="city" if country else None,
    )


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.8566, 2.3522), (51.5074, -0.1278), 343.6),  # Paris - London
        ((0.0, 0.0), (0.0, 1.0), 111.2),  # a degree of the equator
        ((34.53, 69.17), (34.53, 69.17), 0.0),
        ((-33.46, -70.65), (33.46, 109.35), 20015.1),  # antipodes: half the circumference
    ],
)
def test_haversine_km(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.5)


@pytest.mark.parametrize(
    ("got", "expected", "same"),
    [
        ("Balochistan Province", ["Balochistan"], True),
        ("Al Anbar", ["Anbar"], True),  # one name holds the other
        ("Anbar Governorate", ["Al Anbar"], True),
        ("Diyarbakır", ["Diyarbakir"], True),  # a dotless i has no decomposition
        ("Ma'rib Governorate", ["Marib"], True),
        ("Kyiv City", ["Kyiv Oblast", "Kiev"], True),
        ("Île-de-France", ["Ile-de-France"], True),
        ("North Kivu", ["South Kivu"], False),
        ("Nord-Kivu", ["North Kivu"], False),  # spellings are listed, not guessed
        ("Punjab", ["Sindh", "Balochistan"], False),
        ("Province", ["Province"], False),  # no name left to compare
        (None, ["Kabul"], False),
        ("Kabul", [], False),
    ],
)
def test_same_admin1(got, expected, same):
    assert same_admin1(got, expected) is same


def test_words_drop_subdivision_kinds_and_accents():
    assert words("Autonomous Republic of Crimea") == ("crimea",)
    assert words("Provence-Alpes-Côte d’Azur") == ("provence", "alpes", "cote", "dazur")


@pytest.mark.parametrize(("code", "iso"), [("KOS", "XKX"), ("AFG", "AFG"), ("XKX", "XKX")])
def test_iso_country_maps_plover_codes_back(code, iso):
    assert iso_country(code) == iso


QUETTA = Expected(("PAK",), ("Balochistan", "Baluchistan"), 30.187, 67.013, "city")


@pytest.mark.parametrize(
    ("expected", "location", "check"),
    [
        (QUETTA, None, Check(resolved=False)),
        (QUETTA, loc(country=None), Check(resolved=False)),
        (QUETTA, loc(), Check(True, True, True, True)),
        (QUETTA, loc(admin1="Sindh"), Check(True, True, False, True)),
        # the admin1 name alone is not enough: Punjab is in India too
        (
            Expected(("PAK",), ("Punjab",), 31.5, 74.3, "city"),
            loc(name="Amritsar", country="IND", admin1="Punjab", lat=31.63, lon=74.87),
            Check(True, False, False, False),
        ),  # fmt: skip
        (QUETTA, loc(lat=30.19, lon=67.35), Check(True, True, True, False)),  # ~32 km east
        (QUETTA, loc(lat=None, lon=None), Check(True, True, True, False)),
        (Expected(("PAK",), (), 28.5, 65.5, "region"), loc(), Check(True, True, None, None)),
        (
            Expected(("XKX",), (), 42.9, 20.84, "city"),
            loc(name="Zvečan", country="KOS", admin1=None, lat=42.91, lon=20.84),
            Check(True, True, None, True),
        ),  # fmt: skip
        (Expected(("ESH", "MAR"), precision=None), loc(country="MAR"), Check(True, True)),
        # given at country precision: judged on its country, claims no admin1
        (
            QUETTA,
            replace(loc(admin1=None, lat=30.4, lon=69.3), precision="country"),
            Check(True, True, None, False),
        ),
    ],
)
def test_judge(expected, location, check):
    got = judge(expected, location)
    assert (got.resolved, got.country, got.admin1, got.within) == (
        check.resolved,
        check.country,
        check.admin1,
        check.within,
    )
    assert got.right is (
        check.resolved and False not in (check.country, check.admin1, check.within)
    )


@pytest.mark.parametrize(
    ("locations", "phrase", "span", "chosen"),
    [
        ([loc("Kandahar", span=(2, 10)), loc("Quetta", span=(20, 26))], "Quetta", (20, 26),
         "Quetta"),
        ([loc("Kandahar", span=(2, 10)), None], "Quetta", (20, 26), "Kandahar"),  # first resolved
        ([loc("Quetta", country=None, span=(20, 26)), loc("Kandahar", span=(2, 10))],
         "Quetta", (20, 26), "Kandahar"),  # an unresolved place is never chosen
        ([loc("Gaza"), loc("Rafah")], "town of Rafah", None, "Rafah"),  # by words, no spans
        ([None, loc("x", country=None)], "Quetta", (0, 6), None),
        ([], "Quetta", (0, 6), None),
    ],
)  # fmt: skip
def test_choose_location(locations, phrase, span, chosen):
    got = choose_location(locations, phrase, span)
    assert (got.extracted_place if got else None) == chosen


def test_case_table_is_valid_and_broad():
    cases = places.read_cases()
    assert len(cases) >= 160
    assert {c.category for c in cases} == set(places.CATEGORIES)
    iso = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    for case in cases:
        assert set(case.expected.countries) <= iso, case.id
        if case.expected.place:
            assert -90 <= case.expected.lat <= 90 and -180 <= case.expected.lon <= 180, case.id
        assert case.sentence[slice(*case.span)] == case.phrase
    # the hard classes are there in number, expecting no place as often as a place
    nones = [c for c in cases if not c.expected.place]
    assert all(not c.expected.place for c in cases if c.category == "nationality")
    assert len(nones) >= 30 and {"group-town", "site", "nationality"} <= {c.category for c in nones}
    # every region of the world the issue names
    continents = {region_of(c) for c in cases if c.expected.place}
    assert {"Africa", "Middle East", "South Asia", "Latin America", "Europe",
            "Southeast Asia"} <= continents  # fmt: skip


REGIONS = {
    "Africa": {"NGA", "SOM", "COD", "SDN", "SSD", "ETH", "MLI", "NER", "BFA", "CMR", "MOZ",
               "KEN", "CAF", "TCD", "LBY", "TUN", "EGY", "ESH"},
    "Middle East": {"IRQ", "SYR", "YEM", "LBN", "PSE", "ISR", "IRN", "TUR", "BHR"},
    "South Asia": {"AFG", "PAK", "IND", "BGD", "LKA"},
    "Latin America": {"MEX", "COL", "VEN", "HTI", "HND", "ECU", "PER", "NIC", "BRA", "BOL",
                      "CHL", "ARG"},
    "Europe": {"UKR", "FRA", "DEU", "GBR", "SRB", "BLR", "GRC", "RUS", "MDA", "GEO", "XKX"},
    "Southeast Asia": {"PHL", "THA", "MMR", "IDN", "KHM"},
}  # fmt: skip


def region_of(case: places.PlaceCase) -> str | None:
    first = case.expected.countries[0]
    return next((name for name, codes in REGIONS.items() if first in codes), None)


HEADER = "\t".join(places.COLUMNS)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("x-01\tplanet\tGunmen attacked Quetta.\tQuetta\tPAK\t\t30.2\t67.0\tcity\t",
         "x-01: unknown category 'planet'"),
        ("x-01\ttown\tGunmen attacked Quetta.\tQuet ta\tPAK\t\t30.2\t67.0\tcity\t",
         "x-01: the phrase is not in the sentence"),
        ("x-01\ttown\tGunmen attacked Quetta.\tQuetta\tPK\t\t30.2\t67.0\tcity\t",
         "x-01: PK is not an ISO alpha-3 code"),
        ("x-01\ttown\tGunmen attacked Quetta.\tQuetta\tPAK\t\t95\t67.0\tcity\t",
         "x-01: 95 is out of range"),
        ("x-01\ttown\tGunmen attacked Quetta.\tQuetta\tPAK\t\t\t\tcity\t",
         "x-01: a place needs a country, lat and lon"),
        ("x-01\tnationality\tSyrian refugees.\tSyrian\tSYR\t\t\t\tnone\t",
         "x-01: a row expecting no place has no expectations"),
        ("x-01\ttown\tGunmen attacked Quetta.\tQuetta\tPAK\t\t30.2\t67.0\ttown\t",
         "x-01: precision must be one of city, region, country, none"),
    ],
)  # fmt: skip
def test_bad_case_rows_name_the_row_and_the_problem(tmp_path, row, problem):
    path = tmp_path / "places.tsv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(OntologyError) as error:
        places.read_cases(path)
    assert str(error.value) == f"{path}: {problem}"


def test_case_table_ids_must_be_unique(tmp_path):
    row = "x-01\ttown\tGunmen attacked Quetta.\tQuetta\tPAK\t\t30.2\t67.0\tcity\t"
    path = tmp_path / "places.tsv"
    path.write_text(f"{HEADER}\n{row}\n{row}\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="ids must be unique"):
        places.read_cases(path)


@pytest.mark.shared
def test_annotations_cover_the_gold_places_and_agree_with_gold_codes(shared):
    from eventwatch.evaluation import plover_gsr, wikievents

    countries = places.read_gsr_countries()
    gsr = [g for g in plover_gsr.read_gold(shared) if (g.get("eventLoc") or {}).get("name")]
    assert {(g["id"], g["eventLoc"]["name"]) for g in gsr} == set(countries)
    for g in gsr:
        code = g["eventLoc"].get("country code")
        if code:
            alpha3 = pycountry.countries.get(alpha_2=code).alpha_3
            assert countries[(g["id"], g["eventLoc"]["name"])].countries == (alpha3,)
    arguments = {
        (d["doc_id"], a["text"])
        for d in wikievents.read_docs(shared)
        for m in d["event_mentions"]
        if m["event_type"].rsplit(".", 1)[0] in wikievents.MAPPING
        for a in m["arguments"]
        if a["role"] == "Place"
    }
    assert arguments == set(places.read_wikievents_places())


@pytest.mark.model
@pytest.mark.shared
def test_places_report_has_every_source_and_metric(shared, pipeline):
    report = places.evaluate(shared, pipeline)
    metrics = {m.name: m for m in report.metrics}
    cases = places.read_cases()
    expecting = sum(c.expected.place for c in cases)
    assert report.items == len(cases) >= 160
    assert metrics["table: place resolved (rows expecting one)"].total == expecting
    assert metrics["table: false places (rows expecting none)"].total == len(cases) - expecting
    for source in ("table", "GSR", "WikiEvents", "gold"):
        assert any(n.startswith(f"{source}: place resolved") for n in metrics), source
        assert metrics[f"{source}: right country (of resolved)"].total > 0, source
    for name in ("table: right admin1 (of resolved finer than a country)",
                 "WikiEvents: right admin1 (of resolved finer than a country)",
                 "table: within 25 km (of resolved cities)"):  # fmt: skip
        assert metrics[name].total > 0, name
    for category in places.CATEGORIES:
        assert metrics[f"table: {category} rows right"].total == sum(
            c.category == category for c in cases
        )


CASE = places.PlaceCase("town-01", "town", "A bomb hit Quetta.", "Quetta", QUETTA)


@pytest.mark.parametrize(
    ("records", "location", "extracted", "line"),
    [
        (0, None, (), "town-01 'Quetta': expected PAK / Balochistan|Baluchistan (city); "
         "got no event record"),
        (1, None, (), "town-01 'Quetta': expected PAK / Balochistan|Baluchistan (city); "
         "got an event, no place found"),
        (1, None, ("Quetta",), "town-01 'Quetta': expected PAK / Balochistan|Baluchistan "
         "(city); got 'Quetta' found, not resolved"),
        (1, loc("Quetta", "IND", "Punjab", 31.6, 74.9), ("Quetta",),
         "town-01 'Quetta': expected PAK / Balochistan|Baluchistan (city); got 'Quetta' -> "
         "Quetta IND / Punjab (city, 769 km off) [wrong country, admin1, distance]"),
    ],
)  # fmt: skip
def test_describe_says_what_was_expected_and_what_was_found(records, location, extracted, line):
    outcome = places.Outcome(CASE, records, location, judge(QUETTA, location), extracted)
    assert places.describe(outcome) == line
    assert not outcome.right
