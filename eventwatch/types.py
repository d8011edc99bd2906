"""Typed value objects: everything eventwatch finds is a character span into an article.

The NLP layer (`eventwatch.nlp`) turns spaCy's output into `Document`s made of these
types; every later stage reads and writes only them, so they can be tested without a
model. Offsets are half-open character offsets into `Article.text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Precision = Literal["day", "month", "year", "unknown"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A half-open character range `[start, end)` in an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def contains(self, other: TextSpan) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: TextSpan) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One input article with its metadata. `published` anchors relative dates."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # file (and line) it came from, for error messages


# past forms the small model leaves unlemmatised ("Malian troops retook the town")
IRREGULAR = {"retook": "retake", "retaken": "retake", "overran": "overrun", "outran": "outrun",
             "withdrew": "withdraw", "withdrawn": "withdraw", "overthrew": "overthrow",
             "overthrown": "overthrow"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Token:
    """One token with its parse. `head` is a document-level token index."""

    i: int
    text: str
    start: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    sent: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def forms(self) -> tuple[str, ...]:
        """The lemma, then what an inflected verb may also come from: the small model
        lemmatises "staged" as "stag"."""
        low, out = self.lower, [self.lemma]
        if low in IRREGULAR:
            out.append(IRREGULAR[low])
        if self.tag in ("VBD", "VBN") and low.endswith("ed"):
            out += [low[:-1], low[:-2]]
        elif self.tag == "VBG" and low.endswith("ing"):
            out += [low[:-3] + "e", low[:-3]]
        elif self.tag == "VBZ" and low.endswith("s"):
            out += [low[:-1]]
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Sentence:
    """Tokens `[first, last)` of a document; `span` in characters."""

    index: int
    first: int
    last: int
    span: TextSpan


@dataclass(frozen=True, slots=True)
class NamedEntity:
    """A statistical or dictionary entity over tokens `[first, last)`."""

    first: int
    last: int
    label: str
    span: TextSpan


@dataclass(frozen=True)
class Document:
    """A parsed article: tokens, sentences and entities over `article.text`."""

    article: Article
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[NamedEntity, ...] = ()

    @cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.tokens]
        for tok in self.tokens:
            if tok.head != tok.i:
                kids[tok.head].append(tok.i)
        return tuple(tuple(k) for k in kids)

    @property
    def text(self) -> str:
        return self.article.text

    def children(self, i: int) -> tuple[int, ...]:
        return self._children[i]

    def kids(self, i: int, *deps: str) -> list[Token]:
        """Children of token `i`, optionally only those with one of `deps`."""
        return [self.tokens[c] for c in self._children[i] if not deps or self.tokens[c].dep in deps]

    def ancestors(self, i: int) -> Iterator[Token]:
        seen = {i}
        tok = self.tokens[i]
        while tok.head != tok.i and tok.head not in seen:
            seen.add(tok.head)
            tok = self.tokens[tok.head]
            yield tok

    def subtree(self, i: int) -> list[int]:
        out, stack = [], [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self._children[j])
        return sorted(out)

    def span_text(self, span: TextSpan) -> str:
        return self.article.text[span.start : span.end]

    def tokens_span(self, first: int, last: int) -> TextSpan:
        """Character span of tokens `[first, last]` (inclusive)."""
        return TextSpan(self.tokens[first].start, self.tokens[last].end)

    def sentence_of(self, i: int) -> Sentence:
        return self.sentences[self.tokens[i].sent]

    def entity_at(self, i: int) -> NamedEntity | None:
        for ent in self.entities:
            if ent.first <= i < ent.last:
                return ent
        return None


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a value was decided: the method, a score in [0, 1], and a readable reason."""

    method: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A participant named in the text: `span` is what is written, `head` its token.

    `antecedent` is set where the written words are a pronoun or a description ("it",
    "the group") that was resolved to an earlier, named mention.
    """

    span: TextSpan
    text: str
    head: int
    names: tuple[str, ...] = ()  # proper names inside the span ("ISIS", "Islamic State")
    antecedent: Mention | None = None
    resolution: Resolution | None = None
    # "their forces": the mention the possessive pronoun stands for (their = Bosnian Serbs)
    owner: Mention | None = None

    @property
    def referent(self) -> Mention:
        return self.antecedent.referent if self.antecedent else self

    @property
    def name_headed(self) -> bool:
        """Whether the words are a proper name ("the Zorgon Liberation Front", "Hamas"), not
        a description with a name in it ("a prominent anti-Syria journalist")."""
        last = self.text.split()[-1].lower() if self.text.split() else ""
        return any(n.split()[-1].lower() == last for n in self.names if n.split())

    def key(self) -> frozenset[str]:
        """Lower-cased names used to tell whether two mentions may be the same actor."""
        ref = self.referent
        names = ref.names or (ref.text,)
        last = ref.text.split()[-1].lower() if ref.text.split() else ""
        if ref.names and not any(n.split()[-1].lower() == last for n in ref.names):
            names = (*names, ref.text)  # "Georgian government" is not "Georgian demonstrators"
        return frozenset(n.lower() for n in names)


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor or recipient as the output contract describes it."""

    entity_text: str
    identifier_text: str | None = None
    identifier_id: str | None = None
    code: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # the organisation it belongs to (a province's group, a leader's)
    span: TextSpan | None = None
    resolution: Resolution | None = None

    def keys(self) -> frozenset[str]:
        """Lower-cased names that may identify the same actor elsewhere in the text."""
        names = (self.identifier_text, self.parent, self.entity_text)
        return frozenset(n.lower() for n in names if n)


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened; coordinates and codes come from the place resolver.

    `admin1`/`admin2` name the first- and second-level subdivisions the place is or lies
    in (ACLED's columns); `admin1_code` and `admin2_code` are GeoNames codes ("EG.27",
    "US.CA.037"), `admin1_iso` the ISO 3166-2 code ("EG-SIN"). Each is None when unknown.
    `near`: the text places the event near or outside the place, not in it ("a checkpoint
    outside Baghdad"; ACLED's geo_precision 2).
    """

    extracted_place: str
    span: TextSpan | None = None
    resolved_place: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin1_iso: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None
    country_code: str | None = None
    precision: Literal["city", "region", "country"] | None = None
    resolution: Resolution | None = None
    near: bool = False


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date range with its precision; `span` is the date expression in the text."""

    start: dt.date | None
    end: dt.date | None
    precision: Precision
    text: str | None = None
    span: TextSpan | None = None

    def overlaps(self, other: EventDate) -> bool:
        if self.start is None or other.start is None or self.end is None or other.end is None:
            return True
        return self.start <= other.end and other.start <= self.end


UNKNOWN_DATE = EventDate(None, None, "unknown")


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people as stated: "more than 300" is `Count(300, "more than")`."""

    value: int
    qualifier: str | None = None
    span: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Size:
    dead: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None

    def merged(self, other: Size) -> Size:
        return Size(
            _larger(self.dead, other.dead),
            _larger(self.injured, other.injured),
            _larger(self.arrested, other.arrested),
        )


def _larger(a: Count | None, b: Count | None) -> Count | None:
    if a is None or b is None:
        return a or b
    return a if a.value >= b.value else b


@dataclass(frozen=True, slots=True)
class Coding:
    """What a trigger pattern means: a PLOVER type and mode, a CAMEO code, and flags."""

    event: str
    mode: str | None
    cameo: str
    lethal: bool = False
    injures: bool = False
    arrests: bool = False
    person_object: bool = False
    weak: bool = False
    recipient_preps: tuple[str, ...] = ()
    # "Hamas received weapons from Iran": the subject is the recipient, "from" the actor
    received: bool = False


@dataclass(frozen=True, slots=True)
class Trigger:
    """The words that say an event happened, and the lexicon coding they carry."""

    span: TextSpan
    text: str
    head: int
    coding: Coding
    nominal: bool = False


@dataclass(frozen=True, slots=True)
class Weapon:
    """The weapon an attack's clause names ("a roadside bomb killed five soldiers"): it
    decides ACLED's Explosions/Remote violence sub-type and the PLOVER mode."""

    text: str
    span: TextSpan
    acled: str  # the ACLED sub-event type
    mode: str  # the PLOVER mode


@dataclass(frozen=True, slots=True)
class Cue:
    """Words beyond the trigger that decide an event's ACLED sub-type: what a protest
    turned into ("threw stones": a violent demonstration), a mob ("a mob lynched")."""

    acled: tuple[str, str]  # (event type, sub-event type)
    text: str  # the deciding words ("" for a protest with no force and no violence)
    span: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """Where, finer than a town, as written: "a checkpoint", "McGurk's Bar" (never
    geocoded; see `extract/sites.py`)."""

    text: str
    span: TextSpan


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence that reports an event, with the trigger inside it."""

    doc_id: str
    span: TextSpan
    text: str
    trigger: TextSpan
    event_text: str


@dataclass(frozen=True)
class Event:
    """One event found in one sentence, before merging."""

    doc_id: str
    trigger: Trigger
    sentence: int
    evidence: Evidence
    event: str
    cameo: str
    modes: tuple[str, ...] = ()
    actors: tuple[Mention, ...] = ()
    recipients: tuple[Mention, ...] = ()
    date: EventDate = UNKNOWN_DATE
    location: Location | None = None
    size: Size = field(default_factory=Size)
    status: tuple[str, ...] = ()
    confidence: float = 0.5
    reasons: tuple[str, ...] = ()
    clause: int = -1  # token heading the trigger's clause: events sharing it are one story
    # "the explosion", "the blast" with no one named: a later mention of an event already
    # told; it only adds its sentence as evidence to that event (see merge)
    echo: bool = False
    place_attached: bool = False  # the place hangs on the trigger ("shelled targets in Jericho")
    # the place is in the trigger's own clause, not in a phrase about a participant ("killed
    # 23 people when they blew themselves up in Tel Aviv"; not "students who returned from Iran")
    place_in_clause: bool = False
    names_agent: bool = False  # the sentence names a group, person or nation besides the victims
    # who decided the type: "rules", or "model" (the learned coder) with its probabilities
    coder: str = "rules"
    coding: Resolution | None = None
    acled: tuple[str, str] | None = None  # the learned coder's ACLED (event, sub-event) type
    # how the actors and recipients were chosen: by the rules, or by the learned role
    # model (`learn/roles.py`), with the reason; `model_sides` names the sides ("actors",
    # "recipients") that only the model named
    participants: Resolution | None = None
    model_sides: tuple[str, ...] = ()
    # "intent", "refusal" or "accusation": the type was set by a frame ("vowed to overthrow"
    # is a THREATEN, "would not provide aid" a REJECT, "blamed the attack on X" an ACCUSE),
    # not read off the trigger word
    frame: str | None = None
    weapon: Weapon | None = None  # the weapon its clause names (an ASSAULT's only)
    cue: Cue | None = None  # what a protest turned into, or a mob (`extract/protests.py`)
    site: Site | None = None  # the site it happened at ("a checkpoint"; `extract/sites.py`)


@dataclass(frozen=True)
class EventRecord:
    """A finished event: one or more `Event`s merged, ready for output or storage."""

    id: str
    doc_id: str
    event: str
    modes: tuple[str, ...]
    quad_code: int
    actors: tuple[Entity, ...]
    recipients: tuple[Entity, ...]
    date: EventDate
    location: Location | None
    size: Size
    status: tuple[str, ...]
    event_text: str
    evidence: tuple[Evidence, ...]
    confidence: float
    cameo_code: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    contexts: tuple[str, ...] = ()
    source_count: int = 1
    coder: str = "rules"
    coding: Resolution | None = None
    participants: Resolution | None = None  # how the actors and recipients were chosen
    site: Site | None = None  # the site it happened at, as written ("a checkpoint")


@dataclass(frozen=True, slots=True)
class Dropped:
    """An item a stage could not process: the batch goes on and the reason is kept."""

    stage: str
    id: str
    reason: str
    # the traceback of an internal error (shown by `--debug`), not part of the verdict
    detail: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.id}: {self.reason}"


JSON = dict[str, Any]
