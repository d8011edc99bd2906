"""Parsing: long articles are read in parts, offsets kept."""

from __future__ import annotations

import pytest

from eventwatch import nlp
from eventwatch.types import Article


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("one two three", 100, ["one two three"]),
        ("para one.\n\npara two.", 12, ["para one.\n\n", "para two."]),
        ("aaaa bbbb cccc", 9, ["aaaa ", "bbbb cccc"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # no break: cut at the limit
        ("", 4, []),
    ],
)
def test_chunks_join_back_into_the_text(text, limit, expected):
    parts = nlp.chunks(text, limit)
    assert parts == expected
    assert "".join(parts) == text and all(len(p) <= limit for p in parts)


@pytest.mark.model
def test_an_article_over_the_parsers_limit_is_parsed_in_parts():
    model = nlp.load_model()
    text = "\n\n".join(
        f"Rebels attacked an army post near Goma on day {n}. Four soldiers died." for n in range(40)
    )
    saved = model.max_length
    model.max_length = 1000  # as if the article were 1.5 MB
    try:
        doc = nlp.parse(Article(id="long", text=text))
    finally:
        model.max_length = saved
    whole = nlp.parse(Article(id="whole", text=text))
    assert len(text) > 1000
    assert [doc.span_text(s.span) for s in doc.sentences] == [
        whole.span_text(s.span) for s in whole.sentences
    ]
    for tok in doc.tokens:
        assert text[tok.start : tok.start + len(tok.text)] == tok.text
    last = doc.sentences[-1]
    assert doc.span_text(last.span) == "Four soldiers died."
