"""`eventwatch actors`: resolve a phrase outside any article, and list the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

from ..types import Article, Mention, TextSpan
from .kb import KnowledgeBase
from .resolve import ActorResolver


def explain(name: str, kb: KnowledgeBase, *, year: int | None = None) -> Iterator[str]:
    """Lines saying what `name` resolves to and why."""
    from ..extract.mentions import MentionFinder
    from ..nlp import parse
    from ..ontology import load_ontology

    doc = parse(Article(id="name", text=name.strip()))
    finder = MentionFinder(doc, load_ontology())
    roots = [t for t in doc.tokens if t.dep == "ROOT"]
    mention = finder.mention(roots[0].i) if roots else None
    if mention is None:  # not a noun phrase: take the whole text as written
        head = roots[0].i if roots else 0
        names = tuple(doc.span_text(e.span) for e in doc.entities)
        mention = Mention(TextSpan(0, len(doc.text)), doc.text, head, names)
    entity = ActorResolver(kb).resolve(mention, doc, year=year)
    yield f"name:        {entity.entity_text}"
    yield f"resolved:    {entity.identifier_text}"
    yield f"wikidata:    {entity.identifier_id or '-'}"
    yield f"code:        {entity.code or '-'}"
    yield f"sector:      {entity.sector or '-'}"
    yield f"parent:      {entity.parent or '-'}"
    if entity.aliases:
        yield f"aliases:     {', '.join(entity.aliases)}"
    if entity.resolution is not None:
        r = entity.resolution
        yield f"how:         {r.method} (score {r.score}): {r.reason}"


def knowledge_base_rows(kb: KnowledgeBase) -> Iterator[tuple[str, ...]]:
    yield ("name", "kind", "code", "sector", "wikidata", "parent", "aliases")
    for actor in sorted(kb.actors.values(), key=lambda a: (a.kind, a.name)):
        yield (
            actor.name,
            actor.kind,
            actor.code or "",
            actor.sector or "",
            actor.qid or "",
            actor.parent or actor.org or "",
            "; ".join(actor.aliases),
        )
