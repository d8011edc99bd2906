"""How a candidate is shown to the model: its sentence, with the trigger and participants
marked inline, the way PLV marks source and target (`<s>…</s>`, `<t>…</t>`).

    "<s>Rebels</s> [[attacked]] <t>an army post</t> near Goma on Sunday."

The markers are plain text, so the same function serves training and inference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

TRIGGER = ("[[", "]]")
SOURCE = ("<s>", "</s>")
TARGET = ("<t>", "</t>")


@dataclass(frozen=True)
class Mark:
    """A span of the sentence (offsets relative to it) and the markers put round it."""

    start: int
    end: int
    open: str
    close: str


def marked(sentence: str, marks: Iterable[Mark]) -> str:
    """The sentence with each mark inserted; overlapping or out-of-range marks are skipped
    (the trigger wins over a participant that contains it)."""
    chosen: list[Mark] = []
    for mark in marks:
        if not 0 <= mark.start < mark.end <= len(sentence):
            continue
        if any(mark.start < m.end and m.start < mark.end for m in chosen):
            continue
        chosen.append(mark)
    out, last = [], 0
    for mark in sorted(chosen, key=lambda m: m.start):
        out += [sentence[last : mark.start], mark.open, sentence[mark.start : mark.end], mark.close]
        last = mark.end
    out.append(sentence[last:])
    return " ".join("".join(out).split())


def candidate_text(
    sentence: str,
    trigger: tuple[int, int] | None,
    sources: Iterable[tuple[int, int]] = (),
    targets: Iterable[tuple[int, int]] = (),
) -> str:
    """The model's input for one candidate (offsets relative to the sentence)."""
    marks = []
    if trigger is not None:
        marks.append(Mark(*trigger, *TRIGGER))
    marks += [Mark(s, e, *SOURCE) for s, e in sources]
    marks += [Mark(s, e, *TARGET) for s, e in targets]
    return marked(sentence, marks)


MAX_CHARS = 480  # about 110 word pieces: the model reads 128


def crop(text: str, limit: int = MAX_CHARS) -> str:
    """A long input cut to a window round the trigger mark, at word boundaries, so that the
    model's 128-token limit never cuts the trigger off."""
    return cropped(text, limit)[0]


def cropped(text: str, limit: int = MAX_CHARS) -> tuple[str, int]:
    """`crop(text)` and where it starts in `text` (word pieces' offsets are the window's)."""
    if len(text) <= limit:
        return text, 0
    at = text.find(TRIGGER[0])
    start = max(0, min(at - limit // 2, len(text) - limit)) if at >= 0 else 0
    window = text[start : start + limit]
    if start > 0 and " " in window:
        cut = window.index(" ") + 1
        window, start = window[cut:], start + cut
    if start + limit < len(text) and " " in window:
        window = window[: window.rindex(" ")]
    return window, start


PARTICIPANT_MARK = re.compile(r"</?[st]>")
ROLE = {SOURCE[0]: 1, TARGET[0]: 2}  # the role head's labels: 0 neither, 1 actor, 2 recipient


def unmark(text: str) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """The text without its participant marks (the trigger mark stays), and the spans the
    marks held in it: (start, end, 1 for `<s>` or 2 for `<t>`)."""
    out: list[str] = []
    spans, at, length, opened = [], 0, 0, None
    for m in PARTICIPANT_MARK.finditer(text):
        out.append(text[at : m.start()])
        length += m.start() - at
        at = m.end()
        if m.group() in ROLE:
            opened = (length, ROLE[m.group()])
        elif opened is not None:
            spans.append((opened[0], length, opened[1]))
            opened = None
    out.append(text[at:])
    return "".join(out), tuple((s, e, r) for s, e, r in spans if s < e)
