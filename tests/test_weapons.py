"""The weapon rule (`extract/weapons.py`, `data/acled_cues.toml`) and the subject patterns of
the trigger lexicon, as case tables over frozen parses: no spaCy is loaded
(`pytest --refresh-parses` parses the sentences again)."""

from __future__ import annotations

import pytest

from eventwatch.errors import OntologyError
from eventwatch.extract.triggers import find_triggers
from eventwatch.extract.weapons import allowed, find_weapon
from eventwatch.ontology import load_ontology
from eventwatch.ontology.cues import load_cues

ONTOLOGY = load_ontology()

# (sentence, trigger word, the ACLED sub-type its weapon decides, or None)
WEAPONS = [
    ("A roadside bomb killed five soldiers in Kandahar on Monday.", "killed",
     "Remote explosive/landmine/IED"),
    ("A grenade attack killed two people in Bujumbura.", "killed", "Grenade"),
    ("Gunmen threw a grenade into a bar on Saturday, wounding six.", "wounding", "Grenade"),
    ("A suicide bomber blew himself up at a mosque, killing 30 worshippers.", "killing",
     "Suicide bomb"),
    ("Government warplanes bombed rebel positions in Idlib on Sunday.", "bombed",
     "Air/drone strike"),
    ("A US drone strike killed three militants in Jilib.", "killed", "Air/drone strike"),
    ("Three civilians were killed when artillery shells landed on a market.", "killed",
     "Shelling/artillery/missile attack"),
    ("A car bomb ripped through a market in Baghdad, killing 12 people.", "killing",
     "Remote explosive/landmine/IED"),
    ("Soldiers attacked a bus with hand grenades, wounding 11 passengers.", "attacked",
     "Grenade"),
    # no weapon, or none used
    ("Gunmen killed 15 villagers in an attack on Koulogon.", "killed", None),
    ("Police seized a cache of explosives in a raid in Peshawar.", "raid", None),
    ("A bomb maker was killed in a shootout with police.", "killed", None),
    ("Troops clashed with militants who fired mortars near Maiduguri.", "clashed", None),
    ("Police said the man who was killed had planned a bombing.", "killed", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def docs(frozen):
    texts = [case[0] for case in WEAPONS] + [case[0] for case in SUBJECTS] + ALLOWED_TEXTS
    return frozen("weapons", texts)


def trigger_at(doc, word: str):
    triggers = find_triggers(doc, ONTOLOGY, ONTOLOGY.words("people", "nouns"))
    found = [t for t in triggers if doc.tokens[t.head].text == word]
    assert found, f"no trigger {word!r} in {doc.text!r}: {[t.text for t in triggers]}"
    return found[0]


@pytest.mark.parametrize(("text", "word", "sub_type"), WEAPONS)
def test_the_clause_names_the_weapon(docs, text, word, sub_type):
    weapon = find_weapon(docs[text], trigger_at(docs[text], word), ONTOLOGY.cues)
    assert (weapon.acled if weapon else None) == sub_type
    if weapon is not None:
        assert text[weapon.span.start : weapon.span.end] == weapon.text


# (sentence, the word that must be a trigger, or None where none may be)
SUBJECTS = [
    ("A homemade bomb exploded at a restaurant in Mississauga.", "exploded"),
    ("A roadside bomb went off near a police vehicle in Kandahar.", "went"),
    ("Artillery shells hit a school in Donetsk on Tuesday.", "hit"),
    ("An IED struck a military convoy near Mogadishu.", "struck"),
    ("Rockets landed on a crowded market in the town.", "landed"),
    ("A series of bombs exploded in the capital on Friday.", "exploded"),
    ("The plane landed in Mogadishu on Tuesday.", None),
    ("The economic crisis hit the country hard.", None),
    ("The car exploded after the crash.", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "word"), SUBJECTS)
def test_a_weapon_as_the_subject_makes_the_verb_an_attack(docs, text, word):
    doc = docs[text]
    triggers = find_triggers(doc, ONTOLOGY, ONTOLOGY.words("people", "nouns"))
    verbs = [t for t in triggers if t.coding.event == "ASSAULT" and not t.nominal]
    assault = [doc.tokens[t.head].text for t in verbs]
    assert assault == ([word] if word else [])


ALLOWED_TEXTS = [
    "Soldiers raped at least 30 women in the village.",
    "Police shot dead three protesters in Khartoum.",
    "Gunmen killed 15 villagers in Koulogon.",
    "Israeli airstrikes hit a building in Nabatieh.",
]
CHOICES = ["Sexual violence", "Excessive force against protesters", "Attack",
           "Air/drone strike", "Suicide bomb"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ALLOWED_TEXTS[0], {"Sexual violence", "Attack"}),
        (ALLOWED_TEXTS[1], {"Excessive force against protesters", "Attack"}),
        (ALLOWED_TEXTS[2], {"Attack"}),
        (ALLOWED_TEXTS[3], {"Attack", "Air/drone strike"}),
    ],
)
def test_a_sub_type_needs_its_words_in_the_sentence(docs, text, expected):
    assert allowed(docs[text], 0, ONTOLOGY.cues, CHOICES) == expected


SUBTYPES = {"Grenade": ("Explosions/Remote violence", "explosives"), "Attack": ("V", None)}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"kind": [{"acled": "Attack", "words": ["x"]}]}, "is not an Explosions"),
        ({"kind": [{"acled": "Grenade", "words": []}]}, "non-empty list"),
        ({"kind": [{"acled": "Grenade", "mode": "dance", "words": ["x"]}]}, "not a mode"),
        ({"needs": {"Riot": ["x"]}}, "not an ACLED sub-type"),
        ({"needs": {"Attack": ["@nothing"]}}, "no such list"),
        ({"battles": "clash"}, "list of lemmas"),
    ],
)
def test_a_malformed_weapon_lexicon_is_refused_by_name(raw, message):
    with pytest.raises(OntologyError, match=message):
        load_cues(raw, SUBTYPES, ("explosives",))
