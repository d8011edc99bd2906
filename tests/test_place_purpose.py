"""The reason for an act is not where it happened (`extract/places._purpose`): "in protest
of ...", "in retaliation for ..."; a case table over frozen parses."""

from __future__ import annotations

import pytest

from eventwatch.extract.places import event_place

# (sentence, trigger word, the place the walk from the trigger finds, as written)
CASES = [
    ("Hundreds of people marched in Nairobi in solidarity with protesters in Uganda.",
     "marched", "Nairobi"),
    ("Militants attacked a police post in Kandahar in retaliation for airstrikes in Helmand.",
     "attacked", "Kandahar"),
    # the trigger is the reason's noun: nothing below it is the protest's place
    ("Crowds gathered in protest of police actions around the Old City.", "protest", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def docs(frozen):
    return frozen("place_purpose", [case[0] for case in CASES])


@pytest.mark.parametrize(("text", "word", "place"), CASES)
def test_the_reason_is_not_the_place(docs, text, word, place):
    doc = docs[text]
    (head,) = [t.i for t in doc.tokens if t.text == word]
    found = event_place(doc, head)
    assert (found.extracted_place if found else None) == place
