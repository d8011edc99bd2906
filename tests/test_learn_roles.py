"""The learned coder's role head: its training labels and how its scores choose the
participants (with stand-in predictions, so no trained model is needed)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from eventwatch.learn import data
from eventwatch.learn.inputs import candidate_text, unmark
from eventwatch.learn.model import Pieces
from eventwatch.learn.roles import RoleLimits, assign, to_sentence, word_scores


@pytest.mark.parametrize(
    "text, plain, spans",
    [
        ("<s>Rebels</s> [[attacked]] <t>an army post</t> near Goma.",
         "Rebels [[attacked]] an army post near Goma.", [("Rebels", 1), ("an army post", 2)]),
        ("Police [[arrested]] <t>him</t>.", "Police [[arrested]] him.", [("him", 2)]),
        ("No marks [[here]].", "No marks [[here]].", []),
        # an empty mark holds nothing
        ("<s></s>Troops [[fired]].", "Troops [[fired]].", []),
    ],
)  # fmt: skip
def test_unmark(text, plain, spans):
    out, found = unmark(text)
    assert out == plain
    assert [(out[s:e], r) for s, e, r in found] == spans


@pytest.mark.parametrize(
    "sentence, trigger",
    [
        ("Rebels attacked an army post.", (7, 15)),
        ("Rebels  attacked\nan army post.", (8, 16)),  # spaces the input normalises
        ("[[Odd]] brackets attacked here.", (17, 25)),
    ],
)
def test_input_offsets_map_back_to_the_sentence(sentence, trigger):
    text = candidate_text(sentence, trigger)
    where = to_sentence(sentence, text)
    assert len(where) == len(text)
    for j, i in enumerate(where):
        if i >= 0:
            assert sentence[i] == text[j]
    # every word of the sentence is found again
    mapped = "".join(sentence[i] for i in where if i >= 0)
    assert mapped == "".join(sentence.split()) or mapped.replace(" ", "") == "".join(
        sentence.split()
    )


def test_wikievents_role_labels_gather_every_pair_of_a_trigger(tmp_path):
    header = "uid\tmarked_sentence\ttrigger\tevent_type\tgold_binary\n"
    rows = [
        "1\t<s>Gunmen</s> shot <t>a guard</t> near the bank.\tshot\tConflict.Attack.X\t1\n",
        "2\t<s>Gunmen</s> shot a guard near the <t>bank</t>.\tshot\tConflict.Attack.X\t0\n",
        "3\tA <s>guard</s> shot <t>gunmen</t>.\tshot\tConflict.Attack.X\t0\n",
    ]
    path = tmp_path / "pairs.tsv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    first, second = data.wikievents_examples(path)
    plain = unmark(first.text)[0]
    assert plain == "Gunmen [[shot]] a guard near the bank."
    labels = sorted((plain[s:e], r) for s, e, r in first.roles or ())
    assert labels == [("Gunmen", 1), ("a guard", 2), ("bank", 0)]
    assert not first.roles_closed
    # a negative pair alone: its words are neither, and the input carries no marks
    assert second.text == "A guard [[shot]] gunmen."
    assert sorted(r for *_, r in second.roles or ()) == [0, 0]


def test_plv_roles_are_the_marked_source_and_target(tmp_path):
    header = "sentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root\n"
    row = "7\tIran armed Hamas.\t<s>Iran</s> armed <t>Hamas</t>.\tIran\tHamas\tAID\n"
    (tmp_path / "p.tsv").write_text(header + row, encoding="utf-8")
    (example,) = data.plv_examples(tmp_path / "p.tsv", parse=False)
    plain = unmark(example.text)[0]
    assert [(plain[s:e], r) for s, e, r in example.roles or ()] == [("Iran", 1), ("Hamas", 2)]
    assert example.roles_closed


def test_piece_labels_closed_and_open():
    from eventwatch.learn.train import _piece_roles

    ex = data.Example("Iran [[armed]] Hamas.", 1, "AID", None, "t", roles=((0, 4, 1),))
    offsets = [(0, 0), (0, 4), (5, 7), (15, 20), (0, 0)]
    assert _piece_roles(ex, offsets, 0) == [-100, 1, -100, -100, -100]
    closed = replace(ex, roles_closed=True)
    assert _piece_roles(closed, offsets, 0) == [-100, 1, 0, 0, -100]
    assert _piece_roles(replace(ex, roles=None), offsets, 0) == [-100] * 5


# -- choosing participants from the head's scores ----------------------------------------

SENTENCE = "Rebels attacked an army post near Goma on Sunday."
REPLACE = RoleLimits(take=0.5)


def _pieces(text: str, actor: dict[str, float], recipient: dict[str, float]) -> Pieces:
    """A stand-in role model's answer: one word piece per word of the input, with the
    given probabilities for the words named."""
    pieces = []
    at = 0
    for word in text.split():
        start = text.index(word, at)
        at = start + len(word)
        bare = word.strip("[].,")
        pieces.append((start, at, actor.get(bare, 0.0), recipient.get(bare, 0.0)))
    return tuple(pieces)


@pytest.fixture(scope="module")
def parsed():
    from eventwatch import nlp
    from eventwatch.extract.events import build_events
    from eventwatch.extract.mentions import MentionFinder
    from eventwatch.extract.triggers import find_triggers
    from eventwatch.ontology import load_ontology
    from eventwatch.types import Article

    ontology = load_ontology()
    doc = nlp.parse(Article(id="r", text=SENTENCE))
    triggers = find_triggers(doc, ontology, ontology.words("people", "nouns"))
    (event,) = build_events(doc, list(triggers), ontology)[0]
    return doc, event, MentionFinder(doc, ontology)


def _texts(mentions) -> list[str]:
    return [m.text for m in mentions]


@pytest.mark.model
@pytest.mark.parametrize(
    "actor, recipient, limits, expected",
    [
        # the model agrees with the rules (their recipient is the army owning the post)
        ({"Rebels": 0.9}, {"army": 0.8, "post": 0.8}, RoleLimits(),
         (["Rebels"], ["army"], "rules")),
        # shipped limits: what the rules found stays, whatever the model says
        ({"Goma": 0.9, "Rebels": 0.1}, {"post": 0.8}, RoleLimits(),
         (["Rebels"], ["army"], "rules")),
        # limits that let the model replace: sure of another actor and recipient
        ({"Goma": 0.9, "Rebels": 0.1}, {"post": 0.8}, REPLACE,
         (["Goma"], ["army post"], "model")),
        # ... but unsure of both: the rules' choice stands
        ({"Goma": 0.4, "Rebels": 0.1}, {"post": 0.4}, REPLACE, (["Rebels"], ["army"], "rules")),
        # the rules' recipient doubted, nothing better: kept
        ({"Rebels": 0.9}, {}, REPLACE, (["Rebels"], ["army"], "rules")),
    ],
)  # fmt: skip
def test_assign(parsed, actor, recipient, limits, expected):
    doc, event, finder = parsed
    assert (_texts(event.actors), _texts(event.recipients)) == (["Rebels"], ["army"])
    sentence = doc.span_text(doc.sentences[0].span)
    trigger = (event.trigger.span.start, event.trigger.span.end)
    text = candidate_text(sentence, trigger)
    out = assign(doc, event, text, _pieces(text, actor, recipient), finder, limits)
    assert (_texts(out.actors), _texts(out.recipients), out.participants.method) == expected
    assert "actor:" in out.participants.reason
    assert 0 <= out.participants.score <= 1


@pytest.mark.model
@pytest.mark.model
def test_a_recipient_the_rules_left_unnamed_is_filled():
    from eventwatch import nlp
    from eventwatch.extract.events import build_events
    from eventwatch.extract.mentions import MentionFinder
    from eventwatch.extract.triggers import find_triggers
    from eventwatch.ontology import load_ontology
    from eventwatch.types import Article

    ontology = load_ontology()
    text = "Police arrested dozens in Nairobi on Monday."
    doc = nlp.parse(Article(id="f", text=text))
    triggers = find_triggers(doc, ontology, ontology.words("people", "nouns"))
    (event,) = build_events(doc, list(triggers), ontology)[0]
    event = replace(event, recipients=())  # as if the rules had found none
    marked = candidate_text(text, (event.trigger.span.start, event.trigger.span.end))
    pieces = _pieces(marked, {"Police": 0.9}, {"dozens": 0.7})
    out = assign(doc, event, marked, pieces, MentionFinder(doc, ontology), RoleLimits())
    assert _texts(out.recipients) == ["dozens"]
    assert out.model_sides == ("recipients",) and out.participants.method == "model"
    assert out.participants.score == 0.7
    # an actor is never filled by the shipped limits
    bare = replace(event, actors=())
    assert (
        assign(doc, bare, marked, pieces, MentionFinder(doc, ontology), RoleLimits()).actors == ()
    )


def test_word_scores_are_per_token(parsed):
    doc, event, _ = parsed
    sentence = doc.span_text(doc.sentences[0].span)
    text = candidate_text(sentence, (event.trigger.span.start, event.trigger.span.end))
    scores = word_scores(doc, 0, text, _pieces(text, {"Rebels": 0.7}, {"post": 0.6}))
    by_word = {doc.tokens[i].text: s for i, s in scores.items()}
    assert by_word["Rebels"] == (0.7, 0.0)
    assert by_word["post"] == (0.0, 0.6)
    assert by_word["attacked"] == (0.0, 0.0)


def test_a_prediction_without_roles_changes_nothing():
    from eventwatch.types import Coding, Event, Evidence, TextSpan, Trigger

    trigger = Trigger(TextSpan(7, 15), "attacked", 1, Coding("ASSAULT", None, "190"))
    evidence = Evidence("d", TextSpan(0, 10), SENTENCE, TextSpan(7, 15), "attacked")
    event = Event("d", trigger, 0, evidence, "ASSAULT", "190")
    assert assign(None, event, SENTENCE, (), None) is event  # type: ignore[arg-type]


def test_an_example_with_roles_is_marked_for_the_decisions_and_bare_for_the_roles():
    ex = data.Example(
        "<s>Iran</s> [[armed]] <t>Hamas</t>.", 1, "AID", None, "plv:1", roles=((0, 4, 1),)
    )
    plain = data.Example("No roles [[here]].", 0, None, None, "voa:1")
    marked, copy, same = data.with_role_copies([ex, plain])
    assert (marked.text, marked.roles, marked.plover) == (ex.text, None, "AID")
    assert (copy.text, copy.roles, copy.plover, copy.event) == (
        "Iran [[armed]] Hamas.", ((0, 4, 1),), None, None,
    )  # fmt: skip
    assert copy.role_copy and not marked.role_copy
    assert same is plain
    # a copy goes where its example goes
    train, dev = data.split([marked, copy, same], 0.5, 13)
    assert {e.source for e in dev} & {"plv:1"} in (set(), {"plv:1"})
    assert sum(e.source == "plv:1" for e in dev) in (0, 2)


class _Coder:
    """A stand-in coder with a role model, sure of the words it is given."""

    def __init__(self, actor: str, recipient: str) -> None:
        self.actor, self.recipient = actor, recipient
        self.calls: list[list[str]] = []
        self.roles = SimpleNamespace(limits=RoleLimits(keep=0.3, take=0.5))

    def predict_roles(self, texts):
        self.calls.append(list(texts))
        return [_pieces(t, {self.actor: 0.9}, {self.recipient: 0.9}) for t in texts]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, applied",
    [
        ("Rebels attacked an army post near Goma on Sunday.", True),
        # two events in one sentence: the rules' participants stay
        ("Rebels attacked an army post near Goma and kidnapped two guards.", False),
    ],
)
def test_role_head_only_in_sentences_of_one_event(text, applied):
    from eventwatch import nlp
    from eventwatch.extract.events import build_events
    from eventwatch.extract.triggers import find_triggers
    from eventwatch.learn.decide import _participants
    from eventwatch.ontology import load_ontology
    from eventwatch.types import Article

    ontology = load_ontology()
    doc = nlp.parse(Article(id="r", text=text))
    triggers = find_triggers(doc, ontology, ontology.words("people", "nouns"))
    events, _ = build_events(doc, list(triggers), ontology)
    coder = _Coder("Goma", "post")
    out = _participants(doc, events, coder, ontology)  # type: ignore[arg-type]
    attack = next(e for e in out if e.trigger.text.startswith("attack"))
    assert (_texts(attack.actors) == ["Goma"]) is applied
    # the role model reads the sentence with no participant marks
    assert coder.calls == ([[candidate_text(text, (7, 15))]] if applied else [])


def test_a_participant_only_the_role_model_named_does_not_split_a_merge():
    from eventwatch.extract.merge import merge_events, said
    from eventwatch.types import Coding, Event, Evidence, Mention, TextSpan, Trigger

    def event(start: int, word: str, recipient: str, sides: tuple[str, ...] = ()) -> Event:
        trigger = Trigger(
            TextSpan(start, start + len(word)), word, start, Coding("ASSAULT", None, "190")
        )
        evidence = Evidence("d", TextSpan(0, 80), "...", trigger.span, word)
        victim = Mention(TextSpan(start + 20, start + 20 + len(recipient)), recipient, start + 3)
        return Event("d", trigger, 0, evidence, "ASSAULT", "190", recipients=(victim,),
                     clause=start, model_sides=sides)  # fmt: skip

    told = event(0, "shot", "two guards")
    filled = event(40, "bombing", "the market", ("recipients",))
    assert said(filled, "recipients") == () and said(told, "recipients") == told.recipients
    assert len(merge_events([told, filled])) == 1
    # named by the rules, the same two recipients keep the events apart
    assert len(merge_events([told, replace(filled, model_sides=())])) == 2
