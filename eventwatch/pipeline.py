"""The extraction pipeline: small named stages that declare what they need and add.

    parse -> triggers -> events -> actors -> places -> merge

`Pipeline` checks the chain once at construction (a stage that needs a field no earlier
stage adds raises `PipelineError`), then runs every article through it. Parsing is
batched through spaCy's `nlp.pipe`; an article that fails in any stage becomes a
`Dropped` with the stage and the reason, and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from traceback import format_exc

from .actors import ActorResolver, load_kb
from .actors.kb import normalise
from .errors import ModelError, OntologyError, PipelineError
from .extract.events import build_events
from .extract.merge import merge_events
from .extract.triggers import find_triggers
from .learn.decide import decide
from .learn.model import MODEL_DIR, Coder, load_coder
from .ontology import Ontology, load_ontology
from .places import Gazetteer, PlaceMatch, load_gazetteer
from .places.locate import locate, names_a_side, stated_countries
from .records import build_record
from .settings import Settings
from .types import (
    Article,
    Document,
    Dropped,
    Entity,
    Event,
    EventRecord,
    Location,
    Mention,
    Resolution,
    Trigger,
)


@dataclass(frozen=True)
class Analysis:
    """What the stages know about one article so far."""

    article: Article
    doc: Document | None = None
    triggers: tuple[Trigger, ...] = ()
    events: tuple[Event, ...] = ()
    entities: Mapping[Mention, Entity] = field(default_factory=dict)
    countries: tuple[str, ...] = ()  # what the article is about, most mentioned first
    records: tuple[EventRecord, ...] = ()
    rejected: tuple[str, ...] = ()  # triggers not coded, each with the reason


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[Analysis, Resources], Analysis]


# kinds of actor whose names are never places, whatever a gazetteer lists ("al-Shabab")
ACTOR_KINDS = frozenset({"group", "movement", "militia", "party", "pmc", "igo", "ngo", "media"})
# ISO codes the gazetteer uses where PLOVER has its own (Kosovo)
PLOVER_CODES = {"XKX": "KOS"}
DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
              "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
              "northwestern", "southeastern", "southwestern", "upper", "lower"}  # fmt: skip


@dataclass
class Resources:
    """What stages consult: the ontology and the resolvers (loaded on first use)."""

    ontology: Ontology = field(default_factory=load_ontology)
    # "rules": code without the learned coder (setting `coder`, EVENTWATCH_CODER)
    coder_name: str = field(default_factory=lambda: Settings.from_env().coder)
    model_dir: Path = MODEL_DIR  # the learned coder's folder (the package's own)
    _actors: ActorResolver | None = None
    _places: Gazetteer | None = None
    _coder: Coder | None | bool = False  # False: not loaded yet; None: unavailable

    @property
    def coder(self) -> Coder | None:
        """The learned coder, or None (rules only: by setting, or said once when the model
        file is missing or corrupt)."""
        if self._coder is False:
            self._coder = load_coder(self.model_dir) if self.coder_name == "model" else None
        return self._coder if isinstance(self._coder, Coder) else None

    @property
    def actors(self) -> ActorResolver:
        if self._actors is None:
            self._actors = ActorResolver(load_kb(), place_country=self.place_country)
        return self._actors

    def place_country(self, name: str) -> str | None:
        match = self.places.resolve(name)
        return PLOVER_CODES.get(match.country_code, match.country_code) if match else None

    def resolve_place(
        self, name: str, countries: Sequence[str] = (), within: Sequence[str] = ()
    ) -> PlaceMatch | None:
        """A place, retried without a compass word ("western Cambodia" -> Cambodia); never
        a name the knowledge base holds as an organisation ("al-Shabab")."""
        if self.names_actor(name):
            return None
        match = self.places.resolve(name, countries=countries, within=within)
        words = name.split()
        if match is None and len(words) > 1 and words[0].lower() in DIRECTIONS:
            match = self.places.resolve(" ".join(words[1:]), countries=countries, within=within)
        return match

    def names_actor(self, name: str) -> bool:
        """Whether `name` is an organisation, group or party the knowledge base knows."""
        known = self.actors.kb.lookup(name)
        return known is not None and known.kind in ACTOR_KINDS

    def country_code(self, name: str) -> str | None:
        """The alpha-3 code when `name` is a country's name."""
        match = self.places.resolve(name)
        return match.country_code if match and match.precision == "country" else None

    @property
    def places(self) -> Gazetteer:
        if self._places is None:
            self._places = load_gazetteer()
        return self._places

    def is_place(self, name: str) -> bool:
        """A name the NER missed counts as a place only on a close match ("Sinai"), and a
        nationality never does ("the Thai border" is not a town called Thai)."""
        kb = self.actors.kb
        known = kb.lookup(name)
        if normalise(name) in kb.demonyms and (known is None or known.kind != "state"):
            return False
        if known is not None and known.kind in ACTOR_KINDS:
            return False
        match = self.places.resolve(name)
        # a town's own name counts however many namesakes it has ("Yala", "Rafah"); an
        # alternate or fuzzy match only when close
        return match is not None and (
            match.method.endswith(("-name", "-alias")) or match.score >= 0.9
        )


