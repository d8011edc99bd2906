"""Where, finer than a town (`extract/sites.py`, frames.toml `[sites]`), as a case table
over frozen parses: no spaCy is loaded (`pytest --refresh-parses` parses them again)."""

from __future__ import annotations

import pytest

from eventwatch.extract.sites import event_site
from eventwatch.ontology import load_ontology

ONTOLOGY = load_ontology()
NOUNS = ONTOLOGY.words("sites", "nouns")
PREPS = ONTOLOGY.words("sites", "prepositions")

# (sentence, trigger word, the site as written, or None)
SITES = [
    ("A car bomb exploded at a checkpoint near the airport, killing 17.", "exploded",
     "checkpoint"),
    ("Gunmen stormed a hotel in Mogadishu on Friday, killing 12 people.", "stormed", "hotel"),
    ("Gunmen stormed a hotel in Mogadishu on Friday, killing 12 people.", "killing", "hotel"),
    ("The UVF detonated a bomb at McGurk's Bar in Belfast.", "detonated", "McGurk's Bar"),
    ("Militants detonated a car bomb in the parking garage of the hotel.", "detonated",
     "parking garage"),
    ("Police arrested three protesters outside the parliament building.", "arrested",
     "parliament building"),
    ("A blast at a crowded market killed five people.", "killed", "crowded market"),
    # a town is a place, not a site; nor is the people or the weapon
    ("Troops shelled the town of Anefis on Monday.", "shelled", None),
    ("Rebels killed 12 soldiers in northern Mali.", "killed", None),
    ("Police arrested two men with rifles.", "arrested", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def docs(frozen):
    return frozen("sites", sorted({case[0] for case in SITES}))


@pytest.mark.parametrize(("text", "word", "site"), SITES)
def test_the_site_of_an_act(docs, text, word, site):
    doc = docs[text]
    (head,) = [t.i for t in doc.tokens if t.text == word]
    found = event_site(doc, head, NOUNS, PREPS)
    assert (found.text if found else None) == site
    if found is not None:
        assert text[found.span.start : found.span.end] == found.text
