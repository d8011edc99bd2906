"""Training examples for the learned coder, from `../shared` and the team's own labels.

Every example is a model input (a sentence with its trigger and participants marked, see
`inputs.py`) with up to three labels; a label left `None` is not trained on (PLV gives the
PLOVER type but no ACLED sub-type; an ASSAULT in NGEC without a weapon mode says nothing
about the sub-type). Sources and how they are read:

- `plv/PLV_train.tsv` (real news, expert PLOVER types, source and target marked): the
  trigger is marked where the rules propose one of the gold type, else the main verb
  (`mark_triggers`).
- `wikievents-train-pairs/pairs.tsv` (real news about attacks): KAIROS types that PLOVER
  codes, trigger marked; negative pairs lose their participant marks.
- `ngec-synthetic` (invented stories, PLOVER type and mode): each story's first sentence,
  trigger marked as for PLV, at most `NGEC_CAP` per (type, mode), weighted down
  (synthetic text transfers poorly).
- `training/labels/*.tsv` (the team's labels of VOA `train` stories and invented sentences):
  the only source of negatives (candidates that are not events) and of most sub-types.

Evaluation sets (PLV_test, PLOVER GSR, PETR-2 GSR, WikiEvents dev, the example article, VOA
`eval` stories) are never read here.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .inputs import TRIGGER, unmark
from .labels import NONE, acled_labels, plover_labels

NGEC_CAP = 12
NGEC_WEIGHT = 0.5
VERBAL = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "SANCTION"}  # fmt: skip
# KAIROS types PLOVER codes (WikiEvents): (PLOVER type, ACLED sub-type or None = unknown)
KAIROS = {
    "Conflict.Attack": ("ASSAULT", None),
    "Life.Die": ("ASSAULT", None),
    "Life.Injure": ("ASSAULT", None),
    "Justice.ArrestJailDetain": ("COERCE", "Arrests"),
    "Conflict.Demonstrate": ("PROTEST", None),
    "Contact.Contact.Meet": ("CONSULT", NONE),
    "Contact.ThreatenCoerce": ("THREATEN", NONE),
    "Contact.RequestCommand": ("REQUEST", NONE),
    "Justice.Sentence": ("SANCTION", NONE),
    "Justice.Convict": ("SANCTION", NONE),
    "Justice.InvestigateCrime": ("ACCUSE", NONE),
    "Justice.ChargeIndict": ("ACCUSE", NONE),
    "ArtifactExistence.DamageDestroyDisableDismantle.Destroy": ("ASSAULT", None),
    "ArtifactExistence.DamageDestroyDisableDismantle.DisableDefuse": (
        "COERCE",
        "Disrupted weapons use",
    ),
}
# NGEC modes that fix the ACLED sub-type
NGEC_ACLED = {
    "AERIAL": "Air/drone strike",
    "DRONE": "Air/drone strike",
    "SUICIDE-ATTACK": "Suicide bomb",
    "EXPLOSIVES": "Remote explosive/landmine/IED",
    "ABDUCT": "Abduction/forced disappearance",
    "SEXUAL": "Sexual violence",
    "UNCONVENTIONAL": "Chemical weapon",
    "RIOT": "Violent demonstration",
    "DEMO": "Peaceful protest",
    "ARREST": "Arrests",
}


@dataclass(frozen=True)
class Example:
    text: str
    event: int | None  # 1 an event that happened, 0 not, None unknown
    plover: str | None
    acled: str | None
    source: str
    weight: float = 1.0
    # the role head's labels: (start, end, role) in the text without participant marks
    # (`inputs.unmark`; role 1 actor, 2 recipient, 0 neither); None: not labelled. With
    # `roles_closed` every other word is neither (PLV marks the sentence's one event's
    # source and target); without, the other words are unknown
    roles: tuple[tuple[int, int, int], ...] | None = None
    roles_closed: bool = False
    # the copy of an example the role head learns from (`with_role_copies`): its text
    # without participant marks, only role labels; it goes where its example goes in a split
    role_copy: bool = False


def load_examples(shared: Path, labels_dir: Path, *, parse: bool = True) -> list[Example]:
    """Every training example, in a fixed order. `parse=False` skips the spaCy pass over
    PLV_train (its sentences are then used with participants marked but no trigger)."""
    out = list(plv_examples(shared / "datasets/plv/PLV_train.tsv", parse=parse))
    out += wikievents_examples(shared / "datasets/wikievents-train-pairs/pairs.tsv")
    out += ngec_examples(next((shared / "datasets/ngec-synthetic").glob("*.zip")))
    for path in sorted(labels_dir.glob("*.tsv")):
        out += team_examples(path)
    return with_role_copies(validated(out))


def with_role_copies(examples: list[Example]) -> list[Example]:
    """The decision heads read a candidate with its participants marked (the rules' at run
    time, the gold ones here); the role head reads it without them (they are what it is
    asked). An example with role labels therefore comes twice: marked, for the decision
    heads, and unmarked, for the role head only."""
    out = []
    for ex in examples:
        if ex.roles is None:
            out.append(ex)
            continue
        out.append(replace(ex, roles=None, roles_closed=False))
        text = unmark(ex.text)[0]
        out.append(replace(ex, text=text, event=None, plover=None, acled=None, role_copy=True))
    return out


def validated(examples: Iterable[Example]) -> list[Example]:
    plover, acled = set(plover_labels()), set(acled_labels())
    out = []
    for ex in examples:
        if ex.plover is not None and ex.plover not in plover:
            raise ValueError(f"{ex.source}: unknown PLOVER type {ex.plover!r}")
        if ex.acled is not None and ex.acled not in acled:
            raise ValueError(f"{ex.source}: unknown ACLED sub-type {ex.acled!r}")
        out.append(ex)
    return out


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def plv_examples(path: Path, *, parse: bool = True) -> Iterator[Example]:
    rows = _tsv(path)
    golds = [r["gold_root"].replace("YIELD", "CONCEDE") for r in rows]
    parts = [(r["source"], r["target"]) for r in rows]
    marked = mark_triggers([r["sentence"] for r in rows], golds, parts) if parse else {}
    for n, row in enumerate(rows):
        text = marked.get(n) or row["marked_sentence"]
        acled = NONE if golds[n] in VERBAL else None
        source = f"plv:{row['sentence_id']}"
        roles = unmark(text)[1]
        yield Example(text, 1, golds[n], acled, source, roles=roles, roles_closed=True)


def mark_triggers(
    sentences: list[str],
    golds: list[str],
    participants: list[tuple[str, str]] | None = None,
) -> dict[int, str]:
    """Each sentence with a trigger marked as the pipeline would mark it for an event of
    the gold type: a lexicon trigger of that type, else the sentence's main verb. Inputs at
    run time always carry a trigger mark, so examples of events must too (else the marks
    themselves would teach 'not an event'). Source and target are marked where given."""
    from .. import nlp
    from ..extract.triggers import find_triggers
    from ..ontology import load_ontology
    from ..types import Article
    from .inputs import candidate_text

    ontology = load_ontology()
    people = ontology.words("people", "nouns")
    articles = [Article(id=str(n), text=s) for n, s in enumerate(sentences)]
    out = {}
    for n, doc in enumerate(nlp.parse_many(articles)):
        triggers = find_triggers(doc, ontology, people)
        spans = [(t.span.start, t.span.end) for t in triggers if t.coding.event == golds[n]]
        roots = [t for t in doc.tokens if t.dep == "ROOT" and t.pos in ("VERB", "NOUN")]
        spans += [(t.start, t.start + len(t.text)) for t in roots[:1]]
        if not spans:
            continue
        text = doc.article.text
        source, target = participants[n] if participants else ("", "")
        out[n] = candidate_text(text, spans[0], _find(text, source), _find(text, target))
    return out


def _find(text: str, phrase: str) -> list[tuple[int, int]]:
    phrase = phrase.strip()
    at = text.find(phrase) if phrase else -1
    return [(at, at + len(phrase))] if at >= 0 else []


def wikievents_examples(path: Path) -> Iterator[Example]:
    """One example per sentence and trigger; its role labels gather every pair of it: a
    true pair's source and target are actor and recipient, a negative pair's neither."""
    found: dict[str, tuple[Example, list[tuple[int, int, int]]]] = {}
    for row in _tsv(path):
        coding = _kairos(row["event_type"])
        if coding is None:
            continue
        both = _mark_word(row["marked_sentence"], row["trigger"])
        if both is None:
            continue
        plain, spans = unmark(both)
        true = row["gold_binary"] == "1"
        roles = [(s, e, r if true else 0) for s, e, r in spans]
        if plain in found:
            found[plain][1].extend(roles)
            continue
        text = both if true else plain
        found[plain] = (Example(text, 1, coding[0], coding[1], f"wikievents:{row['uid']}"), roles)
    for example, roles in found.values():
        yield replace(example, roles=_merged(roles))


def _merged(roles: list[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Each span once; a role beats 'neither' (a word can be in a true and a negative pair)."""
    best: dict[tuple[int, int], int] = {}
    for s, e, r in roles:
        best[(s, e)] = max(r, best.get((s, e), 0))
    return tuple((s, e, r) for (s, e), r in sorted(best.items()))