def _triggers(analysis: Analysis, res: Resources) -> Analysis:
    assert analysis.doc is not None
    people = res.ontology.words("people", "nouns")
    return replace(analysis, triggers=tuple(find_triggers(analysis.doc, res.ontology, people)))


def _events(analysis: Analysis, res: Resources) -> Analysis:
    assert analysis.doc is not None
    triggers = list(analysis.triggers)
    events, rejected = build_events(analysis.doc, triggers, res.ontology, known=res.is_place)
    if res.coder is not None:
        events, dropped = decide(
            analysis.doc, events, triggers, res.coder, res.ontology, known=res.is_place
        )
        rejected += dropped
    return replace(analysis, events=tuple(events), rejected=analysis.rejected + tuple(rejected))


def _actors(analysis: Analysis, res: Resources) -> Analysis:
    assert analysis.doc is not None
    entities: dict[Mention, Entity] = {}
    published = analysis.article.published
    for event in analysis.events:
        when = event.date.start or published
        for mention in (*event.actors, *event.recipients):
            if mention not in entities:
                year = when.year if when else None
                entities[mention] = res.actors.resolve(mention, analysis.doc, year=year)
    return replace(analysis, entities=entities)


def _places(analysis: Analysis, res: Resources) -> Analysis:
    """Resolve each event's place, in the light of its sentence and of the countries the
    article is about (places/locate.py)."""
    countries = article_countries(analysis, res)
    doc = analysis.doc
    assert doc is not None
    events = [
        replace(event, location=_place(event, doc, countries, res)) for event in analysis.events
    ]
    return replace(analysis, events=tuple(events), countries=countries)


def _place(
    event: Event, doc: Document, countries: tuple[str, ...], res: Resources
) -> Location | None:
    loc = event.location
    if loc is None or res.names_actor(loc.extracted_place):
        return None  # "al-Shabab" is a group, not the Iranian village Shabāb
    stated = stated_countries(doc, event.trigger.head, loc.span, res.country_code)
    match = locate(loc.extracted_place, countries, stated, res.resolve_place, res.places.country)
    if match is None:
        return loc  # the words stay, unresolved
    if match.precision == "country" and names_a_side(doc, event.trigger.head, loc.span):
        return None  # "the Russia attack on Ukraine": a side, not where
    return replace(
        loc,
        resolved_place=match.resolved_place,
        geonameid=match.geonameid,
        lat=match.lat,
        lon=match.lon,
        admin1=match.admin1,
        admin1_code=match.admin1_code,
        admin1_iso=match.admin1_iso,
        admin2=match.admin2,
        admin2_code=match.admin2_code,
        country_code=PLOVER_CODES.get(match.country_code, match.country_code),
        precision=match.precision,
        resolution=Resolution(match.method, match.score, match.reason),
    )


def article_countries(analysis: Analysis, res: Resources) -> tuple[str, ...]:
    """Country codes the article is about: its actors' countries, then places named as countries."""
    assert analysis.doc is not None
    doc = analysis.doc
    counts: Counter[str] = Counter()
    for entity in analysis.entities.values():
        if (
            entity.code
            and len(entity.code) == 3
            and entity.code not in ("IGO", "NGO", "IMG", "MNC")
        ):
            counts[entity.code] += 1
    for name in {doc.span_text(e.span) for e in doc.entities if e.label == "GPE"}:
        match = res.places.resolve(name)
        if match is not None and match.precision == "country":
            counts[match.country_code] += 1
    return tuple(code for code, _ in counts.most_common())


