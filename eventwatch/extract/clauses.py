"""Clauses: the chain of words that tell one act ("shelled Juba, killing 20")."""

from __future__ import annotations

from ..types import Document

CLAUSE_LINKS = {"advcl", "xcomp", "conj", "acl", "relcl", "dobj", "pobj", "prep", "nsubj",
                "nsubjpass", "appos", "attr", "pcomp", "npadvmod"}  # fmt: skip


def clause_head(doc: Document, i: int) -> int:
    """The top of the clause chain a trigger sits in: "shelled Juba, killing 20" share one;
    a reported clause ("said that ...") starts its own."""
    tok = doc.tokens[i]
    while tok.dep in CLAUSE_LINKS and tok.head != tok.i:
        tok = doc.tokens[tok.head]
    return tok.i


# dependencies that start a clause of their own ("said that ...")
STARTS = {"ROOT", "ccomp", "parataxis", "csubj", "csubjpass"}


def clause_tokens(doc: Document, i: int) -> list[int]:
    """The words of the clause chain of token `i`, with their modifiers ("roadside" in "a
    roadside bomb killed"), in text order."""
    head = clause_head(doc, i)
    sentence = doc.sentences[doc.tokens[i].sent]
    return [j for j in range(sentence.first, sentence.last) if _chain(doc, j) == head]


def _chain(doc: Document, j: int) -> int:
    tok = doc.tokens[j]
    while tok.dep not in CLAUSE_LINKS and tok.dep not in STARTS and tok.head != tok.i:
        tok = doc.tokens[tok.head]
    return clause_head(doc, tok.i)
