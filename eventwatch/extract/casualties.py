"""How many: count the victims of lethal, injuring and arresting triggers.

The count comes from the victim noun phrase: a number ("all 224 passengers", "more than
300 people", "at least 12"), a number word ("three soldiers"), a vague quantity
("dozens" = 12, "hundreds" = 100, as ACLED codes them) or a single person ("a man",
"the man" = 1). The qualifier ("more than", "at least") is kept beside the number.
"""

from __future__ import annotations

import re

from ..types import Count, Document, Size, TextSpan, Token

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000,
}  # fmt: skip
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "several": 3}
SINGLE_DETS = {"a", "an", "the", "one", "this", "that", "another"}
SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def parse_number(text: str) -> int | None:
    """'224' -> 224, '1,200' -> 1200, 'three' -> 3, 'twenty-five' -> 25, '2 million'."""
    t = text.lower().strip().replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d+(\.\d+)?\s+(hundred|thousand|million)", t):
        num, scale = t.split()
        return int(float(num) * SCALE[scale])
    if t in WORDS:
        return WORDS[t]
    parts = re.split(r"[-\s]+", t)
    if all(p in WORDS for p in parts):
        total = 0
        for p in parts:
            total = total * WORDS[p] if p in SCALE and total else total + WORDS[p]
        return total
    return None


def count_victims(doc: Document, head: Token) -> Count | None:
    """The number of people a victim phrase headed by `head` denotes."""
    if head.pos == "NUM":  # "killing 20", "at least 12 were killed"
        value = parse_number(head.text)
        return Count(value, _qualifier(doc, head), _span(head)) if value else None
    for kid in doc.kids(head.i, "nummod"):
        if kid.ent_type in ("DATE", "TIME"):
            continue  # "another Dec. 29": a day, not a count
        value = parse_number(_number_text(doc, kid))
        if value is not None:
            # the number may follow its head when the parse is wrong ("another Dec. 29")
            span = TextSpan(min(kid.start, head.start), max(kid.end, head.end))
            return Count(value, _qualifier(doc, kid), span)
    if head.lower in VAGUE:
        return Count(VAGUE[head.lower], head.lower, _span(head))
    if head.lower == "another":  # "a man injures another": one more person
        return Count(1, None, _span(head))
    if head.tag in ("NN", "NNP") and head.pos in ("NOUN", "PROPN"):
        dets = [k.lower for k in doc.kids(head.i, "det")]
        if not dets or dets[0] in SINGLE_DETS:
            return Count(1, None, _span(head))
    return None


def _number_text(doc: Document, num: Token) -> str:
    parts = [num] + [k for k in doc.kids(num.i, "compound", "nummod") if k.pos == "NUM"]
    parts.sort(key=lambda t: t.i)
    return " ".join(p.text for p in parts)


def _qualifier(doc: Document, num: Token) -> str | None:
    """The words before a number inside its phrase: 'more than', 'at least', 'nearly'."""
    mods = [k for k in doc.kids(num.i, "quantmod", "advmod", "amod") if k.i < num.i]
    if not mods:
        return None
    first = min(j for k in mods for j in doc.subtree(k.i))
    return " ".join(t.lower for t in doc.tokens[first : num.i]) or None


def _span(tok: Token) -> TextSpan:
    return TextSpan(tok.start, tok.end)


def victim_heads(doc: Document, trigger_head: int, nominal: bool) -> list[Token]:
    """Tokens heading the phrases that name who was killed, hurt or detained."""
    tok = doc.tokens[trigger_head]
    if nominal:
        return [
            p
            for prep in doc.kids(tok.i, "prep")
            if prep.lower in ("of", "on", "against")
            for p in doc.kids(prep.i, "pobj")
        ]
    heads = doc.kids(tok.i, "dobj", "nsubjpass")
    if not heads and tok.dep == "acl" and tok.tag == "VBN":
        heads = [doc.tokens[tok.head]]
    return heads


def size_of(doc: Document, trigger_head: int, nominal: bool, kinds: tuple[str, ...]) -> Size:
    """A `Size` with the victim count under each kind in `kinds` (dead/injured/arrested)."""
    count = None
    for head in victim_heads(doc, trigger_head, nominal):
        count = count_victims(doc, head)
        if count is not None:
            break
    if count is None:
        return Size()
    return Size(**{k: count for k in kinds})


def says_dead(doc: Document, trigger_head: int) -> bool:
    """'shot the man dead', 'left 20 dead': a non-lethal verb with a 'dead' complement."""
    return any(
        k.lemma == "dead" for k in doc.kids(trigger_head, "oprd", "acomp", "advmod", "xcomp")
    )