def _merge(analysis: Analysis, res: Resources) -> Analysis:
    entities = analysis.entities

    def key(mention: Mention) -> frozenset[str]:
        entity = entities.get(mention)
        return mention.key() | (entity.keys() if entity else frozenset())

    words = res.ontology.words
    continuation = (words("continuation", "types"), words("continuation", "apart"))
    clusters = merge_events(list(analysis.events), _headline(analysis), key, continuation)
    records = tuple(build_record(c, analysis.article, res.ontology, entities) for c in clusters)
    return replace(analysis, records=records)


def _headline(analysis: Analysis) -> int | None:
    """The index of the title's sentence, when the text starts with the title."""
    doc, title = analysis.doc, analysis.article.title
    if doc is None or not title or not doc.sentences:
        return None
    first = doc.sentences[0]
    return 0 if doc.span_text(first.span).strip() == title.strip() else None


PARSE = Stage("parse", ("article",), ("doc",), lambda a, o: a)  # batched in Pipeline.run
STAGES = (
    PARSE,
    Stage("triggers", ("doc",), ("triggers",), _triggers),
    Stage("events", ("doc", "triggers"), ("events", "rejected"), _events),
    Stage("actors", ("doc", "events"), ("entities",), _actors),
    Stage("places", ("doc", "events", "entities"), ("countries",), _places),
    Stage("merge", ("article", "doc", "events", "entities", "countries"), ("records",), _merge),
)


@dataclass(frozen=True)
class Result:
    article: Article
    records: tuple[EventRecord, ...] = ()
    rejected: tuple[str, ...] = ()
    dropped: Dropped | None = None


@dataclass
class Pipeline:
    """A configured extraction pipeline; reuse it for many articles."""

    stages: tuple[Stage, ...] = STAGES
    resources: Resources = field(default_factory=Resources)
    batch_size: int = 8

    @property
    def ontology(self) -> Ontology:
        return self.resources.ontology

    def __post_init__(self) -> None:
        check_chain(self.stages)

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Yield one `Result` per article, in order; failures become `Dropped`, not errors."""
        from . import nlp

        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= self.batch_size:
                yield from self._batch(pending, nlp)
                pending = []
        if pending:
            yield from self._batch(pending, nlp)

    def _batch(self, articles: list[Article], nlp) -> Iterator[Result]:
        try:
            docs = list(nlp.parse_many(articles, batch_size=self.batch_size))
        except Exception as exc:  # one bad text must not sink the batch: retry one by one
            if len(articles) == 1:
                dropped = Dropped("parse", articles[0].id, repr(exc), format_exc())
                yield Result(articles[0], dropped=dropped)
                return
            for article in articles:
                yield from self._batch([article], nlp)
            return
        for article, doc in zip(articles, docs, strict=True):
            yield self.analyse(article, doc)

    def analyse(self, article: Article, doc: Document) -> Result:
        """Run the stages after parsing on one parsed article."""
        analysis = Analysis(article=article, doc=doc)
        for stage in self.stages:
            if stage is PARSE:
                continue
            try:
                analysis = stage.run(analysis, self.resources)
            except (OntologyError, ModelError):
                raise  # broken installation, not a bad article: stop and say so
            except Exception as exc:  # noqa: BLE001 - reported as Dropped with the stage
                reason = f"{type(exc).__name__}: {exc}"
                dropped = Dropped(stage.name, article.id, reason, format_exc())
                return Result(article, dropped=dropped)
        return Result(article, analysis.records, analysis.rejected)


def check_chain(stages: tuple[Stage, ...]) -> None:
    """Raise `PipelineError` unless every stage's needs are added by an earlier stage."""
    have = {"article"}
    for stage in stages:
        missing = [n for n in stage.needs if n not in have]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage adds"
            )
        have.update(stage.adds)


def extract(
    text: str | Article, *, published: dt.date | str | None = None, doc_id: str = "doc"
) -> list[EventRecord]:
    """Extract the events of one article (text or `Article`) in one call."""
    if isinstance(text, Article):
        article = text
    else:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        article = Article(id=doc_id, text=text, published=published)
    result = next(Pipeline().run([article]))
    if result.dropped is not None:
        from .errors import EventwatchError

        raise EventwatchError(str(result.dropped))
    return list(result.records)
