"""The notebook API (`eventwatch.open`): a store read as pandas DataFrames, and its errors."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd  # the dev extra installs the pandas extra: no skip, a missing one fails
import pytest
from test_web_api import fill  # 5 articles, 6 merged events: Kabul (two reports), Rafah...

import eventwatch
from eventwatch.errors import DependencyError, EventwatchError, QueryError, StoreError
from eventwatch.export.fields import FLAT_COLUMNS
from eventwatch.store import Store

KABUL = "e-kabul-1"  # merged with e-kabul-2 under another id; `get` finds it by either
TYPES = (
    "ACCUSE, AGREE, AID, ASSAULT, COERCE, CONCEDE, CONSULT, COOPERATE, MOBILIZE, PROTEST, "
    "REJECT, REQUEST, RETREAT, SANCTION, SUPPORT, THREATEN"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frames") / "events.db"
    with Store(path) as store:
        fill(store)
    return path


@pytest.fixture(scope="module")
def frames(db: Path) -> Iterator[eventwatch.Frames]:
    with eventwatch.open(db) as opened:
        yield opened


@pytest.fixture(scope="module")
def kabul(db: Path) -> str:
    with Store(db) as store:
        merged = store.get(KABUL)
    assert merged is not None
    return str(merged["id"])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- opening ---------------------------------------------------------------------------
def test_a_missing_store_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with pytest.raises(StoreError) as caught:
        eventwatch.open(path)
    assert str(caught.value) == (
        f"{path}: no such event store; create one with `eventwatch ingest`"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not a database\n" * 100, "cannot open the store read-only (file is not a database)"),
        (
            None,  # an SQLite database of another program
            "not an eventwatch store (no such table: clusters); create one with "
            "`eventwatch ingest`",
        ),
    ],
)
def test_a_file_that_is_no_store_is_an_error(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    path = tmp_path / "notes.db"
    if content is None:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (text)")
        conn.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        eventwatch.open(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_reading_changes_nothing_and_closing_is_final(db: Path) -> None:
    before = digest(db)
    with eventwatch.open(db) as opened:
        assert len(opened.events()) == 6
        assert repr(opened) == (
            f"<eventwatch.Frames {str(db.resolve())!r}: 6 events from 5 articles, "
            "2024-03-04 to 2024-04-21>"
        )
    assert digest(db) == before
    assert opened.closed and repr(opened).endswith(": closed>")
    with pytest.raises(StoreError, match=r"closed; open it again with eventwatch\.open"):
        opened.events()


# --- events ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"event": "ASSAULT"},
        {"event": "assault", "country": "ukr"},  # any case, as the CLI takes them
        {"country": "AFG"},
        {"actor": "Taliban"},
        {"actor": "Q801"},  # a Wikidata id
        {"actor": "police"},  # part of a name
        {"start": "2024-04-01"},
        {"end": "2024-03-31"},
        {"start": pd.Timestamp("2024-03-05"), "end": pd.Timestamp("2024-04-19")},
        {"text": "truce"},
        {"text": "killing", "country": "UKR"},
        {"country": "FRA"},  # nothing there: an empty table
    ],
)
def test_events_selects_what_the_store_query_selects(
    frames: eventwatch.Frames, db: Path, filters: dict[str, Any]
) -> None:
    with Store(db) as store:
        expected = [record["id"] for record in store.query(**filters, limit=1000)]
    assert frames.events(**filters)["id"].tolist() == expected


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ({"event": "COERCE"}, ["e-arrest"]),
        ({"actor": "Hamas", "start": "2024-03-05"}, ["e-rafah"]),
        ({"limit": 2, "country": "UKR"}, ["e-kharkiv", "e-arrest"]),
        ({"limit": 1, "country": "UKR"}, ["e-kharkiv"]),
        ({"limit": 5}, ["KABUL", "e-rafah", "e-kharkiv", "e-arrest", "e-accuse"]),
        ({"text": "Cairo talks"}, ["e-talks"]),
    ],
)
def test_events_case_table(
    frames: eventwatch.Frames, kabul: str, filters: dict[str, Any], ids: list[str]
) -> None:
    expected = [kabul if i == "KABUL" else i for i in ids]
    assert frames.events(**filters)["id"].tolist() == expected


def test_event_columns_are_flat_and_typed(frames: eventwatch.Frames, kabul: str) -> None:
    events = frames.events().set_index("id", drop=False)
    assert tuple(events.columns) == FLAT_COLUMNS
    dtypes = events.dtypes.astype(str).to_dict()
    assert {c: dtypes[c] for c in ("date", "enddate")} == {
        "date": "datetime64[us]",
        "enddate": "datetime64[us]",
    }
    assert {
        c: dtypes[c] for c in ("dead", "injured", "quad_code", "source_count")
    } == dict.fromkeys(("dead", "injured", "quad_code", "source_count"), "Int64")
    assert {c: dtypes[c] for c in ("lat", "lon", "confidence")} == dict.fromkeys(
        ("lat", "lon", "confidence"), "float64"
    )
    assert dtypes["actor"] == dtypes["acled_event_type"] == "str"

    merged = events.loc[kabul]
    assert merged["date"] == pd.Timestamp("2024-03-04")
    assert (merged["event"], merged["actor"], merged["recipient"]) == (
        "ASSAULT",
        "Taliban",
        "police officers",
    )
    assert (merged["place"], merged["country_code"], merged["lat"]) == ("Kabul", "AFG", 34.5281)
    assert (merged["dead"], merged["source_count"]) == (14, 2)  # the two reports said 12, 14
    assert merged["doc_ids"] == "kabul-1; kabul-2"

    accuse = events.loc["e-accuse"]
    assert accuse["date"] is pd.NaT
    assert accuse["dead"] is pd.NA  # not reported, not zero
    assert pd.isna(accuse["place"]) and pd.isna(accuse["lat"])
    assert accuse["text"] == "Hamas accused Israel of breaking the truce."
    # an empty list is missing, as when pandas reads the CSV export, not ""
    assert pd.isna(events.loc["e-kharkiv", "recipient"]) and pd.isna(accuse["mode"])


def test_an_empty_table_keeps_its_columns_and_types(frames: eventwatch.Frames) -> None:
    empty, full = frames.events(country="FRA"), frames.events()
    assert empty.empty
    assert empty.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()
    assert frames.actors(country="FRA").empty and frames.places(country="FRA").empty


@pytest.mark.parametrize(
    ("call", "filters", "message"),
    [
        (
            "events",
            {"evnt": "ASSAULT"},
            "evnt: unknown filter; events() takes actor, country, end, event, limit, start, text",
        ),
        (
            "actors",
            {"name": "Hamas"},
            "name: unknown filter; actors() takes actor, country, end, event, limit, start, "
            "text, role",
        ),
        ("places", {"offset": 5}, "offset: unknown filter; places() takes actor, country, end, "
         "event, limit, start, text"),
        ("events", {"event": "ATTACK"}, f"event: 'ATTACK' is no PLOVER type; use one of {TYPES}"),
        ("events", {"country": "Syria"}, "country: expected an ISO 3166-1 alpha-3 code, not 'Syria'"),
        ("events", {"country": 4}, "country: expected a string, not 4"),
        ("events", {"start": "2024-13-01"}, "start: expected a date YYYY-MM-DD, not '2024-13-01'"),
        ("places", {"start": "2024-05-01", "end": "2024-04-01"}, "start: 2024-05-01 is after end 2024-04-01"),
        ("events", {"text": "..."}, "text: give at least one word to search for"),
        ("events", {"limit": 0}, "limit: must be a positive integer, not 0"),
        ("actors", {"limit": True}, "limit: must be a positive integer, not True"),
        ("actors", {"role": "victim"}, "role: 'victim' is no role; use one of actor, recipient"),
    ],
)  # fmt: skip
def test_bad_filters_are_errors_naming_what_to_change(
    frames: eventwatch.Frames, call: str, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        getattr(frames, call)(**filters)
    assert str(caught.value) == message
    assert isinstance(caught.value, EventwatchError)


# --- aggregations ----------------------------------------------------------------------
ACTOR_ROWS = ["name", "identifier_id", "events", "as_actor", "as_recipient"]


@pytest.mark.parametrize(
    ("kwargs", "rows"),
    [
        (
            {},
            [
                ["Hamas", "Q38867", 3, 1, 2],
                ["Israel", "Q801", 3, 2, 1],
                ["Russia", "Q159", 2, 2, 0],
                ["police officers", None, 2, 0, 2],
                ["Taliban", "Q42418", 1, 1, 0],
            ],
        ),
        ({"role": "recipient", "event": "ASSAULT"}, [["Hamas", "Q38867", 1, 0, 1],
                                                     ["police officers", None, 1, 0, 1]]),
        ({"country": "UKR"}, [["Russia", "Q159", 2, 2, 0], ["police officers", None, 1, 0, 1]]),
        ({"limit": 2}, [["Hamas", "Q38867", 3, 1, 2], ["Israel", "Q801", 3, 2, 1]]),
    ],
)  # fmt: skip
def test_actors_counts_merged_events_busiest_first(
    frames: eventwatch.Frames, kwargs: dict[str, Any], rows: list[list[Any]]
) -> None:
    actors = frames.actors(**kwargs)
    got = actors[ACTOR_ROWS].astype(object).where(actors[ACTOR_ROWS].notna(), None)
    assert got.values.tolist() == rows


def test_actor_columns_and_dates(frames: eventwatch.Frames) -> None:
    actors = frames.actors().set_index("name")
    assert list(actors.reset_index().columns) == [
        "name", "identifier_id", "code", "sector", "events", "as_actor", "as_recipient",
        "first_date", "last_date",
    ]  # fmt: skip
    assert actors.loc["police officers", "first_date"] == pd.Timestamp("2024-03-04")
    assert actors.loc["police officers", "last_date"] == pd.Timestamp("2024-04-21")
    assert str(actors["events"].dtype) == "Int64"
    # an actor's row leads to its events
    assert len(frames.events(actor=actors.loc["Russia", "identifier_id"])) == 2


@pytest.mark.parametrize(
    ("filters", "rows", "unplaced"),
    [
        (
            {},
            [
                ["Kharkiv", "UKR", 2, 3, "ASSAULT: 1; COERCE: 1"],
                ["Kabul", "AFG", 1, 14, "ASSAULT: 1"],
                ["Rafah", "PSE", 1, 0, "ASSAULT: 1"],  # no count reported: adds nothing
            ],
            2,
        ),
        ({"event": "COERCE"}, [["Kharkiv", "UKR", 1, 0, "COERCE: 1"]], 0),
        ({"actor": "Hamas"}, [["Rafah", "PSE", 1, 0, "ASSAULT: 1"]], 2),
    ],
)
def test_places_count_events_and_fatalities(
    frames: eventwatch.Frames, filters: dict[str, Any], rows: list[list[Any]], unplaced: int
) -> None:
    places = frames.places(**filters)
    assert places[["name", "country_code", "events", "dead", "types"]].values.tolist() == rows
    assert places.attrs["unplaced"] == unplaced
    assert list(places.columns) == [
        "name", "country_code", "lat", "lon", "precision", "events", "dead", "types",
    ]  # fmt: skip


# --- without pandas --------------------------------------------------------------------
MISSING = "needs pandas, which is not installed: pip install 'eventwatch[pandas]'"


def test_without_pandas_open_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, db: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    with pytest.raises(DependencyError) as caught:
        eventwatch.open(db)
    assert str(caught.value) == f"eventwatch.open {MISSING}"
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, EventwatchError)
    assert (caught.value.package, caught.value.extra) == ("pandas", "pandas")


@pytest.mark.parametrize("call", ["events", "actors", "places"])
def test_without_pandas_each_table_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, frames: eventwatch.Frames, call: str
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(DependencyError) as caught:
        getattr(frames, call)()
    assert str(caught.value) == f"Frames.{call} {MISSING}"


def test_importing_eventwatch_needs_no_pandas(tmp_path: Path) -> None:
    import subprocess

    code = (
        "import sys; sys.modules['pandas'] = None; import eventwatch; "
        "print(eventwatch.open.__name__)"
    )
    root = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": root, "PATH": ""},
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "open\n"), done.stderr
