"""The actor knowledge base and resolver, on a small hand-made base (no model needed)."""

from __future__ import annotations

import pytest

from eventwatch.actors.kb import build, normalise
from eventwatch.actors.resolve import ActorResolver
from eventwatch.errors import OntologyError
from eventwatch.types import Article, Document, Mention, Sentence, TextSpan, Token

COUNTRIES = {
    "country": [
        {"code": "ISR", "name": "Israel", "qid": "Q801", "aliases": ["State of Israel"],
         "demonyms": ["Israeli", "Israelis"], "legislature": ["Knesset"]},
        {"code": "USA", "name": "United States", "qid": "Q30", "aliases": ["U.S.", "US", "America"],
         "demonyms": ["American", "Americans"], "seat_names": ["White House", "Pentagon"]},
        {"code": "EGY", "name": "Egypt", "qid": "Q79", "demonyms": ["Egyptian"]},
        {"code": "PSE", "name": "Palestine", "demonyms": ["Palestinian"]},
    ]
}  # fmt: skip
ACTORS = {
    "ambiguous_aliases": ["IS"],
    "actor": [
        {"name": "Islamic State", "qid": "Q2429253", "code": "IMG", "sector": "REB",
         "aliases": ["ISIS", "ISIL", "IS", "Daesh"]},
        {"name": "Islamic State Sinai Province", "code": "EGY", "sector": "REB",
         "parent": "Islamic State", "aliases": ["Sinai Province", "Wilayat Sinai"],
         "descriptions": ["Egyptian wing", "Sinai branch"]},
        {"name": "Hamas", "qid": "Q38799", "code": "PSE", "sector": "REB", "aliases": ["Harakat al-Muqawama"]},
    ],
    "person": [
        {"name": "Khaled Meshaal", "aliases": ["Meshaal", "Khaled Mashal"], "org": "Hamas",
         "code": "PSE", "sector": "REB", "from": 1996, "until": 2017},
    ],
}  # fmt: skip
SECTORS = {"nouns": {"MIL": ["forces", "army"], "REB": ["militant", "wing", "rebels"],
                     "GOV": ["leader"], "CVL": ["hostage"], "COP": ["security forces"]},
           "international_markers": {"words": ["peacekeeping"]}}  # fmt: skip
ETHNIC = {"group": [
    {"name": "Bedouin", "words": ["Bedouin", "Bedouins"], "homes": ["ISR", "EGY"]},
    {"name": "Copt", "words": ["Copt", "Copts", "Coptic"], "home": "EGY", "homes": ["EGY"]},
]}  # fmt: skip


@pytest.fixture(scope="module")
def resolver():
    return ActorResolver(build(COUNTRIES, ACTORS, SECTORS, ETHNIC))


def phrase(text: str, names: tuple[str, ...] = ()) -> tuple[Mention, Document]:
    """A one-phrase document whose last word heads the phrase (enough for the resolver)."""
    words = text.split()
    tokens, start = [], 0
    for i, w in enumerate(words):
        lemma = w.lower().rstrip("s") if w.islower() and w.endswith("s") else w.lower()
        tokens.append(
            Token(
                i,
                w,
                start,
                lemma,
                "NOUN",
                "NN",
                "ROOT" if i == len(words) - 1 else "compound",
                len(words) - 1,
            )
        )
        start += len(w) + 1
    doc = Document(
        Article("t", text), tuple(tokens), (Sentence(0, 0, len(words), TextSpan(0, len(text))),)
    )
    return Mention(TextSpan(0, len(text)), text, len(words) - 1, names), doc


@pytest.mark.parametrize(
    ("text", "names", "year", "expected"),
    [
        ("ISIS", ("ISIS",), None, ("Islamic State", "IMG", "REB", "Q2429253")),
        ("Daesh fighters", ("Daesh",), None, ("Islamic State", "IMG", "REB", "Q2429253")),
        (
            "the Sinai Province",
            ("Sinai Province",),
            None,
            ("Islamic State Sinai Province", "EGY", "REB", None),
        ),
        (
            "Egyptian wing of ISIS",
            ("Egyptian", "ISIS"),
            None,
            ("Islamic State Sinai Province", "EGY", "REB", None),
        ),
        ("Israeli forces", (), None, ("Israel", "ISR", "MIL", "Q801")),
        ("Israeli security forces", (), None, ("Israel", "ISR", "COP", "Q801")),
        ("the Pentagon", ("Pentagon",), None, ("United States", "USA", "GOV", "Q30")),
        ("U.S.", ("U.S.",), None, ("United States", "USA", None, "Q30")),
        ("Meshaal", ("Meshaal",), 2010, ("Khaled Meshaal", "PSE", "REB", None)),
        ("American hostages", (), None, ("United States", "USA", "CVL", "Q30")),
        ("militants", (), None, ("militants", None, "REB", None)),
        # an ethnic group: its home country when it has one, else none until the text says
        ("Coptic rebels", (), None, ("Egypt", "EGY", "REB", "Q79")),
        ("Bedouin rebels", (), None, ("Bedouin rebels", None, "REB", None)),
        # a force of no country keeping the peace is an international mission
        ("peacekeeping forces", (), None, ("peacekeeping forces", "IGO", "MIL", None)),
        (
            "Zorgon Liberation Front",
            ("Zorgon Liberation Front",),
            None,
            ("Zorgon Liberation Front", None, None, None),
        ),
    ],
)
def test_resolve(resolver, text, names, year, expected):
    mention, doc = phrase(text, names)
    entity = resolver.resolve(mention, doc, year=year)
    assert (entity.identifier_text, entity.code, entity.sector, entity.identifier_id) == expected
    assert entity.entity_text == text
    assert entity.resolution is not None and entity.resolution.reason


