"""Parsing: long articles are read in parts, offsets kept."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch import nlp
from eventwatch.types import Article, NamedEntity, TextSpan, Token


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


def toks(parse: str) -> tuple[Token, ...]:
    """Tokens from 'text/TAG/POS/dep/head ...' (head: a token index)."""
    out, at = [], 0
    for i, item in enumerate(parse.split()):
        text, tag, pos, dep, head = item.split("/")
        out.append(Token(i, text, at, text.lower(), pos, tag, dep, int(head)))
        at += len(text) + 1
    return tuple(out)


GLUED = "A/DT/DET/det/1 man/NN/NOUN/nsubj/2 injures/VBZ/VERB/ROOT/2 {q}/{qt}/{qp}/det/4 {d}/NNP/PROPN/{dep}/2 {n}/CD/NUM/nummod/4"


@pytest.mark.parametrize(
    "q, qt, qp, d, dep, n, object_",
    [
        ("another", "DT", "DET", "Dec.", "dobj", "29", "another"),  # the day follows
        ("four", "CD", "NUM", "Dec.", "npadvmod", "29", "four"),
        ("two", "CD", "NUM", "Sunday", "npadvmod", "29", "two"),  # a weekday needs no day
        ("2", "CD", "NUM", "March", "dobj", ".", None),  # "2 March" is a date: no day after
        ("the", "DT", "DET", "Dec.", "dobj", "29", None),  # not a quantity
        ("another", "DT", "DET", "Mission", "dobj", "29", None),  # not a date word
    ],
)  # fmt: skip
def test_unglue_dates_gives_the_verb_its_object_back(q, qt, qp, d, dep, n, object_):
    parse = GLUED.format(q=q, qt=qt, qp=qp, d=d, dep=dep, n=n)
    if n == ".":
        parse = parse.replace("./CD/NUM/nummod/4", "./././punct/2")
    tokens = toks(parse)
    date = NamedEntity(3, 6, "DATE", TextSpan(tokens[3].start, tokens[5].end))
    fixed, entities = nlp.unglue_dates(tokens, (date,))
    objects = [t.text for t in fixed if t.dep == "dobj" and t.head == 2]
    if object_ is None:
        assert (fixed, entities) == (tokens, (date,))
    else:
        assert objects == [object_] and fixed[4].dep == "npadvmod"
        (when,) = [e for e in entities if e.label == "DATE"]
        assert (when.first, when.span.start) == (4, tokens[4].start)


@pytest.mark.model
def test_a_headline_with_a_bare_date_is_an_event_with_its_date(pipeline):
    (result,) = pipeline.run(
        [Article(id="t", text="A man injures another Dec. 29.", published=dt.date(2020, 1, 2))]
    )
    (record,) = result.records
    assert (record.event, record.date.start.isoformat()) == ("ASSAULT", "2019-12-29")
