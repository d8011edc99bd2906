"""The learned coder at run time: an int8 ONNX encoder with three heads, run by onnxruntime,
its input cut into word pieces by `tokenizers` (no torch, no transformers).

The model folder holds `coder.onnx`, `tokenizer.json` and `card.json` (labels, version,
scores, the data it was trained on). `load_coder()` returns None and says why, in one line
on stderr, when the folder is missing, incomplete or corrupt: the pipeline then codes with
the rules alone and marks its records `"coder": "rules"`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .inputs import crop
from .labels import EVENT_LABELS, acled_labels, plover_labels

MODEL_DIR = Path(__file__).parent / "model"
FILES = ("coder.onnx", "tokenizer.json", "card.json")
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
        model = (folder / "coder.onnx").read_bytes()
        digest = self.card.get("sha256")
        if digest and hashlib.sha256(model).hexdigest() != digest:
            raise CoderUnavailable(f"{folder}/coder.onnx does not match its card (corrupt?)")
        try:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
            self.tokenizer = tokenizer_for(folder / "tokenizer.json")
        except Exception as exc:  # noqa: BLE001 - any load failure means: use the rules
            raise CoderUnavailable(f"{folder}: cannot load the model ({exc})") from None
        self._inputs = {i.name for i in self.session.get_inputs()}

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
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Prediction | None] = [None] * len(texts)
        for at in range(0, len(order), BATCH):
            chunk = order[at : at + BATCH]
            encoded = self.tokenizer.encode_batch([crop(texts[i]) for i in chunk])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            feed = {k: v for k, v in feed.items() if k in self._inputs}
            p_event, p_plover, p_acled = self.session.run(None, feed)
            for row, i in enumerate(chunk):
                out[i] = Prediction(
                    float(p_event[row, 1]),
                    dict(zip(self.plover_names, map(float, p_plover[row]), strict=True)),
                    dict(zip(self.acled_names, map(float, p_acled[row]), strict=True)),
                )
        return [p for p in out if p is not None]


@cache
def load_coder(folder: Path = MODEL_DIR) -> Coder | None:
    """The shipped coder, or None (said once, in one line) when it cannot be used."""
    try:
        return Coder(folder)
    except CoderUnavailable as exc:
        print(f"eventwatch: learned coder unavailable, coding with the rules only: {exc}",
              file=sys.stderr)  # fmt: skip
        return None
