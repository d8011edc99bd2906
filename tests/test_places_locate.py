"""Where an event happened, in the light of its sentence (places/locate.py, extract/places.py).

The rules are tested without the parser through a stub resolver; the sentences (invented,
of the shapes news uses) run through the rules pipeline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch.pipeline import Pipeline, Resources
from eventwatch.places import PlaceMatch
from eventwatch.places.locate import locate, split_places
from eventwatch.types import Article

SPLITS = [
    ("Kabul", ["Kabul"]),
    ("Idlib and Hama", ["Idlib", "Hama"]),
    ("Idlib and Hama provinces", ["Idlib province", "Hama province"]),
    ("Kandahar, Helmand and Uruzgan", ["Kandahar", "Helmand", "Uruzgan"]),
    ("Kandahar, Helmand and Uruzgan provinces",
     ["Kandahar province", "Helmand province", "Uruzgan province"]),
    ("Bosnia and Herzegovina", ["Bosnia", "Herzegovina"]),  # split only if the whole is unknown
]  # fmt: skip


@pytest.mark.parametrize(("name", "parts"), SPLITS)
def test_split_places(name, parts):
    assert split_places(name) == parts


def _place(name, code, admin1="A", precision="city", method="city-name"):
    return PlaceMatch(name, None, 0.0, 0.0, admin1, code, precision, method, 1.0, "known")


# a stub gazetteer: name -> places by country
KNOWN = {
    "Springfield": [_place("Springfield", "USA"), _place("Springfield", "GBR")],
    "Kabul": [_place("Kabul", "AFG", "Kabul")],
    "Paghman": [_place("Paghman", "AFG", "Kabul")],
    "Kandahar": [_place("Kandahar", "AFG", "Kandahar")],
    "Kabul Province": [_place("Kabul Province", "AFG", "Kabul", "region", "admin1-name")],
    "Kabul Province ": [],
    "Lyon": [_place("Lyon", "FRA", "Rhône")],
    "Bosnia and Herzegovina": [_place("Bosnia and Herzegovina", "BIH", None, "country")],
}


def stub(name, countries=(), within=()):
    if name == "Kabul" and countries == ("AFG",) and within == ("AFG",):
        return _place("Kabul Province", "AFG", "Kabul", "region", "admin1-name")
    found = [m for m in KNOWN.get(name, []) if not within or m.country_code in within]
    found.sort(key=lambda m: m.country_code not in countries)
    return found[0] if found else None


def country(code, reason):
    return _place(code, code, None, "country", "country-stated")


LOCATE = [
    # name, article countries, stated countries -> (place, country, precision, method)
    ("Springfield", (), (), ("Springfield", "USA", "city", "city-name")),
    ("Springfield", ("GBR",), (), ("Springfield", "GBR", "city", "city-name")),
    # the sentence says where: a namesake inside it wins over the article's countries
    ("Springfield", ("USA",), ("GBR",), ("Springfield", "GBR", "city", "city-name")),
    # known only elsewhere: the stated country, at country precision
    ("Lyon", (), ("BEL",), ("BEL", "BEL", "country", "country-stated")),
    # unknown, but the sentence says the country
    ("Bajaur district", (), ("PAK",), ("PAK", "PAK", "country", "country-stated")),
    ("Bajaur district", (), (), None),
    # two stated countries and the place in neither: no guess
    ("Lyon", (), ("BEL", "NLD"), None),
    # several places: the subdivision they share, else the country, else nothing
    ("Kabul and Paghman", (), (), ("Kabul Province", "AFG", "region", "admin1-name+common")),
    ("Kabul and Kandahar", (), (), ("AFG", "AFG", "country", "country-common")),
    ("Kabul and Lyon", (), (), None),
    ("Kabul and Atlantis", (), (), None),
    ("Bosnia and Herzegovina", (), (), ("Bosnia and Herzegovina", "BIH", "country", "city-name")),
]


@pytest.mark.parametrize(("name", "article", "stated", "expected"), LOCATE)
def test_locate(name, article, stated, expected):
    match = locate(name, article, stated, stub, country)
    got = None if match is None else (
        match.resolved_place, match.country_code, match.precision, match.method
    )  # fmt: skip
    assert got == expected


@pytest.fixture(scope="module")
def rules():
    return Pipeline(resources=Resources(coder_name="rules"))


def located(pipeline, text):
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2020, 1, 1))])
    assert result.dropped is None, result.dropped
    (record,) = result.records[:1]
    loc = record.location
    return None if loc is None else (loc.extracted_place, loc.country_code, loc.precision)


SENTENCES = [
    # a site's own name is not a town; the town it is in is the place
    ("A gunman killed 51 worshippers at the Al Noor mosque in Christchurch on Friday.",
     ("Christchurch", "NZL", "city")),
    ("The gunman opened fire at Al Noor mosque, killing 41 people.", None),
    ("Suicide bombers attacked the Westgate mall in Nairobi, killing 67.",
     ("Nairobi", "KEN", "city")),
    # a site named after its place
    ("Israeli troops raided the Jenin refugee camp and arrested 12 people.",
     ("Jenin", "PSE", "city")),
    # an organisation is never a place
    ("Al-Shabab claimed responsibility for the attack.", None),
    # the country the sentence gives
    ("A roadside bomb killed three soldiers in Bajaur, Pakistan.",
     ("Bajaur", "PAK", "country")),
    ("A roadside bomb killed three soldiers in Pakistan's Bajaur district.",
     ("Bajaur district", "PAK", "country")),
    ("Opponents of the war in Iraq marched in London.", ("London", "GBR", "city")),
    # several places
    ("Gunmen killed 12 people in Kabul and Kandahar.", ("Kabul and Kandahar", "AFG", "country")),
    ("Protesters clashed with police in Lahore and Islamabad.",
     ("Lahore and Islamabad", "PAK", "country")),
    ("Government forces shelled villages in Idlib and Hama provinces, killing 12 civilians.",
     ("Idlib and Hama provinces", "SYR", "country")),
    # a town the tagger calls an organisation, as the object of a strike
    ("Russian forces shelled Kharkiv, killing four civilians.", ("Kharkiv", "UKR", "city")),
    # a statement is where it was made, not where its addressee or topic is
    ("Western governments called on China to release the detained activists.", None),
    ("The president condemned the bombing at a news conference in Nairobi.",
     ("Nairobi", "KEN", "city")),
    ("The European Union imposed tariffs on U.S. steel exports.", None),
    # where people come from or are based, a side of the event, a government by its capital
    ("Gunmen opened fire on a bus carrying workers from Punjab, killing five.", None),
    ("The bombing was carried out by militants based in Afghanistan.", None),
    ("The Russia attack on Ukraine killed 12 civilians.", ("Ukraine", "UKR", "country")),
    ("Paris was accused of arming rebels in the north.", None),
    ("Baghdad was hit by three car bombs that killed 20 people.", ("Baghdad", "IRQ", "city")),
    # one written name, however the tokenizer splits it
    ("Gunmen attacked the German consulate in Mazar-e-Sharif.", ("Mazar-e-Sharif", "AFG", "city")),
    ("Gunmen shot dead a trader at the Mvog-Ada market, police said.", None),  # not Ada, USA
    ("Insurgents beheaded villagers in Cabo Delgado province.",
     ("Cabo Delgado province", "MOZ", "region")),
    # a country tagged as an organisation still says where its region is
    ("Separatists set fire to a school in Cameroon's North-West region.",
     ("North-West region", "CMR", "region")),
    # "State" of "Islamic State" is no town
    ("An Islamic State gunman carried out the Istanbul nightclub attack, killing 39 people.",
     ("Istanbul", "TUR", "city")),
    # a partner is not a place ("with Japan")
    ("Troops killed five rebels in a raid as the government deepened its security "
     "cooperation with Japan.", None),
    # a town's own people act in it; a country before them is their nationality
    ("Karachi police killed four suspected militants in a raid.", ("Karachi", "PAK", "city")),
    ("Pakistan police arrested 20 suspects.", None),
    ("US troops killed five militants.", None),
    # "the port city of Jeddah": the city, not the sea named before it
    ("Saudi leaders met Rubio in the Red Sea port city of Jeddah on Monday.",
     ("Jeddah", "SAU", "city")),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_event_place_in_context(rules, text, expected):
    assert located(rules, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("A suicide bomber struck a checkpoint outside Baghdad, killing five soldiers.", True),
        ("Gunmen attacked a police post near Maiduguri, killing three officers.", True),
        ("A bomb exploded on the outskirts of Kabul, killing two people.", True),
        ("Two soldiers were killed by gunmen in Kabul.", False),
    ],
)
def test_near_a_place(rules, text, near):
    (result,) = rules.run([Article(id="t", text=text, published=dt.date(2020, 1, 1))])
    (record,) = result.records[:1]
    assert record.location is not None and record.location.near is near
