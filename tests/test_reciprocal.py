"""Two sides acting on each other (`extract/triggers._reciprocal`): "X and Y fought" is a
fight between them though the verb has no object; as a case table over frozen parses."""

from __future__ import annotations

import pytest

from eventwatch.extract.triggers import find_triggers
from eventwatch.ontology import load_ontology

ONTOLOGY = load_ontology()

# (sentence, the trigger words the lexicon finds)
CASES = [
    ("Fano militiamen and Ethiopian federal troops battled for control of a road junction "
     "outside Debre Markos on Sunday.", ["battled"]),
    ("Government forces and rebels fought near the town of Kidal on Monday.", ["fought"]),
    # strove, not fought; one side alone; a fight over words
    ("Doctors and nurses fought to save the patients.", []),
    ("The army fought for three days.", []),
    ("The two parties fought over the budget for weeks.", []),
]  # fmt: skip


@pytest.fixture(scope="module")
def docs(frozen):
    return frozen("reciprocal", [case[0] for case in CASES])


@pytest.mark.parametrize(("text", "words"), CASES)
def test_two_sides_fighting_each_other(docs, text, words):
    doc = docs[text]
    found = find_triggers(doc, ONTOLOGY, ONTOLOGY.words("people", "nouns"))
    assert [doc.tokens[t.head].text for t in found] == words