def _kairos(event_type: str) -> tuple[str, str | None] | None:
    for prefix, coding in KAIROS.items():
        if event_type.startswith(prefix):
            return coding
    return None


def _mark_word(sentence: str, word: str) -> str | None:
    """The first whole-word occurrence of `word` outside the participant marks, marked."""
    for m in re.finditer(rf"\b{re.escape(word)}\b", sentence):
        before = sentence[: m.start()]
        if before.count("<s>") > before.count("</s>") or before.count("<t>") > before.count("</t>"):
            continue
        return f"{before}{TRIGGER[0]}{word}{TRIGGER[1]}{sentence[m.end() :]}"
    return None


def ngec_examples(path: Path) -> Iterator[Example]:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    taken: Counter[tuple[str, str]] = Counter()
    chosen = []
    for n, row in enumerate(rows):
        key = (row["label"], row["mode"])
        if taken[key] >= NGEC_CAP:
            continue
        lede = _first_sentence(row["text"])
        if not 8 <= len(lede.split()) <= 60 or "--" in lede:
            continue  # a dateline list or a run-on, not a sentence
        taken[key] += 1
        chosen.append((n, lede, row))
    marked = mark_triggers([lede for _, lede, _ in chosen], [r["label"] for _, _, r in chosen])
    for k, (n, _, row) in enumerate(chosen):
        if k not in marked:
            continue
        acled = NGEC_ACLED.get(row["mode"]) or (NONE if row["label"] in VERBAL else None)
        yield Example(marked[k], 1, row["label"], acled, f"ngec:{n}", NGEC_WEIGHT)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[a-z0-9)\"'”])[.!?](?=\s+[A-Z“\"])", text)
    return text[: m.end()] if m else text[:400]


