"""The learned coder at run time: an int8 ONNX encoder with three heads, run by onnxruntime,
its input cut into word pieces by `tokenizers` (no torch, no transformers); and, where the
folder has it, the role model: a second encoder that gives every word piece of a candidate
its probability of being the event's actor and its recipient (`roles.py` uses it).

The model folder holds `coder.onnx`, `tokenizer.json` and `card.json` (labels, version,
scores, the data it was trained on), and optionally `roles.onnx` with `roles.json`.
`load_coder()` returns None and says why, in one line on stderr, when the folder is
missing, incomplete or corrupt: the pipeline then codes with the rules alone and marks its
records `"coder": "rules"`. A role model that cannot be used is said the same way, and the
rules choose the participants.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .inputs import crop, cropped
from .labels import EVENT_LABELS, ROLE_LABELS, acled_labels, plover_labels
from .limits import RoleLimits, Thresholds, role_limits, thresholds

MODEL_DIR = Path(__file__).parent / "model"
FILES = ("coder.onnx", "tokenizer.json", "card.json")
ROLE_FILES = ("roles.onnx", "roles.json")
# each word piece of an input: (start, end, p actor, p recipient), offsets in the input text
Pieces = tuple[tuple[int, int, float, float], ...]
MAX_TOKENS = 128
BATCH = 8  # small batches: less padding, and about 50 MB of working memory instead of 200


class CoderUnavailable(Exception):
    """The model folder cannot be used (missing, corrupt, or trained for other labels)."""


@dataclass(frozen=True)
class Prediction:
    """The coder's probabilities for one candidate."""

    p_event: float
    plover: dict[str, float]
    acled: dict[str, float]

    def top_plover(self) -> tuple[str, float]:
        return max(self.plover.items(), key=lambda kv: kv[1])

    def top_acled(self) -> tuple[str, float]:
        return max(self.acled.items(), key=lambda kv: kv[1])


def tokenizer_for(path: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


class Coder:
    """Loaded once per process (`load_coder`); `predict` takes model input texts."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        missing = [f for f in FILES if not (folder / f).is_file()]
        if missing:
            raise CoderUnavailable(f"{folder} lacks {', '.join(missing)}")
        try:
            self.card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CoderUnavailable(f"{folder}/card.json is not readable JSON ({exc})") from None
        self.version = str(self.card.get("version", "?"))
        self._check_labels()
        try:
            self.thresholds: Thresholds = thresholds(self.card)
        except (TypeError, ValueError) as exc:
            raise CoderUnavailable(f"{folder}/card.json: {exc}") from None
        self.session = _session(folder, "coder.onnx", self.card)
        try:
            self.tokenizer = tokenizer_for(folder / "tokenizer.json")
        except Exception as exc:  # noqa: BLE001 - any load failure means: use the rules
            raise CoderUnavailable(f"{folder}: cannot load the tokenizer ({exc})") from None
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.roles: RoleModel | None = _role_model(folder)

    def _check_labels(self) -> None:
        labels = self.card.get("labels", {})
        expected = {
            "event": list(EVENT_LABELS),
            "plover": list(plover_labels()),
            "acled": list(acled_labels()),
        }
        for head, names in expected.items():
            if labels.get(head) != names:
                raise CoderUnavailable(
                    f"the model's {head} labels differ from this version's ontology; retrain it"
                )
        self.plover_names, self.acled_names = expected["plover"], expected["acled"]

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Probabilities for each input text, batched by length (order kept)."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Prediction | None] = [None] * len(texts)
        for at in range(0, len(order), BATCH):
            chunk = order[at : at + BATCH]
            encoded = self.tokenizer.encode_batch([crop(texts[i]) for i in chunk])
            p_event, p_plover, p_acled = self.session.run(None, _feed(encoded, self._inputs))
            for row, i in enumerate(chunk):
                out[i] = Prediction(
                    float(p_event[row, 1]),
                    dict(zip(self.plover_names, map(float, p_plover[row]), strict=True)),
                    dict(zip(self.acled_names, map(float, p_acled[row]), strict=True)),
                )
        return [p for p in out if p is not None]

    def predict_roles(self, texts: Sequence[str]) -> list[Pieces]:
        """The role model's probabilities for each word piece of each input (empty without
        a role model)."""
        if self.roles is None:
            return [() for _ in texts]
        return self.roles.predict(self.tokenizer, texts)


class RoleModel:
    """The role model: `roles.onnx` and its card `roles.json` (labels, thresholds)."""

    def __init__(self, folder: Path) -> None:
        try:
            self.card = json.loads((folder / "roles.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CoderUnavailable(f"{folder}/roles.json is not readable JSON ({exc})") from None
        if self.card.get("labels", {}).get("roles") != list(ROLE_LABELS):
            raise CoderUnavailable("the role model's labels differ from this version's; retrain it")
        try:
            self.limits: RoleLimits = role_limits(self.card)
        except (TypeError, ValueError) as exc:
            raise CoderUnavailable(f"{folder}/roles.json: {exc}") from None
        self.session = _session(folder, "roles.onnx", self.card)
        self._inputs = {i.name for i in self.session.get_inputs()}

    def predict(self, tokenizer, texts: Sequence[str]) -> list[Pieces]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Pieces] = [() for _ in texts]
        for at in range(0, len(order), BATCH):
            chunk = order[at : at + BATCH]
            windows = [cropped(texts[i]) for i in chunk]
            encoded = tokenizer.encode_batch([text for text, _ in windows])
            (probs,) = self.session.run(None, _feed(encoded, self._inputs))
            for row, i in enumerate(chunk):
                start = windows[row][1]
                out[i] = tuple(
                    (start + s, start + e, float(p[1]), float(p[2]))
                    for (s, e), p in zip(encoded[row].offsets, probs[row], strict=False)
                    if e > s
                )
        return out


def _feed(encoded, inputs: set[str]) -> dict:
    import numpy as np

    feed = {
        "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
    }
    return {k: v for k, v in feed.items() if k in inputs}


def _session(folder: Path, name: str, card: dict):
    """An onnxruntime session for `folder/name`, checked against the card's digest."""
    model = (folder / name).read_bytes()
    digest = card.get("sha256")
    if digest and hashlib.sha256(model).hexdigest() != digest:
        raise CoderUnavailable(f"{folder}/{name} does not match its card (corrupt?)")
    try:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - any load failure means: use the rules
        raise CoderUnavailable(f"{folder}: cannot load {name} ({exc})") from None


def _role_model(folder: Path) -> RoleModel | None:
    """The folder's role model; None where it has none, or (said in one line) where it
    cannot be used."""
    present = [f for f in ROLE_FILES if (folder / f).is_file()]
    if not present:
        return None
    try:
        if len(present) < len(ROLE_FILES):
            raise CoderUnavailable(f"{folder} has {present[0]} but not the rest of the role model")
        return RoleModel(folder)
    except CoderUnavailable as exc:
        print(f"eventwatch: role model unavailable, the rules choose participants: {exc}",
              file=sys.stderr)  # fmt: skip
        return None


@cache
def load_coder(folder: Path = MODEL_DIR) -> Coder | None:
    """The shipped coder, or None (said once, in one line) when it cannot be used."""
    try:
        return Coder(folder)
    except CoderUnavailable as exc:
        print(f"eventwatch: learned coder unavailable, coding with the rules only: {exc}",
              file=sys.stderr)  # fmt: skip
        return None
