"""Actors: the knowledge base and the resolver that turns mentions into canonical entities."""

from .kb import KnowledgeBase, KnownActor, load_kb, normalise
from .resolve import ActorResolver

__all__ = ["ActorResolver", "KnowledgeBase", "KnownActor", "load_kb", "normalise"]
