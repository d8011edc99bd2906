"""Parsed documents as JSON: frozen parses let rules be tested without loading spaCy.

`to_json(doc)` keeps everything a rule reads (tokens with their parse, sentences, named
entities, the article); `from_json` gives back an equal `Document`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .types import Article, Document, NamedEntity, Sentence, TextSpan, Token

TOKEN_FIELDS = ("i", "text", "start", "lemma", "pos", "tag", "dep", "head", "ent_type", "sent")


def to_json(doc: Document) -> dict[str, Any]:
    a = doc.article
    return {
        "article": {
            "id": a.id,
            "text": a.text,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
        },
        "tokens": [[getattr(t, f) for f in TOKEN_FIELDS] for t in doc.tokens],
        "sentences": [[s.first, s.last, s.span.start, s.span.end] for s in doc.sentences],
        "entities": [[e.first, e.last, e.label, e.span.start, e.span.end] for e in doc.entities],
    }


def from_json(data: dict[str, Any]) -> Document:
    a = data["article"]
    published = dt.date.fromisoformat(a["published"]) if a.get("published") else None
    article = Article(id=a["id"], text=a["text"], title=a.get("title"), published=published)
    tokens = tuple(Token(**dict(zip(TOKEN_FIELDS, t, strict=True))) for t in data["tokens"])
    sentences = tuple(
        Sentence(k, first, last, TextSpan(start, end))
        for k, (first, last, start, end) in enumerate(data["sentences"])
    )
    entities = tuple(
        NamedEntity(first, last, label, TextSpan(start, end))
        for first, last, label, start, end in data["entities"]
    )
    return Document(article, tokens, sentences, entities)
