"""Where a mention's words begin and end, and the proper names inside them.

A mention's span is its noun phrase without clauses, conjuncts or prepositional phrases,
except the "of" phrase of partitive heads ("the Egyptian wing of ISIS"); a name the NER
found is kept whole ("the Democratic People's Republic of Korea"), so are hyphenated words
("Al-Shabaab"); a dateline before a spaced dash is not part of it ("MAIDUGURI, Nigeria,
April 16 - Suspected militants"). `names` lists the proper names inside a span, `aliases`
those given by "known as X".
"""

from __future__ import annotations

from ..types import Document, Token

NAME_LABELS = {"ORG", "PERSON", "GPE", "NORP", "LOC", "FAC"}
# brackets and quotes the parser hangs elsewhere: 'the "Islamic State" militant group'
BRACKETS = {"(", ")", '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "``", "''"}
DATELINE_DASHES = {"-", "--", "\u2013", "\u2014"}
NP_DEPS = {"det", "predet", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case",
           "npadvmod", "advmod", "neg"}  # fmt: skip
NAMED_MODIFIERS = {"NORP", "GPE", "ORG"}
LEADING_DROP = {"the", "a", "an", "this", "that", "these", "those", "all", "some"}


def mention_tokens(doc: Document, i: int, partitive: frozenset[str]) -> list[int]:
    """The indices of the words of the mention headed by token `i`: its noun phrase
    (see `span_tokens`), a whole name or hyphenated word, without a dateline, a leading
    article or trailing punctuation ("the army's" -> "army"); empty if nothing is left."""
    idx = span_tokens(doc, i, partitive)
    ent = doc.entity_at(i)
    if (
        ent is not None
        and ent.label in NAME_LABELS
        and ent.last - ent.first <= 8
        and not any(
            t.pos in ("VERB", "AUX") or (t.pos == "PART" and t.dep != "case")
            for t in doc.tokens[ent.first : ent.last]
        )
    ):
        # "the Democratic People's Republic of Korea": the name is one piece
        idx = sorted(set(idx) | set(range(ent.first, ent.last)))
    idx = hyphenated(doc, idx)
    dash = [n for n, j in enumerate(idx) if j < i and spaced_dash(doc, doc.tokens[j])]
    if dash:  # "MAIDUGURI, Nigeria, April 16 - Suspected militants": drop the dateline
        idx = idx[dash[-1] + 1 :]
    while idx and doc.tokens[idx[0]].lower in LEADING_DROP | {"'s"}:
        idx = idx[1:]
    while idx and doc.tokens[idx[-1]].pos == "SPACE":
        idx = idx[:-1]  # the blank lines after a headline
    while idx and (doc.tokens[idx[-1]].pos == "PUNCT" or doc.tokens[idx[-1]].dep == "case"):
        if doc.tokens[idx[-1]].text == ")" and any(doc.tokens[j].text == "(" for j in idx):
            break  # "Uranium Conversion Facilities (UCF)": the bracket closes
        idx = idx[:-1]  # "the army's" -> "the army"
    return idx


def span_tokens(doc: Document, i: int, partitive: frozenset[str]) -> list[int]:
    """The noun phrase around head `i`, contiguous: its determiners and modifiers, names
    right before it, an "of" phrase after a `partitive` head ("the Egyptian wing of
    ISIS"), an acronym in brackets; no clause, conjunct or other prepositional phrase."""
    keep = [i]
    for kid in doc.kids(i):
        if kid.dep not in NP_DEPS and not _keep_child(doc, i, kid, partitive):
            continue
        if kid.dep == "prep" and doc.kids(kid.i, "pcomp"):
            continue  # "accused Western governments of crossing a line": not the name
        keep.extend(doc.subtree(kid.i))
    keep += _names_before(doc, i)
    keep.sort()
    # a bracket or quote the parser hung elsewhere does not break a name: "Cooperation
    # (APEC) forum", 'the "Islamic State" militant group'
    gaps = [j for a, b in zip(keep, keep[1:], strict=False) for j in range(a + 1, b)]
    keep = sorted(set(keep) | {j for j in gaps if doc.tokens[j].text in BRACKETS})
    # Keep the contiguous block around the head only.
    lo = hi = keep.index(i)
    while lo > 0 and keep[lo - 1] == keep[lo] - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1] == keep[hi] + 1:
        hi += 1
    return keep[lo : hi + 1]


def _names_before(doc: Document, i: int) -> list[int]:
    """'a Karen guerrilla stronghold': the parser hangs "Karen" on the stronghold, but
    it names the guerrillas (names right before a modifier of the same noun)."""
    tok = doc.tokens[i]
    out: list[int] = []
    j = i - 1
    while tok.dep == "compound" and j >= 0:
        before = doc.tokens[j]
        named = before.pos == "PROPN" or before.ent_type in NAMED_MODIFIERS
        if before.head != tok.head or before.dep not in ("compound", "amod") or not named:
            break
        out.append(j)
        j -= 1
    return out


