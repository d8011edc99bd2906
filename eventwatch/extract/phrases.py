"""Phrases of the cue lexicons (`data/acled_cues.toml`) found in parsed text: each phrase
a run of lemmas ("blow himself up", "sit - in"), matched against a token's forms, the word
itself or the word less a plural ending; dates never match ("On 3 March": no march)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..types import Document, Token


def said_at(
    doc: Document, tokens: Sequence[int], phrases: Iterable[tuple[str, ...]]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each (token, phrase) where one of `phrases` is said from one of `tokens`, in text
    order (`says`); phrases whose first word none of the tokens has are not tried."""
    present = words_in(doc, tokens)
    tried = [p for p in phrases if p[0] in present]
    for j in tokens if tried else ():
        for phrase in tried:
            if says(doc, j, phrase):
                yield j, phrase


def words_in(doc: Document, tokens: Iterable[int]) -> set[str]:
    """Every word `says` takes one of the tokens for: a phrase whose first word is not
    among them is said from none of them."""
    return {w for j in tokens for w in words_of(doc.tokens[j])}


def words_of(tok: Token) -> tuple[str, ...]:
    """The words `says` takes a token for: its forms, itself, itself less a plural s."""
    if tok.ent_type in ("DATE", "TIME"):
        return ()
    low = tok.lower
    plural = (low[:-1],) if low.endswith("s") else ()
    return (*tok.forms, low, *plural, *((low[:-2],) if low.endswith("es") else ()))


def says(doc: Document, j: int, words: tuple[str, ...]) -> bool:
    """Whether the words from token `j` on are `words` (each a lemma, a form the verb may
    come from, or the word itself)."""
    sent = doc.tokens[j].sent
    for k, word in enumerate(words):
        if j + k >= len(doc.tokens):
            return False
        tok = doc.tokens[j + k]
        plain = (word, word + "s", word + "es")  # "Protesters" in a title: not lemmatised
        if tok.sent != sent or (tok.lower not in plain and word not in tok.forms):
            return False
        if tok.ent_type in ("DATE", "TIME"):  # "On 3 March": no march
            return False
    return True
