"""Did it happen? Habits and tallies, plans, forecasts, "no longer" and replies to the press
(`extract/modality.py`, `extract/triggers.py`, `data/frames.toml`), as a case table over
frozen parses: no spaCy is loaded (`pytest --refresh-parses` parses the sentences again)."""

from __future__ import annotations

import pytest

from eventwatch.extract.modality import Modality
from eventwatch.extract.triggers import find_triggers
from eventwatch.ontology import load_ontology

ONTOLOGY = load_ontology()

# (sentence, trigger word, the verdict: fact and intent are kept, the others dropped)
VERDICTS = [
    # a habit or a tally is no single event
    ("The rebels repeatedly attacked villages in the region.", "attacked", "habitual"),
    ("Russia has repeatedly attacked Kyiv with drones.", "attacked", "habitual"),
    ("For years, the group has attacked police posts in the north.", "attacked", "habitual"),
    # ... but aid or support that lasts is the event
    ("Hamas has received weapons and funding from Iran for years.", "received", "fact"),
    ("Militants have carried out several attacks on police stations.", "attacks", "habitual"),
    ("Government forces have launched repeated airstrikes on the town.", "airstrikes",
     "habitual"),
    # ... but one person struck again and again is one act, and a day makes a tally one event
    ("A man stabbed his wife repeatedly, police said.", "stabbed", "fact"),
    ("Several attacks on police posts on Monday killed 12 people.", "killed", "fact"),
    ("Troops shelled the village on Monday, killing four civilians.", "shelled", "fact"),
    # what was got ready for, or paid for, is not yet done
    ("The group bought explosives to carry out attacks on churches.", "attacks", "intended"),
    ("He hired two men to kill the journalist.", "kill", "intended"),
    ("Police arrested the men, who were planning attacks in the capital.", "attacks",
     "intended"),
    ("The man who planned the attack was arrested on Friday.", "attack", "fact"),
    # someone's fear or forecast is no one's vow; the actor's own word is
    ("Villagers fear that rebels will attack again.", "attack", "hypothetical"),
    ("Analysts expect that the two leaders will meet next month.", "meet", "hypothetical"),
    ("Hamas said it would attack Israeli towns.", "attack", "intent"),
    # what almost happened did not; "nearly" on a number does not say so
    ("The journalist was almost gunned down on the streets of New York.", "gunned", "avoided"),
    ("The bombing killed nearly 40 people in the market.", "killed", "fact"),
    # "no longer"
    ("The president will no longer meet with opposition leaders.", "meet", "negated"),
]  # fmt: skip

# (sentence, the trigger words the lexicon finds): a reply to the press is no act
PRESS = [
    ("Officials declined to comment on the report.", []),
    ("The ministry refused to comment.", []),
    ("The embassy did not respond to requests for comment.", []),
    ("The rebels refused to negotiate with the government.", ["refused", "negotiate"]),
    ("Police arrested a blogger for his comments on the president.", ["arrested"]),
]


@pytest.fixture(scope="module")
def docs(frozen):
    return frozen("modality", [case[0] for case in VERDICTS + PRESS])


def triggers(doc):
    return find_triggers(doc, ONTOLOGY, ONTOLOGY.words("people", "nouns"))


@pytest.mark.parametrize(("text", "word", "kind"), VERDICTS)
def test_did_it_happen(docs, text, word, kind):
    doc = docs[text]
    (trigger,) = [t for t in triggers(doc) if doc.tokens[t.head].text == word]
    verdict = Modality(doc, ONTOLOGY).judge(trigger)
    assert verdict.kind == kind, verdict.reason
    assert verdict.keep == (kind in ("fact", "intent"))


@pytest.mark.parametrize(("text", "words"), PRESS)
def test_a_reply_to_the_press_is_no_event(docs, text, words):
    doc = docs[text]
    assert [doc.tokens[t.head].text for t in triggers(doc)] == words