def test_leader_out_of_office_is_one_of_the_elite(resolver):
    mention, doc = phrase("Meshaal", ("Meshaal",))
    entity = resolver.resolve(mention, doc, year=2020)
    assert (entity.identifier_text, entity.code, entity.sector) == ("Khaled Meshaal", "PSE", "REB")
    assert entity.resolution.reason.endswith("out of office in 2020 (term 1996-2017)")


@pytest.mark.parametrize(
    ("year", "in_office"), [(1995, False), (1997, True), (2005, True), (2010, True), (2020, False)]
)
def test_a_leaders_years_in_office_count_every_spell_and_earlier_role(year, in_office):
    person = {"name": "Ahmet Demir", "org": "ISR", "code": "ISR", "sector": "GOV", "from": 1996,
              "terms": [{"from": 1996, "until": 1999}, {"from": 2009, "until": 2012}],
              "history": [{"org": "ISR", "role": "prime minister", "from": 2003, "until": 2008}]}  # fmt: skip
    kb = build(COUNTRIES, {**ACTORS, "person": [person]}, SECTORS)
    assert kb.actors["Ahmet Demir"].active(year) is in_office


def test_an_undated_current_role_is_not_lost_to_an_earlier_one():
    person = {"name": "Ahmet Demir", "org": "ISR", "code": "ISR", "sector": "GOV",
              "history": [{"org": "ISR", "role": "minister", "from": 2001, "until": 2004}]}  # fmt: skip
    kb = build(COUNTRIES, {**ACTORS, "person": [person]}, SECTORS)
    assert kb.actors["Ahmet Demir"].active(2024)


def test_every_resolution_explains_itself(resolver):
    mention, doc = phrase("Egyptian wing of ISIS", ("Egyptian", "ISIS"))
    why = resolver.resolve(mention, doc).resolution
    assert (why.method, why.reason) == (
        "knowledge-base",
        "'Egyptian wing' of Islamic State is Islamic State Sinai Province",
    )


@pytest.mark.parametrize(
    ("actors", "message"),
    [
        ({"actor": [{"name": "A", "code": "ISR", "aliases": ["X"]}, {"name": "B", "code": "ISR", "aliases": ["X"]}]},
         "alias 'X' names both A and B"),
        ({"actor": [{"name": "A", "code": "ISR", "parent": "Nobody"}]}, "unknown parent 'Nobody'"),
        ({"actor": [{"name": "A", "code": "XYZ"}]}, "unknown code 'XYZ'"),
    ],
)  # fmt: skip
def test_invalid_knowledge_base_is_refused(actors, message):
    with pytest.raises(OntologyError, match=message):
        build(COUNTRIES, actors, SECTORS)


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ([{"name": "Israelis", "words": ["Israeli"], "homes": ["ISR"]}],
         "'Israeli' is a nationality"),
        ([{"name": "A", "words": ["Aa"], "home": "XYZ", "homes": ["XYZ"]}], "unknown country"),
        ([{"name": "A", "words": ["Aa"], "home": "ISR", "homes": ["EGY"]}], "not among its homes"),
        ([{"name": "A", "words": ["Aa"], "homes": ["ISR"]},
          {"name": "B", "words": ["Aa"], "homes": ["EGY"]}], "'Aa' also names A"),
        ([{"name": "A", "homes": ["ISR"]}], "needs a name and words"),
    ],
)  # fmt: skip
def test_invalid_ethnic_groups_are_refused(groups, message):
    with pytest.raises(OntologyError, match=message):
        build(COUNTRIES, ACTORS, SECTORS, {"group": groups})


def test_ambiguous_alias_is_allowed_when_declared():
    actors = {"ambiguous_aliases": ["AU"], "actor": [
        {"name": "African Union", "code": "IGO", "aliases": ["AU"]},
        {"name": "Australia Party", "code": "ISR", "aliases": ["AU"]},
    ]}  # fmt: skip
    kb = build(COUNTRIES, actors, SECTORS)
    assert kb.lookup("AU").name == "African Union"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The U.S.", "us"),
        ("ISIS's", "isis"),
        ("Hizb\u2019allah", "hizb'allah"),
        ("Al-Shabaab", "al shabaab"),
        ("Bi\u2019r al \u2018Abd", "bi'r al 'abd"),
    ],
)
def test_normalise(text, key):
    assert normalise(text) == key


def test_bundled_knowledge_base_validates_and_covers_the_field():
    from eventwatch.actors import load_kb

    kb = load_kb()  # raises OntologyError on a duplicate alias or a missing parent
    kinds = [a.kind for a in kb.actors.values()]
    assert kinds.count("state") >= 193
    non_state = [k for k in kinds if k not in ("state", "person", "igo", "ngo")]
    assert len(non_state) >= 300
    for name in ("Hamas", "Hezbollah", "Taliban", "Islamic State Sinai Province", "Wagner Group"):
        assert kb.lookup(name) is not None, name
    assert kb.lookup("Daesh").name == "Islamic State"
    assert kb.lookup("Sinai Province").parent == "Islamic State"
