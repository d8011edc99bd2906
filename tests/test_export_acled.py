"""The ACLED export appends to an ACLED-format file: same columns, dtypes and vocabularies.

The fixture (tests/fixtures/acled/) was written by hand from ACLED's codebook; it checks the
package's vocabulary files as much as the export: both must agree with it.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export import NAIROBI, POLICE, SHABAAB, SOURCES, rec

from eventwatch.errors import OntologyError
from eventwatch.export import ACLED_COLUMNS, acled_problem, acled_row, export
from eventwatch.export.vocab import _interactions, acled_vocabulary, goldstein
from eventwatch.store import merge_all
from eventwatch.types import Dropped

FIXTURE = Path(__file__).parent / "fixtures" / "acled" / "acled_codebook_sample.csv"
VOCAB = acled_vocabulary()


def read_acled(source: Path | io.StringIO) -> pd.DataFrame:
    """An ACLED CSV read as an analyst would, with the codebook's dtypes."""
    return pd.read_csv(source, dtype=VOCAB.dtypes(), keep_default_na=True)


def check_acled_frame(frame: pd.DataFrame) -> None:
    """Fail on any column, dtype or vocabulary that an ACLED download would not have."""
    assert tuple(frame.columns) == ACLED_COLUMNS
    for column in VOCAB.columns:
        values = frame[column.name]
        if column.kind == "int":
            assert values.dtype == "int64", column.name
        elif column.kind == "float":
            assert values.dtype == "float64" and values.notna().all(), column.name
        else:
            assert pd.api.types.is_string_dtype(values.dtype), (column.name, values.dtype)
            if column.required:
                assert values.notna().all() and (values.str.strip() != "").all(), column.name
        if column.vocabulary:
            allowed = VOCAB.values(column.vocabulary)
            unknown = set(values.dropna()) - allowed
            assert not unknown, f"{column.name}: {sorted(unknown)} not in ACLED's vocabulary"
    for row in frame.itertuples(index=False):
        assert row.sub_event_type in VOCAB.event_types[row.event_type]
        codes = {label: code for code, label in VOCAB.actor_types.items()}
        inter2 = None if pd.isna(row.inter2) else codes[row.inter2]
        assert row.interaction == VOCAB.interaction(codes[row.inter1], inter2)
        country = next(c for c in VOCAB.countries.values() if c.name == row.country)
        assert (row.iso, row.region) == (country.iso, country.region)
        assert row.year == int(row.event_date[:4])
        dt.date.fromisoformat(row.event_date)
        assert -90 <= row.latitude <= 90 and -180 <= row.longitude <= 180
        assert row.fatalities >= 0


def test_the_codebook_fixture_agrees_with_the_vocabulary_files() -> None:
    raw = pd.read_csv(FIXTURE)  # no dtypes given: what pandas makes of the file by itself
    for column in VOCAB.columns:
        if column.kind in ("int", "float"):
            assert raw[column.name].dtype == VOCAB.dtypes()[column.name], column.name
    check_acled_frame(read_acled(FIXTURE))


def test_a_frame_with_a_wrong_value_fails_the_check() -> None:
    frame = read_acled(FIXTURE)
    frame.loc[0, "inter1"] = "1"  # ACLED's old numeric actor type
    with pytest.raises(AssertionError, match="inter1"):
        check_acled_frame(frame)
    frame = read_acled(FIXTURE)
    frame.loc[1, "country"] = "Iran, Islamic Republic of"
    with pytest.raises(AssertionError, match="country"):
        check_acled_frame(frame)


