"""What a protest turned into, mobs, and territory changing hands (`extract/protests.py`,
`extract/territory.py`, `data/acled_cues.toml`), as case tables over frozen parses: no
spaCy is loaded (`pytest --refresh-parses` parses the sentences again)."""

from __future__ import annotations

import pytest

from eventwatch.extract.arguments import ArgumentFinder
from eventwatch.extract.mentions import MentionFinder
from eventwatch.extract.protests import protest_cue
from eventwatch.extract.strategic import strategic_cue
from eventwatch.extract.territory import OVERTAKES, REGAINS, by_actors, territory_cue
from eventwatch.extract.triggers import find_triggers
from eventwatch.extract.victims import ATTACK, CLASH, by_victims
from eventwatch.ontology import load_ontology
from eventwatch.types import Entity, Resolution

ONTOLOGY = load_ontology()
CUES = ONTOLOGY.cues

# (sentence, trigger word, the sub-type the protest or mob decides, or None)
PROTESTS = [
    ("Thousands of teachers marched through the capital to demand higher pay.", "marched",
     "Peaceful protest"),
    ("Police fired tear gas to disperse students protesting in the city centre.", "fired",
     "Protest with intervention"),
    ("Security forces arrested 15 demonstrators at a sit-in outside the ministry.",
     "arrested", "Protest with intervention"),
    ("Police shot dead three protesters in Khartoum on Thursday.", "shot",
     "Excessive force against protesters"),
    ("Protesters threw stones at police and burned tires in the capital.", "threw",
     "Violent demonstration"),
    ("Youths rioted in the capital on Monday, demanding jobs.", "rioted",
     "Violent demonstration"),
    # the grievance is not what happened at the protest
    ("Lawyers protested outside the court over the arrest of a colleague.", "protested",
     "Peaceful protest"),
    # an arrest of a protest leader, or for having protested, is no protest
    ("Police arrested an activist who had led protests against the law.", "arrested", None),
    ("Soldiers arrested 40 people for taking part in the protests.", "arrested", None),
    # a killing of protesters is excessive force, whatever the verbs around it
    ("The UN condemned the killing of peaceful protesters by the army.", "killing",
     "Excessive force against protesters"),
    # a mob, outside a protest; armed men are no mob
    ("A mob lynched a man accused of theft in the market.", "lynched", "Mob violence"),
    ("Vigilantes shot dead two suspected bandits with rifles near the village.", "shot", None),
    # no protest at all
    ("Gunmen killed 15 villagers in an attack on the village.", "killed", None),
    ("Police arrested two men suspected of smuggling weapons.", "arrested", None),
]  # fmt: skip

# (sentence, trigger word, the territory sub-type its verb says, or None)
TERRITORY = [
    ("Malian troops retook the town of Anefis from the rebels.", "retook", REGAINS),
    ("Militants took control of the town after overrunning an army base.", "took", OVERTAKES),
    ("Rebels captured the airport following heavy fighting.", "captured", OVERTAKES),
    # people taken are no territory
    ("Rebels captured five soldiers during the fighting.", "captured", None),
    ("Soldiers attacked a rebel camp near the border.", "attacked", None),
]


# (sentence, trigger word, the strategic development it is, or None)
STRATEGIC = [
    ("The government and the rebels agreed to a ceasefire in the north.", "agreed", "Agreement"),
    ("Russia and Ukraine swapped 100 prisoners of war each on Saturday.", "swapped",
     "Agreement"),
    ("The two countries agreed to lower tariffs on steel.", "agreed", None),
    ("Militants set up a new base in the village of Ceel Garas.", "set",
     "Headquarters or base established"),
    ("Army engineers defused a roadside bomb near the market.", "defused",
     "Disrupted weapons use"),
    ("Police seized weapons and ammunition in a raid on the house.", "seized",
     "Disrupted weapons use"),
    ("Soldiers seized cattle and grain from the villagers.", "seized", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def docs(frozen):
    texts = [case[0] for case in PROTESTS + TERRITORY + STRATEGIC]
    return frozen("acled_cues", texts)


def coded(doc, word: str):
    """The trigger at `word`, its type and modes and its actors, as the rules find them."""
    triggers = find_triggers(doc, ONTOLOGY, ONTOLOGY.words("people", "nouns"))
    (trigger,) = [t for t in triggers if doc.tokens[t.head].text == word]
    args = ArgumentFinder(doc, ONTOLOGY, MentionFinder(doc, ONTOLOGY)).find(trigger)
    modes = (trigger.coding.mode,) if trigger.coding.mode else ()
    return trigger, trigger.coding.event, modes, args.actors


@pytest.mark.parametrize(("text", "word", "sub_type"), PROTESTS)
def test_what_the_protest_turned_into(docs, text, word, sub_type):
    trigger, event, modes, actors = coded(docs[text], word)
    cue = protest_cue(docs[text], trigger, event, actors, CUES.protest, modes)
    assert (cue.acled[1] if cue else None) == sub_type
    if cue is not None and cue.span is not None:
        assert text[cue.span.start : cue.span.end] == cue.text


@pytest.mark.parametrize(("text", "word", "acled"), TERRITORY)
def test_a_place_changing_hands(docs, text, word, acled):
    trigger, event, _, _ = coded(docs[text], word)
    cue = territory_cue(docs[text], trigger, event, CUES.territory)
    assert (cue.acled if cue else None) == acled


@pytest.mark.parametrize(
    ("acled", "sectors", "expected"),
    [
        (OVERTAKES, ["MIL"], REGAINS),  # a state's forces took it back
        (REGAINS, ["REB"], OVERTAKES),  # rebels retook it
        (REGAINS, [], REGAINS),  # no one known: the verb's reading stands
        (("Battles", "Armed clash"), ["MIL"], ("Battles", "Armed clash")),
    ],
)
def test_who_took_the_town_decides(acled, sectors, expected):
    actors = tuple(Entity(entity_text="x", sector=s) for s in sectors)
    assert by_actors(acled, actors, CUES.territory) == expected


@pytest.mark.parametrize(
    ("acled", "recipients", "expected"),
    [
        (ATTACK, [("MIL", "as-written")], CLASH),  # soldiers attacked: a battle
        (CLASH, [("CVL", "as-written")], ATTACK),  # villagers killed: an attack on civilians
        (CLASH, [("JRN", "knowledge-base")], ATTACK),  # a journalist
        (CLASH, [("CVL", "place")], CLASH),  # a place standing for its people decides nothing
        (ATTACK, [], ATTACK),
        (("Riots", "Mob violence"), [("MIL", "as-written")], ("Riots", "Mob violence")),
    ],
)
def test_who_was_attacked_decides_battle_or_attack(acled, recipients, expected):
    entities = tuple(
        Entity(entity_text="x", sector=s, resolution=Resolution(m, 1.0, "")) for s, m in recipients
    )
    assert by_victims(acled, entities, CUES.armed, CUES.unarmed) == expected


@pytest.mark.parametrize(("text", "word", "sub_type"), STRATEGIC)
def test_a_strategic_development_told_by_its_words(docs, text, word, sub_type):
    trigger, event, modes, _ = coded(docs[text], word)
    cue = strategic_cue(docs[text], trigger, (event, modes), CUES.strategic)
    assert (cue.acled[1] if cue else None) == sub_type