def _keep_child(doc: Document, head: int, kid: Token, partitive: frozenset[str]) -> bool:
    """Is this child, not a plain modifier, part of the name: a hyphen ("Al-Shabaab"),
    the "of" of a partitive head, a bracketed acronym ("(ISIS)") and its brackets?"""
    if kid.dep == "punct" and kid.text in ("-", "\u2013", "'"):  # "Al-Shabaab"
        return True
    if kid.dep == "prep" and kid.lower == "of" and doc.tokens[head].lemma in partitive:
        return True
    if kid.dep == "appos":  # "(ISIS)" right after a name
        prev = doc.tokens[kid.i - 1] if kid.i else None
        return prev is not None and prev.text == "("
    return kid.dep == "punct" and kid.text in "()" and any(k.dep == "appos" for k in doc.kids(head))


def hyphenated(doc: Document, idx: list[int]) -> list[int]:
    """Whole hyphenated words whatever the parse: "Mujahedin-e-Khalq", "Al-Shabaab"."""
    tokens = doc.tokens

    def joined(a: Token, b: Token) -> bool:
        return a.end == b.start and "-" in (a.text, b.text)

    first, last = idx[0], idx[-1]
    while first > 0 and joined(tokens[first - 1], tokens[first]):
        first -= 1
    while last + 1 < len(tokens) and joined(tokens[last], tokens[last + 1]):
        last += 1
    return sorted(set(idx) | set(range(first, last + 1)))


def in_dateline(doc: Document, tok: Token) -> bool:
    """Is `tok` in a dateline: the place names before a colon or a spaced dash that
    open a sentence ("GAZA CITY, Palestinian Territories: ...")?"""
    sent = doc.sentence_of(tok.i)
    for j in range(sent.first, min(sent.last, sent.first + 10)):
        t = doc.tokens[j]
        if t.text == ":" or spaced_dash(doc, t):
            return tok.i < j
        if t.pos not in ("PROPN", "PUNCT", "NUM") and t.ent_type not in ("GPE", "DATE"):
            return False
    return False


def spaced_dash(doc: Document, tok: Token) -> bool:
    """Is `tok` a dash with a space on each side ("April 16 - Suspected militants")?"""
    text = doc.text
    return (
        tok.text in DATELINE_DASHES
        and text[tok.start - 1 : tok.start].isspace()
        and text[tok.end : tok.end + 1].isspace()
    )


def names_in(doc: Document, idx: list[int]) -> list[str]:
    """The proper names among the words `idx`: the NER's names, then runs of proper
    nouns and acronyms it missed ("Islamic State"), each once."""
    inside = set(idx)
    names: list[str] = []
    covered: set[int] = set()
    for ent in doc.entities:
        if ent.label in NAME_LABELS and ent.first in inside and ent.last - 1 in inside:
            names.append(doc.span_text(ent.span))
            covered.update(range(ent.first, ent.last))
    run: list[int] = []
    for j in [*idx, -1]:
        tok = doc.tokens[j] if j >= 0 else None
        proper = tok is not None and j not in covered and is_proper(tok, doc)
        if proper:
            run.append(j)
            continue
        if run:
            names.append(doc.span_text(doc.tokens_span(run[0], run[-1])))
            run = []
    return _dedupe(names)


def aliases(doc: Document, i: int, partitive: frozenset[str]) -> list[str]:
    """Names given by "known as X" / "called X" attached to the head."""
    out = []
    for acl in doc.kids(i, "acl"):
        if acl.lemma not in ("know", "call", "name", "dub"):
            continue
        for kid in doc.kids(acl.i):
            target = kid
            if kid.dep == "prep" and kid.lower == "as":
                objs = doc.kids(kid.i, "pobj")
                if not objs:
                    continue
                target = objs[0]
            elif kid.dep not in ("oprd", "attr", "dobj"):
                continue
            idx = [j for j in span_tokens(doc, target.i, partitive) if doc.tokens[j].lower != "the"]
            if idx:
                out.append(doc.span_text(doc.tokens_span(idx[0], idx[-1])))
    return out


def is_acronym(tok: Token) -> bool:
    """'ISIS', 'U.S.', 'PKK': the tagger often calls these common nouns in headlines."""
    letters = tok.text.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_proper(tok: Token, doc: Document) -> bool:
    """Is `tok` a word of a name: a capitalised proper noun, an acronym, or a capitalised
    adjective right before a proper noun?"""
    if (tok.pos == "PROPN" and tok.text[:1].isupper()) or is_acronym(tok):
        return True
    # "Islamic State": a capitalised adjective right before a proper noun.
    if tok.pos == "ADJ" and tok.text[:1].isupper() and tok.i + 1 < len(doc.tokens):
        return doc.tokens[tok.i + 1].pos == "PROPN"
    return False


def _dedupe(names: list[str]) -> list[str]:
    """Each name once, in the order first seen."""
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out