def _merged(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    published = {d: s["published"] for d, s in SOURCES.items()}
    return merge_all(raw, published=published, sources=SOURCES)


TEHRAN = {"extracted_place": "Tehran", "resolved_place": "Tehran", "geonameid": 112931,
          "lat": 35.69439, "lon": 51.42151, "admin1": "Tehran Province", "country_code": "IRN",
          "precision": "city"}  # fmt: skip
ANKARA = {**TEHRAN, "resolved_place": "Ankara", "admin1": "Ankara", "country_code": "TUR",
          "lat": 39.91987, "lon": 32.85427}  # fmt: skip


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """An attack told twice (14 and 21 dead), a protest in Tehran, an undated protest, a
    statement, a month-dated shelling in Turkey with no named actor, a Kosovo protest."""
    protesters = {"entity_text": "teachers", "identifier_text": "teachers", "sector": "CVL"}
    return _merged(
        [
            rec("a1", "reuters", "Al-Shabaab militants attacked a hotel in Nairobi, killing 14."),
            rec("b1", "bbc", "Militants killed 21 people at the hotel.", size={"dead": 21}),
            rec("p1", "voa", "Teachers protested in Tehran.", event="PROTEST", quad_code=3,
                actor=[protesters], recipient=[], event_loc=TEHRAN, date="2019-01-16",
                enddate="2019-01-16", size={}, cameo_code="141",
                acled_event_type="Protests", acled_sub_event_type="Peaceful protest"),
            rec("p2", "voa", "Teachers protested again.", event="PROTEST", actor=[protesters],
                recipient=[], date=None, enddate=None, date_precision="unknown",
                acled_event_type="Protests", acled_sub_event_type="Peaceful protest"),
            rec("s1", "voa", "Kenya said it would talk.", event="CONSULT", actor=[POLICE],
                recipient=[], acled_event_type=None, acled_sub_event_type=None),
            rec("m1", "reuters", "Shells hit Ankara in March.", actor=[], recipient=[],
                event_loc=ANKARA, date="2019-03-01", enddate="2019-03-31",
                date_precision="month", acled_event_type="Explosions/Remote violence",
                acled_sub_event_type="Shelling/artillery/missile attack"),
            rec("k1", "voa", "Workers protested in Pristina.", event="PROTEST", actor=[],
                recipient=[POLICE], date="2019-01-10", enddate="2019-01-12",
                event_loc={**TEHRAN, "resolved_place": "Pristina", "admin1": None,
                           "country_code": "KOS"},
                acled_event_type="Protests", acled_sub_event_type="Protest with intervention"),
        ]
    )  # fmt: skip


def _rows(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    rows = {}
    for record in records:
        row = acled_row(record)
        if row is not None:
            rows[record["text"].split()[0]] = row
    return rows


def test_acled_names_types_and_interactions_are_acleds(records: list[dict[str, Any]]) -> None:
    rows = _rows(records)
    attack, protest, shelling, kosovo = (
        rows["Al-Shabaab"],
        rows["Teachers"],
        rows["Shells"],
        rows["Workers"],
    )
    assert (attack["actor1"], attack["inter1"]) == ("al-Shabaab", "Rebel group")
    assert (attack["actor2"], attack["assoc_actor_2"], attack["inter2"]) == (
        "Civilians (Kenya)",
        "hotel guests",
        "Civilians",
    )
    assert attack["interaction"] == "Rebel group-Civilians"
    assert (attack["fatalities"], attack["tags"]) == (14, "fatalities reported 14-21")
    assert (attack["iso"], attack["region"], attack["country"]) == (404, "Eastern Africa", "Kenya")
    assert attack["event_id_cnty"] == f"KEN{int(records[0]['id'], 16)}"
    assert attack["timestamp"] == int(dt.datetime(2019, 1, 16, tzinfo=dt.UTC).timestamp())
    assert (protest["country"], protest["region"], protest["admin1"]) == (
        "Iran",
        "Middle East",
        "Tehran",
    )
    assert (protest["actor1"], protest["assoc_actor_1"], protest["inter1"]) == (
        "Protesters (Iran)",
        "teachers",
        "Protesters",
    )
    assert (protest["interaction"], protest["inter2"], protest["disorder_type"]) == (
        "Protesters only",
        "",
        "Demonstrations",
    )
    assert (shelling["country"], shelling["actor1"], shelling["inter1"]) == (
        "Turkey",
        "Unidentified Armed Group (Turkey)",
        "Political militia",
    )
    assert (shelling["event_date"], shelling["time_precision"]) == ("2019-03-16", 3)
    assert (kosovo["country"], kosovo["iso"], kosovo["event_id_cnty"][:3]) == ("Kosovo", 0, "XKX")
    assert (kosovo["actor2"], kosovo["inter2"], kosovo["interaction"]) == (
        "Police Forces of Kenya",
        "State forces",
        "State forces-Protesters",
    )
    assert (kosovo["event_date"], kosovo["time_precision"]) == ("2019-01-11", 2)


def test_records_acled_cannot_hold_are_dropped_with_the_reason(
    records: list[dict[str, Any]],
) -> None:
    dropped: list[Dropped] = []
    count = export(records, "acled", io.StringIO(), dropped=dropped)
    assert count == 4
    assert sorted(d.reason for d in dropped) == ["no ACLED event type", "no date"]
    assert all(d.stage == "export" for d in dropped)
    year_only = {**records[0], "date": "2018-01-01", "enddate": "2018-12-31"}
    assert acled_problem(year_only) == "a date vaguer than a month"
    assert acled_problem({**records[0], "event_loc": None}) == "no place"


def test_the_export_appends_to_the_codebook_fixture(records: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    export(records, "acled", out)
    ours = read_acled(io.StringIO(out.getvalue()))
    check_acled_frame(ours)
    fixture = read_acled(FIXTURE)
    combined = pd.concat([fixture, ours], ignore_index=True)
    assert list(combined.dtypes) == list(fixture.dtypes)
    check_acled_frame(combined)


@pytest.fixture(scope="module")
def voa_acled(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The ACLED export of a store of the VOA corpus (../shared/datasets/voa)."""
    corpus = (
        Path(__file__).resolve().parents[2] / "shared" / "datasets" / "voa" / "voa_stories.jsonl"
    )
    if not corpus.is_file():
        pytest.skip(
            f"{corpus} is absent (a fresh clone): the VOA corpus lives beside the repository"
        )
    from eventwatch.batch import ingest
    from eventwatch.store import Store

    db = tmp_path_factory.mktemp("voa") / "events.db"
    out = io.StringIO()
    with Store(db) as store:
        summary = ingest([str(corpus)], store=store, engine="local", workers=1)
        assert summary.failed == 0
        dropped: list[Dropped] = []
        count = export(store.iter_events(), "acled", out, dropped=dropped)
        assert count + len(dropped) == store.count()
    return out.getvalue()


@pytest.mark.model
@pytest.mark.shared
def test_an_acled_export_of_the_voa_store_appends_to_the_fixture(voa_acled: str) -> None:
    ours = read_acled(io.StringIO(voa_acled))
    assert len(ours) >= 10
    raw = pd.read_csv(io.StringIO(voa_acled))  # numeric columns read as numbers unaided
    for column in VOCAB.columns:
        if column.kind in ("int", "float"):
            assert raw[column.name].dtype == VOCAB.dtypes()[column.name], column.name
    fixture = read_acled(FIXTURE)
    combined = pd.concat([fixture, ours], ignore_index=True)
    assert list(combined.columns) == list(fixture.columns)
    assert list(combined.dtypes) == list(fixture.dtypes)
    check_acled_frame(combined)
    assert not combined["event_id_cnty"].duplicated().any()


def test_an_interaction_that_does_not_spell_its_actor_types_is_refused() -> None:
    raw = {"interactions": {str(k): v for k, v in VOCAB.interactions.items()}}
    raw["interactions"]["12"] = "State forces-Rebels"
    with pytest.raises(OntologyError, match="12: 'State forces-Rebels' is not"):
        _interactions(raw, VOCAB.actor_types)
    del raw["interactions"]["12"]
    with pytest.raises(OntologyError, match=r"missing \[12\]"):
        _interactions(raw, VOCAB.actor_types)


@pytest.mark.parametrize(
    ("code", "value"),
    [("183", -10.0), ("1831", -10.0), ("182", -9.5), ("13", -6.0), ("130", -4.4),
     ("019", 0.0), ("0256", -0.3), ("057", 8.0), ("", None)],
)  # fmt: skip
def test_goldstein_values_come_from_the_full_cameo_code(code: str, value: float | None) -> None:
    assert goldstein(code) == value


@pytest.mark.parametrize(
    ("alpha3", "name", "region"),
    [("IRN", "Iran", "Middle East"), ("TUR", "Turkey", "Middle East"),
     ("COD", "Democratic Republic of Congo", "Middle Africa"), ("PSE", "Palestine", "Middle East"),
     ("RUS", "Russia", "Europe"), ("UZB", "Uzbekistan", "Caucasus and Central Asia"),
     ("MEX", "Mexico", "Central America"), ("USA", "United States", "North America")],
)  # fmt: skip
def test_countries_take_acleds_names_and_regions(alpha3: str, name: str, region: str) -> None:
    country = VOCAB.countries[alpha3]
    assert (country.name, country.region) == (name, region)


def test_the_kenyan_police_are_police_forces_of_kenya() -> None:
    record = rec("x1", "reuters", "Police arrested 3.", actor=[POLICE], recipient=[SHABAAB],
                 event_loc=NAIROBI, acled_event_type="Strategic developments",
                 acled_sub_event_type="Arrests")  # fmt: skip
    row = acled_row(record)
    assert row is not None
    assert (row["actor1"], row["inter1"], row["interaction"]) == (
        "Police Forces of Kenya",
        "State forces",
        "State forces-Rebel group",
    )
    assert (row["disorder_type"], row["civilian_targeting"]) == ("Strategic developments", "")


MINNEAPOLIS = {"extracted_place": "Minneapolis", "resolved_place": "Minneapolis",
               "geonameid": 5037649, "lat": 44.97997, "lon": -93.26384, "admin1": "Minnesota",
               "admin1_code": "US.MN", "admin1_iso": "US-MN", "admin2": "Hennepin County",
               "admin2_code": "US.MN.053", "country_code": "USA", "precision": "city"}  # fmt: skip


def test_a_resolved_city_fills_admin1_and_admin2() -> None:
    placed = acled_row(rec("h1", "voa", "Police shot a man in Minneapolis.", event_loc=MINNEAPOLIS))
    # a record stored before places carried admin2 (no such keys) leaves the column empty
    older = {key: value for key, value in MINNEAPOLIS.items() if not key.startswith("admin2")}
    unplaced = acled_row(rec("h2", "voa", "Police shot a man in Minneapolis.", event_loc=older))
    assert placed is not None and unplaced is not None
    assert (placed["admin1"], placed["admin2"], placed["admin3"]) == ("Minnesota", "Hennepin", "")
    assert (unplaced["admin1"], unplaced["admin2"], unplaced["admin3"]) == ("Minnesota", "", "")


@pytest.mark.parametrize(
    ("admin2", "acled"),
    [
        ("Hennepin County", "Hennepin"),
        ("Kharkiv Raion", "Kharkiv"),
        ("Peshawar District", "Peshawar"),
        ("Municipio de Tijuana", "Tijuana"),
        ("Département du Nord", "Nord"),
        ("Caza de Bent Jbaïl", "Bent Jbaïl"),
        ("Lamu West", "Lamu West"),  # no generic word
        ("District", "District"),  # never emptied
        (None, ""),
    ],
)
def test_admin2_drops_the_generic_word_as_acled_does(admin2: str | None, acled: str) -> None:
    loc = {**MINNEAPOLIS, "admin2": admin2}
    row = acled_row(rec("h3", "voa", "Police shot a man.", event_loc=loc))
    assert row is not None and row["admin2"] == acled
