"""The learned layer: inputs, labels, training data, model loading and the decisions,
without running the spaCy model (the decisions are tested with a stand-in coder)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from eventwatch.learn import data
from eventwatch.learn.acled import choose
from eventwatch.learn.decide import Thresholds, recode
from eventwatch.learn.inputs import MAX_CHARS, candidate_text, crop
from eventwatch.learn.labels import NONE, acled_labels, acled_subtypes, plover_labels
from eventwatch.learn.model import MODEL_DIR, Coder, CoderUnavailable, Prediction, load_coder
from eventwatch.ontology import load_ontology
from eventwatch.types import Coding, Event, Evidence, TextSpan, Trigger, Weapon

SENTENCE = "Rebels attacked an army post near Goma on Sunday."


@pytest.mark.parametrize(
    "trigger, sources, targets, expected",
    [
        ((7, 15), [], [], "Rebels [[attacked]] an army post near Goma on Sunday."),
        (
            (7, 15),
            [(0, 6)],
            [(16, 28)],
            "<s>Rebels</s> [[attacked]] <t>an army post</t> near Goma on Sunday.",
        ),  # fmt: skip
        # a participant overlapping the trigger is not marked; out-of-range spans are skipped
        (
            (7, 15),
            [(0, 10)],
            [(40, 99)],
            "Rebels [[attacked]] an army post near Goma on Sunday.",
        ),  # fmt: skip
        (None, [(0, 6)], [], "<s>Rebels</s> attacked an army post near Goma on Sunday."),
    ],
)
def test_candidate_text(trigger, sources, targets, expected):
    assert candidate_text(SENTENCE, trigger, sources, targets) == expected


def test_crop_keeps_the_trigger_in_a_long_sentence():
    text = "word " * 300 + "[[attacked]] " + "more " * 300
    cut = crop(text)
    assert "[[attacked]]" in cut and len(cut) <= MAX_CHARS
    assert not cut.startswith(" ") and not cut.endswith(" ")
    assert crop(SENTENCE) == SENTENCE


def test_acled_vocabulary_has_all_25_subtypes():
    subs = acled_subtypes()
    assert len(subs) == 25
    assert {s.event_type for s in subs} == {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
        "Riots", "Strategic developments",
    }  # fmt: skip
    for needed in ("Grenade", "Disrupted weapons use", "Government regains territory",
                   "Non-state actor overtakes territory", "Headquarters or base established",
                   "Change to group/activity", "Protest with intervention", "Mob violence"):  # fmt: skip
        assert needed in acled_labels()
    assert acled_labels()[-1] == NONE
    assert len(plover_labels()) == 16


def test_every_subtype_mode_is_a_plover_mode():
    ontology = load_ontology()
    modes = {m for t in ontology.types.values() for m in t.modes}
    assert {s.mode for s in acled_subtypes() if s.mode} <= modes


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        (
            "<s>Police</s> set fire to <t>cars</t>.",
            "fire",
            "<s>Police</s> set [[fire]] to <t>cars</t>.",
        ),  # fmt: skip
        # not inside a participant's mark
        ("<s>fire crews</s> saw the fire.", "fire", "<s>fire crews</s> saw the [[fire]]."),
        ("No such word here.", "blast", None),
    ],
)
def test_wikievents_trigger_is_marked_outside_participants(sentence, word, expected):
    assert data._mark_word(sentence, word) == expected


def test_team_labels_are_read_and_unlabelled_rows_skipped(tmp_path):
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(
        "doc_id\ttrigger\trule_event\trule_kept\ttext\tis_event\tplover\tacled\tnote\n"
        "1\tattacked\tASSAULT\t1\tThey [[attacked]] it.\t1\tassault\tArmed clash\t\n"
        "1\tattacks\tASSAULT\t1\t[[Attacks]] are common.\t0\t\t\tgeneric\n"
        "1\tmet\t\t\tThey [[met]].\t1\tCONSULT\tNone\t\n"
        "1\tsaid\t\t\tThey [[said]].\t\t\t\t\n",
        encoding="utf-8",
    )
    got = list(data.team_examples(sheet))
    assert [(e.event, e.plover, e.acled) for e in got] == [
        (1, "ASSAULT", "Armed clash"),
        (0, None, None),
        (1, "CONSULT", NONE),
    ]
    assert got[0].source == "sheet:2"


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError, match="unknown ACLED sub-type 'Bombing'"):
        data.validated([data.Example("x", 1, "ASSAULT", "Bombing", "t:1")])


def test_split_is_fixed_by_the_seed_and_keeps_every_example():
    examples = [data.Example(f"s{i}", i % 2, None, None, f"plv:{i}") for i in range(100)]
    train, dev = data.split(examples, 0.1, seed=3)
    assert len(train) + len(dev) == 100 and len(dev) == 10
    assert data.split(examples, 0.1, seed=3) == (train, dev)
    assert {e.text for e in train} | {e.text for e in dev} == {e.text for e in examples}


def test_training_data_reads_no_evaluation_set(shared):
    examples = data.load_examples(shared, Path("training/labels"), parse=False)
    sources = {e.source.split(":")[0] for e in examples}
    assert sources >= {"plv", "wikievents", "ngec"}
    seen = {_plain(e.text) for e in examples}
    with (shared / "datasets/plv/PLV_test.tsv").open(encoding="utf-8") as f:
        test = [_plain(r["sentence"]) for r in csv.DictReader(f, delimiter="\t")]
    assert len(test) == 1033 and not seen & set(test)
    eval_ids = set(json.loads((shared / "datasets/voa/split.json").read_text())["eval"])
    for path in Path("training/labels").glob("voa_*.tsv"):
        ids = {line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[1:]}
        assert not ids & eval_ids, f"{path} holds eval stories"


def _plain(text: str) -> str:
    return " ".join(re.sub(r"</?[st]>|\[\[|\]\]", "", text).split()).lower()


# -- loading: a missing or corrupt model means the rules, said in one line --------------


def test_missing_model_folder_falls_back_with_one_line(tmp_path, capsys):
    load_coder.cache_clear()
    assert load_coder(tmp_path / "nowhere") is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "learned coder unavailable, coding with the rules only" in err
    assert "lacks coder.onnx, tokenizer.json, card.json" in err


@pytest.fixture
def model_copy(tmp_path) -> Path:
    if not (MODEL_DIR / "coder.onnx").is_file():
        pytest.skip("no trained model in the package (run `make train`)")
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    return folder


def test_corrupt_model_file_is_refused(model_copy):
    (model_copy / "coder.onnx").write_bytes(b"\x00not a model")
    with pytest.raises(CoderUnavailable, match="does not match its card"):
        Coder(model_copy)
    card = json.loads((model_copy / "card.json").read_text())
    card.pop("sha256")
    (model_copy / "card.json").write_text(json.dumps(card))
    with pytest.raises(CoderUnavailable, match="cannot load coder.onnx"):
        Coder(model_copy)


def test_model_trained_for_other_labels_is_refused(model_copy):
    card = json.loads((model_copy / "card.json").read_text())
    card["labels"]["acled"] = card["labels"]["acled"][:-2]
    (model_copy / "card.json").write_text(json.dumps(card))
    with pytest.raises(CoderUnavailable, match="acled labels differ"):
        Coder(model_copy)


def test_shipped_model_reads_marked_candidates():
    coder = load_coder()
    if coder is None:
        pytest.skip("no trained model in the package (run `make train`)")
    attack, talk, stat = coder.predict([
        "<s>Gunmen</s> [[shot dead]] <t>five villagers</t> in Borno state on Monday.",
        "<s>The foreign minister</s> [[met]] <t>his Qatari counterpart</t> in Doha on Tuesday.",
        "Attacks have [[killed]] more than 3,000 people across the region since 2015.",
    ])  # fmt: skip
    assert attack.top_plover()[0] == "ASSAULT" and attack.p_event > 0.5
    assert talk.top_plover()[0] == "CONSULT" and talk.top_acled()[0] == NONE
    assert stat.p_event < attack.p_event
    assert abs(sum(attack.plover.values()) - 1) < 1e-3


def test_shipped_role_model_finds_actor_and_recipient():
    coder = load_coder()
    if coder is None or coder.roles is None:
        pytest.skip("no trained role model in the package (run `make train`)")
    text = "Gunmen [[shot dead]] five villagers in Borno state on Monday."
    (pieces,) = coder.predict_roles([text])
    actor = max(pieces, key=lambda p: p[2])
    recipient = max(pieces, key=lambda p: p[3])
    assert text[actor[0] : actor[1]] == "Gunmen"
    assert text[recipient[0] : recipient[1]] == "villagers"


def test_card_with_unknown_thresholds_is_refused(model_copy):
    card = json.loads((model_copy / "card.json").read_text())
    card["thresholds"]["fill"] = 0.5  # a key this version does not know
    (model_copy / "card.json").write_text(json.dumps(card))
    with pytest.raises(CoderUnavailable, match="thresholds has unknown keys"):
        Coder(model_copy)


def test_unusable_role_model_leaves_the_coder_and_says_so(model_copy, capsys):
    if not (model_copy / "roles.onnx").is_file():
        pytest.skip("no trained role model in the package (run `make train`)")
    (model_copy / "roles.onnx").write_bytes(b"broken")
    coder = Coder(model_copy)
    assert coder.roles is None and coder.predict_roles(["a [[b]]"]) == [()]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "role model unavailable" in err and "corrupt" in err


# -- decisions, with a stand-in prediction -------------------------------------------


WORDED = set(acled_labels())  # a sentence with the words for every ACLED sub-type


def _event(kind: str = "ASSAULT", modes: tuple[str, ...] = ()) -> Event:
    trigger = Trigger(TextSpan(7, 15), "attacked", 1, Coding(kind, None, "190"))
    evidence = Evidence("d", TextSpan(0, 49), SENTENCE, TextSpan(7, 15), "attacked")
    return Event("d", trigger, 0, evidence, kind, "190", modes=modes, confidence=0.5)


def _prediction(plover: dict[str, float], acled: dict[str, float], p_event: float = 0.9):
    full_p = dict.fromkeys(plover_labels(), 0.0) | plover
    full_a = dict.fromkeys(acled_labels(), 0.0) | acled
    return Prediction(p_event, full_p, full_a)


@pytest.mark.parametrize(
    "rule, plover, acled, expected",
    [
        # agreement: the rules' type and CAMEO code stay; the sub-type is the model's
        ("ASSAULT", {"ASSAULT": 0.9}, {"Grenade": 0.8},
         ("ASSAULT", "190", ("explosives",), ("Explosions/Remote violence", "Grenade"))),
        # a sure model replaces the rules' type, with the type's CAMEO root
        ("ASSAULT", {"PROTEST": 0.95, "ASSAULT": 0.05}, {"Violent demonstration": 0.6},
         ("PROTEST", "14", ("riot",), ("Riots", "Violent demonstration"))),
        # an unsure one does not
        ("ASSAULT", {"PROTEST": 0.45, "ASSAULT": 0.35}, {"Armed clash": 0.5},
         ("ASSAULT", "190", (), ("Battles", "Armed clash"))),
        # statements have no ACLED type
        ("ACCUSE", {"ACCUSE": 0.95}, {NONE: 0.9}, ("ACCUSE", "190", (), None)),
    ],
)  # fmt: skip
def test_recode(rule, plover, acled, expected):
    event = recode(_event(rule), _prediction(plover, acled), load_ontology(), Thresholds(), WORDED)
    assert (event.event, event.cameo, event.modes, event.acled) == expected
    assert event.coder == "model" and event.coding is not None
    assert event.coding.method == "model" and "ACLED" in event.coding.reason
    # the coder's probability; the record's confidence weighs the rules' own (0.5 here)
    assert event.coding.score == round(0.9 * plover[event.event], 3)
    assert event.confidence == round(event.coding.score * 0.5, 3)


def test_a_framed_type_stays_whatever_the_words_inside_it():
    # "vowed to [[attack]]": the rules' intent frame made it a THREATEN
    threat = replace(_event("THREATEN"), frame="intent")
    event = recode(
        threat,
        _prediction({"ASSAULT": 0.99}, {"Attack": 0.9}),
        load_ontology(),
        Thresholds(),
        WORDED,
    )
    assert (event.event, event.acled) == ("THREATEN", None)
    assert event.coding.reason.startswith("type THREATEN by the rules' intent frame")


def test_recode_keeps_a_rule_mode_that_fits():
    event = recode(
        _event("ASSAULT", ("aerial",)),
        _prediction({"ASSAULT": 0.9}, {"Air/drone strike": 0.9}),
        load_ontology(),
        Thresholds(),
        WORDED,
    )
    assert event.modes == ("aerial",)


GRENADE = Weapon("grenade", TextSpan(0, 7), "Grenade", "explosives")


@pytest.mark.parametrize(
    "kind, weapon, acled, worded, expected",
    [
        # the coder's choice where the type and the words allow it
        ("ASSAULT", None, {"Armed clash": 0.6, "Attack": 0.3}, None, "Armed clash"),
        # an attack's weapon decides, whatever the coder leaned to
        ("ASSAULT", GRENADE, {"Suicide bomb": 0.4}, None, "Grenade"),
        # a sub-type whose words the sentence lacks is ruled out: the next one
        ("ASSAULT", None, {"Sexual violence": 0.5, "Attack": 0.3}, {"Attack"}, "Attack"),
        # ACLED records every attack and protest: the coder's "none" is not taken
        ("ASSAULT", None, {NONE: 0.7, "Attack": 0.2}, None, "Attack"),
        ("PROTEST", None, {NONE: 0.6, "Peaceful protest": 0.3}, set(), "Peaceful protest"),
        # a protest is no arrest, whatever the coder leaned to
        ("PROTEST", None, {"Arrests": 0.5, "Violent demonstration": 0.2}, None,
         "Violent demonstration"),
        # a statement: "none" stands
        ("ACCUSE", None, {NONE: 0.9, "Other": 0.1}, None, None),
        # nothing allowed has weight: the rules' mapping of type and mode
        ("PROTEST", None, {"Arrests": 0.9}, set(), "Peaceful protest"),
    ],
)  # fmt: skip
def test_the_acled_choice_stays_within_type_weapon_and_words(kind, weapon, acled, worded, expected):
    probabilities = _prediction({}, acled).acled
    found, why = choose(kind, (), (weapon, None), probabilities, WORDED if worded is None else worded,
                        load_ontology())  # fmt: skip
    assert (found.name if found else None) == expected
    assert why.startswith(f"ACLED {expected or NONE}")


@pytest.mark.model
def test_pipeline_without_a_model_codes_with_the_rules(tmp_path, capsys):
    from eventwatch import Article, Pipeline
    from eventwatch.pipeline import Resources

    load_coder.cache_clear()
    (tmp_path / "coder.onnx").write_bytes(b"broken")
    pipeline = Pipeline(resources=Resources(model_dir=tmp_path))
    (result,) = pipeline.run([Article(id="a", text=SENTENCE)])
    (record,) = result.records
    assert (record.event, record.coder, record.coding) == ("ASSAULT", "rules", None)
    assert capsys.readouterr().err.count("learned coder unavailable") == 1


@pytest.mark.model
def test_pipeline_records_say_what_decided_the_type():
    from eventwatch import Article, Pipeline, to_json

    if load_coder() is None:
        pytest.skip("no trained model in the package (run `make train`)")
    (result,) = Pipeline().run([Article(id="a", text=SENTENCE)])
    (record,) = [to_json(r) for r in result.records]
    assert record["coder"] == "model"
    assert record["coding"]["method"] == "model"
    assert record["coding"]["reason"].startswith("type ASSAULT")
    assert 0 < record["confidence"] <= record["coding"]["score"] <= 1
    if load_coder().roles is not None:  # one event in its sentence: the role model judged
        assert record["participants"]["method"] in ("rules", "model")
        assert record["participants"]["reason"].startswith("actor: ")


# -- the full pipeline with the shipped coder: cases written for these tests ------------


@pytest.fixture(scope="module")
def coded():
    from eventwatch import Article, Pipeline

    if load_coder() is None:
        pytest.skip("no trained model in the package (run `make train`)")
    pipeline = Pipeline()

    def run(text: str) -> list:
        (result,) = pipeline.run([Article(id="t", text=text)])
        return [(r.event, r.acled_sub_event_type) for r in result.records]

    return run


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Militants fired mortar shells at an army base in the north on Monday, killing four soldiers.",
         ("ASSAULT", "Shelling/artillery/missile attack")),
        ("A suicide bomber blew himself up at a checkpoint outside the city, killing nine people.",
         ("ASSAULT", "Suicide bomb")),
        ("Gunmen stormed a village overnight and shot dead 14 farmers.",
         ("ASSAULT", "Attack")),
        ("Police arrested 30 opposition activists in the capital on Friday.",
         ("COERCE", "Arrests")),
        ("The two presidents met in Geneva on Tuesday to discuss the border dispute.",
         ("CONSULT", None)),
    ],
)  # fmt: skip
def test_clear_events_are_coded(coded, text, expected):
    assert expected in coded(text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Attacks in the region have killed more than 3,000 people since 2015.",
        "Analysts fear the rebels could attack the capital before the election.",
        "The ministry denied that its aircraft had bombed the market.",
    ],
)
def test_what_did_not_happen_is_not_coded(coded, text):
    assert not [event for event, _ in coded(text) if event == "ASSAULT"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials said the rebels crossed the river.", ["crossed"]),  # what was reported
        ("Kenya closed its border with Somalia.", ["closed"]),
        ("The weather was cold on Monday.", []),  # no verb, no actor
        ("The report describes a quiet week.", []),  # a thing, not an actor, as subject
    ],
)
def test_main_verb_candidates_are_acts_of_actors(text, expected):
    from eventwatch import Article, nlp
    from eventwatch.learn.candidates import open_candidates

    doc = nlp.parse(Article(id="t", text=text))
    found = open_candidates(doc, load_ontology(), covered=set())
    assert [doc.tokens[i].text for i in found] == expected


def test_evaluate_prints_the_coders_dev_and_cross_validation_scores():
    from eventwatch.evaluation import datasets

    if load_coder() is None:
        pytest.skip("no trained model in the package (run `make train`)")
    report = datasets()["learned-coder"](Path("unused"), None)
    names = {m.name: m.value for m in report.metrics}
    for part in ("dev share", "10-fold CV"):
        for head in ("event", "plover", "acled"):
            assert 0 < names[f"{part}: {head} accuracy"] <= 1
    assert report.items > 4000


@pytest.mark.model
def test_offering_main_verbs_only_adds_events():
    from eventwatch import Article, nlp
    from eventwatch.extract.events import build_events
    from eventwatch.extract.triggers import find_triggers
    from eventwatch.learn.decide import decide

    coder = load_coder()
    if coder is None:
        pytest.skip("no trained model in the package (run `make train`)")
    ontology = load_ontology()
    text = "Officials said the rebels seized the town. The two presidents talked in Geneva."
    doc = nlp.parse(Article(id="t", text=text))
    triggers = find_triggers(doc, ontology, ontology.words("people", "nouns"))
    events, _ = build_events(doc, triggers, ontology)
    plain, _ = decide(doc, events, triggers, coder, ontology, limits=Thresholds())
    opened, _ = decide(doc, events, triggers, coder, ontology, limits=Thresholds(main_verbs=True))
    assert {e.trigger.span for e in plain} <= {e.trigger.span for e in opened}
    for event in opened:
        if event.trigger.span not in {e.trigger.span for e in plain}:
            assert "the rules left it uncoded" in event.coding.reason