def team_examples(path: Path) -> Iterator[Example]:
    for n, row in enumerate(_tsv(path)):
        flag = (row.get("is_event") or "").strip()
        if flag not in ("0", "1"):
            continue  # not labelled (yet)
        event = int(flag)
        plover = (row.get("plover") or "").strip().upper() or None
        acled = (row.get("acled") or "").strip() or None
        if event == 0:
            plover = acled = None
        elif acled is not None and acled.lower() == NONE:
            acled = NONE
        yield Example(row["text"], event, plover, acled, f"{path.stem}:{n + 2}")


def split(
    examples: list[Example], dev_share: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """A fixed-seed train/dev split, stratified by source family and label; a role copy
    goes where its example went."""
    groups: dict[tuple, list[Example]] = {}
    for ex in examples:
        if ex.role_copy:
            continue
        key = (ex.source.split(":")[0].rstrip("0123456789_"), ex.event, ex.plover)
        groups.setdefault(key, []).append(ex)
    train, dev = [], []
    for key in sorted(groups, key=str):
        items = groups[key][:]
        random.Random(f"{seed}:{key}").shuffle(items)  # a group's split ignores the others
        k = round(len(items) * dev_share)
        dev += items[:k]
        train += items[k:]
    held = {ex.source for ex in dev}
    for ex in examples:
        if ex.role_copy:
            (dev if ex.source in held else train).append(ex)
    return train, dev


def summary(examples: Iterable[Example]) -> dict[str, dict[str, int]]:
    """Counts per source family and label, for the model card."""
    by_source: Counter[str] = Counter()
    events: Counter[str] = Counter()
    acled: Counter[str] = Counter()
    for ex in examples:
        by_source[ex.source.split(":")[0]] += 1
        events[str(ex.event)] += 1
        if ex.acled:
            acled[ex.acled] += 1
    return {"sources": dict(by_source), "is_event": dict(events), "acled": dict(acled)}


def dump(examples: Iterable[Example], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for ex in examples:
            f.write(json.dumps(ex.__dict__, ensure_ascii=False) + "\n")
