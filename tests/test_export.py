"""Exports: every format is read back by a real parser and its values checked."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwatch.errors import ExportError
from eventwatch.export import (
    ACLED_COLUMNS,
    FLAT_COLUMNS,
    FORMATS,
    GDELT_COLUMNS,
    JSON_COLUMNS,
    SKIPPING,
    SUFFIXES,
    export,
)
from eventwatch.export.gdelt import fips_countries, gdelt_row
from eventwatch.store import merge_all
from eventwatch.types import Dropped

SHABAAB = {"entity_text": "al-Shabaab militants", "identifier_text": "al-Shabaab",
           "identifier_id": "Q295724", "code": "IMG", "sector": "REB", "aliases": ["al-Shabaab"]}  # fmt: skip
GUESTS = {"entity_text": "hotel guests", "identifier_text": "hotel guests", "sector": "CVL"}
POLICE = {
    "entity_text": "Kenyan police",
    "identifier_text": "Kenya",
    "code": "KEN",
    "sector": "COP",
}
NAIROBI = {"extracted_place": "Nairobi", "resolved_place": "Nairobi", "geonameid": 184745,
           "lat": -1.2864, "lon": 36.8172, "admin1": "Nairobi Area", "country_code": "KEN",
           "precision": "city"}  # fmt: skip


def rec(rid: str, doc: str, text: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": rid, "doc_id": doc, "event": "ASSAULT", "mode": [], "context": [], "quad_code": 4,
        "actor": [SHABAAB], "recipient": [GUESTS], "date": "2019-01-15",
        "enddate": "2019-01-15", "date_precision": "day", "event_loc": NAIROBI,
        "size": {"dead": 14, "injured": None, "arrested": None}, "status": [],
        "event_text": "attacked", "text": text, "text_info": {"start": 40, "end": 40 + len(text)},
        "evidence": [{"doc_id": doc, "text": text, "start": 40, "end": 40 + len(text),
                      "event_text": "attacked", "trigger_start": 50, "trigger_end": 58}],
        "source_count": 1, "confidence": 0.8, "cameo_code": "183",
        "acled_event_type": "Violence against civilians", "acled_sub_event_type": "Attack",
    }  # fmt: skip
    record.update(fields)
    return record


SOURCES = {
    "reuters": {"title": "Hotel attack", "url": "https://example.org/r", "source": "Reuters",
                "published": "2019-01-15"},
    "bbc": {"title": "Siege ends", "url": "https://example.org/b", "source": "BBC",
            "published": "2019-01-16"},
    "voa": {"title": "Kenya protests", "url": None, "source": "VOA", "published": "2019-01-17"},
}  # fmt: skip


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """Two merged events: a hotel attack told by two articles, and a protest without a place."""
    raw = [
        rec("a1", "reuters", "Al-Shabaab militants attacked a hotel in Nairobi, killing 14."),
        rec("b1", "bbc", "Militants killed 21 people\tat the hotel.", size={"dead": 21}),
        rec(
            "p1", "voa", "Protesters marched against the police.", event="PROTEST", quad_code=3,
            actor=[{"entity_text": "protesters", "identifier_text": "protesters", "sector": "CVL"}],
            recipient=[POLICE], event_loc=None, date=None, enddate=None, date_precision="unknown",
            size={"dead": None, "injured": None, "arrested": None}, cameo_code="141",
            acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
            status=["reported"],
        ),
    ]  # fmt: skip
    published = {d: s["published"] for d, s in SOURCES.items()}
    merged = merge_all(raw, published=published, sources=SOURCES)
    assert [e["source_count"] for e in merged] == [2, 1]
    return merged


def _write(records: list[dict[str, Any]], fmt: str, tmp_path: Path) -> Path:
    path = tmp_path / f"out{SUFFIXES[fmt]}"
    export(records, fmt, path)
    return path


def test_plover_json_lines_round_trip(records: list[dict[str, Any]], tmp_path: Path) -> None:
    lines = _write(records, "plover", tmp_path).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_csv_has_the_flat_columns(records: list[dict[str, Any]], tmp_path: Path) -> None:
    with _write(records, "csv", tmp_path).open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == FLAT_COLUMNS
    attack, protest = rows
    assert attack["actor"] == "al-Shabaab" and attack["actor_ids"] == "Q295724"
    assert (attack["dead"], attack["dead_low"], attack["dead_high"]) == ("21", "14", "21")
    assert attack["doc_ids"] == "bbc; reuters" and attack["source_count"] == "2"
    assert (attack["lat"], attack["lon"], attack["country_code"]) == ("-1.2864", "36.8172", "KEN")
    assert protest["date"] == "" and protest["status"] == "reported"


def test_acled_columns_are_exactly_acleds_in_order(
    records: list[dict[str, Any]], tmp_path: Path
) -> None:
    with _write(records, "acled", tmp_path).open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == ACLED_COLUMNS
    # the undated, unplaced protest cannot be an ACLED row (see test_export_acled.py)
    (attack,) = (dict(zip(ACLED_COLUMNS, row, strict=True)) for row in rows[1:])
    assert attack["event_id_cnty"] == f"KEN{int(records[0]['id'], 16)}"
    assert (attack["event_date"], attack["year"], attack["time_precision"]) == (
        "2019-01-15",
        "2019",
        "1",
    )
    assert attack["disorder_type"] == "Political violence"
    assert (attack["event_type"], attack["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )
    assert (attack["actor1"], attack["inter1"], attack["actor2"], attack["inter2"]) == (
        "al-Shabaab",
        "Rebel group",
        "Civilians (Kenya)",
        "Civilians",
    )
    assert (attack["assoc_actor_2"], attack["interaction"]) == (
        "hotel guests",
        "Rebel group-Civilians",
    )
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert (attack["latitude"], attack["longitude"], attack["geo_precision"]) == (
        "-1.2864",
        "36.8172",
        "1",
    )
    assert (attack["location"], attack["admin1"]) == ("Nairobi", "Nairobi")
    assert attack["fatalities"] == "14"  # ACLED codes the lowest reported toll
    assert attack["tags"] == "fatalities reported 14-21"
    assert attack["source"] == "BBC; Reuters"
    assert (attack["iso"], attack["country"], attack["region"]) == (
        "404",
        "Kenya",
        "Eastern Africa",
    )


def test_gdelt_rows_have_the_documented_columns(
    records: list[dict[str, Any]], tmp_path: Path
) -> None:
    text = _write(records, "gdelt", tmp_path).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()]
    assert len(GDELT_COLUMNS) == 61
    assert [len(row) for row in rows] == [61, 61]
    attack, protest = (dict(zip(GDELT_COLUMNS, row, strict=True)) for row in rows)
    assert int(attack["GlobalEventID"]) == int(records[0]["id"][:15], 16)
    assert (attack["Day"], attack["MonthYear"], attack["Year"]) == ("20190115", "201901", "2019")
    assert attack["FractionDate"] == "2019.0384"
    assert (attack["Actor1Code"], attack["Actor1Name"], attack["Actor1Type1Code"]) == (
        "IMGREB",
        "AL-SHABAAB",
        "REB",
    )
    assert attack["Actor1CountryCode"] == ""  # IMG is not a country
    assert (attack["EventCode"], attack["EventBaseCode"], attack["EventRootCode"]) == (
        "183",
        "183",
        "18",
    )
    assert (attack["QuadClass"], attack["GoldsteinScale"]) == ("4", "-10.0")  # CAMEO 183
    assert (attack["NumMentions"], attack["NumSources"], attack["NumArticles"]) == ("2", "2", "2")
    # GDELT's geography uses FIPS 10-4 country codes
    assert (attack["ActionGeo_Type"], attack["ActionGeo_CountryCode"]) == ("4", "KE")
    assert (attack["ActionGeo_Lat"], attack["ActionGeo_Long"]) == ("-1.2864", "36.8172")
    assert attack["ActionGeo_FullName"] == "Nairobi, Nairobi Area, Kenya"
    assert attack["ActionGeo_FeatureID"] == "184745"
    assert attack["DATEADDED"] == "20190115000000"
    assert attack["SOURCEURL"] in ("https://example.org/r", "https://example.org/b")
    assert (protest["Day"], protest["ActionGeo_Lat"], protest["SOURCEURL"]) == ("", "", "voa")
    assert (protest["Actor2Code"], protest["Actor2CountryCode"]) == ("KENCOP", "KEN")


def test_geojson_points_are_lon_lat_and_only_located_events(
    records: list[dict[str, Any]], tmp_path: Path
) -> None:
    collection = json.loads(_write(records, "geojson", tmp_path).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.8172, -1.2864]}
    props = feature["properties"]
    assert (props["id"], props["event"], props["country_code"]) == (
        records[0]["id"],
        "ASSAULT",
        "KEN",
    )
    assert (props["dead"], props["dead_low"], props["dead_high"]) == (21, 14, 21)
    assert props["actor"] == ["al-Shabaab"] and props["doc_ids"] == ["bbc", "reuters"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_actor_network_reads_back(records: list[dict[str, Any]], tmp_path: Path, fmt: str) -> None:
    path = _write(records, fmt, tmp_path)
    graph = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert graph.is_directed()
    assert set(graph.nodes) == {"Q295724", "hotel guests", "protesters", "kenya"}
    assert graph.nodes["Q295724"]["label"] == "al-Shabaab"
    assert graph.nodes["Q295724"]["sector"] == "REB"
    assert int(graph.nodes["Q295724"]["events"]) == 1
    attack = graph.edges["Q295724", "hotel guests"]
    assert int(attack["weight"]) == 1
    assert (int(attack["ASSAULT"]), int(attack["PROTEST"])) == (1, 0)
    assert attack["event_ids"] == records[0]["id"]
    assert int(graph.edges["protesters", "kenya"]["PROTEST"]) == 1
    assert graph.number_of_edges() == 2


def test_parquet_has_typed_flat_columns_and_json_columns(
    records: list[dict[str, Any]], tmp_path: Path
) -> None:
    table = pq.read_table(_write(records, "parquet", tmp_path))
    assert table.column_names == [*FLAT_COLUMNS, *JSON_COLUMNS]
    assert table.schema.field("dead").type == pa.int64()
    assert table.schema.field("lat").type == pa.float64()
    assert table.schema.field("date").type == pa.date32()
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert (rows[0]["dead"], rows[0]["dead_low"], rows[0]["dead_high"]) == (21, 14, 21)
    assert str(rows[0]["date"]) == "2019-01-15" and rows[1]["date"] is None
    assert json.loads(rows[0]["actor_json"]) == records[0]["actor"]
    assert json.loads(rows[0]["evidence_json"]) == records[0]["evidence"]
    assert rows[1]["event_loc_json"] is None
    assert json.loads(rows[1]["sources_json"])[0]["source"] == "VOA"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_to_an_open_binary_file(
    records: list[dict[str, Any]], tmp_path: Path, fmt: str
) -> None:
    buffer = io.BytesIO()
    count = export(records, fmt, buffer)
    path = _write(records, fmt, tmp_path)
    assert buffer.getvalue() == path.read_bytes()
    assert count == (1 if fmt in SKIPPING else 2)  # the protest has no place and no date


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"parquet"}))
def test_text_formats_write_to_an_open_text_file(
    records: list[dict[str, Any]], tmp_path: Path, fmt: str
) -> None:
    stream = io.StringIO()
    export(records, fmt, stream)
    assert stream.getvalue() == _write(records, fmt, tmp_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_records_still_give_a_readable_file(tmp_path: Path, fmt: str) -> None:
    path = _write([], fmt, tmp_path)
    if fmt == "parquet":
        assert pq.read_table(path).num_rows == 0
    elif fmt in ("gexf", "graphml"):
        graph = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
        assert graph.number_of_nodes() == 0
    elif fmt == "geojson":
        assert json.loads(path.read_text()) == {"type": "FeatureCollection", "features": []}
    elif fmt in ("csv", "acled"):
        header = path.read_text().splitlines()
        assert header == [",".join(FLAT_COLUMNS if fmt == "csv" else ACLED_COLUMNS)]
    else:
        assert path.read_text() == ""


def test_unknown_format_and_text_stream_for_parquet_are_refused() -> None:
    with pytest.raises(ExportError, match="unknown export format; choose one of plover, acled"):
        export([], "xlsx", io.StringIO())
    with pytest.raises(ExportError, match="Parquet is binary"):
        export([], "parquet", io.StringIO())


def test_an_unwritable_path_says_so(records: list[dict[str, Any]], tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        export(records, "csv", tmp_path / "missing" / "out.csv")


@pytest.mark.parametrize(
    ("iso3", "fips"),
    [("ISR", "IS"), ("DEU", "GM"), ("GBR", "UK"), ("PSE", "WE"), ("KOS", "KV"), ("NGA", "NI")],
)
def test_gdelt_geography_uses_fips_country_codes(iso3, fips):
    assert fips_countries()[iso3][0] == fips


@pytest.mark.parametrize(
    ("place", "admin1", "fips"),
    [("Khan Yunis", "Gaza Strip", "GZ"), ("Jenin", "West Bank", "WE")],
)
def test_gdelt_splits_palestine_as_fips_does(place, admin1, fips):
    loc = {"extracted_place": place, "admin1": admin1, "country_code": "PSE"}
    row = dict(zip(GDELT_COLUMNS, gdelt_row({"id": "ab12", "event_loc": loc}), strict=True))
    assert row["ActionGeo_CountryCode"] == fips


def test_geojson_reports_the_events_it_leaves_out(records: list[dict[str, Any]]) -> None:
    dropped: list[Dropped] = []
    assert export(records, "geojson", io.StringIO(), dropped=dropped) == 1
    assert dropped == [Dropped("export", records[1]["id"], "no coordinates")]


def test_subdivisions_reach_the_flat_columns_and_geojson(tmp_path: Path) -> None:
    subdivisions = {"admin1_code": "KE.30", "admin1_iso": "KE-30", "admin2": "Westlands",
                    "admin2_code": "KE.30.12"}  # fmt: skip
    placed = rec("w1", "voa", "Gunmen attacked a mall.", event_loc={**NAIROBI, **subdivisions})
    older = rec("w2", "voa", "Gunmen attacked a hotel.")  # stored before these keys existed
    with _write([placed, older], "csv", tmp_path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    feature = json.loads(_write([placed, older], "geojson", tmp_path).read_text("utf-8"))
    props = [f["properties"] for f in feature["features"]]
    for key, value in {"admin1": "Nairobi Area", **subdivisions}.items():
        assert (rows[0][key], rows[1][key]) == (value, "" if key != "admin1" else value)
        assert (props[0][key], props[1][key]) == (value, None if key != "admin1" else value)


def test_acled_geo_precision_says_near_a_town(
    records: list[dict[str, Any]], tmp_path: Path
) -> None:
    attack = copy.deepcopy(records[0])
    attack["event_loc"]["near"] = True  # "a checkpoint outside Nairobi"
    with _write([attack], "acled", tmp_path).open(newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["geo_precision"] == "2"


def test_the_flat_row_carries_the_site_as_written():
    from eventwatch.export import flat_row

    assert flat_row({"site": {"text": "a checkpoint", "start": 3, "end": 15}})["site"] == (
        "a checkpoint"
    )
    assert flat_row({"site": None})["site"] is None
