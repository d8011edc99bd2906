"""One event, many sentences: merge the reports of the same event inside one article.

Two sentence-level events are the same event when they have the same PLOVER type and
 - compatible actors: in the same sentence, either side may be unnamed; across sentences
   both must be named and share a name ("ISIS" and "the Egyptian wing of ISIS"), and
   one more thing must tie them: a shared recipient, the same known date, the same
   trigger word or the same death toll (two attacks by one group are not one attack);
 - compatible recipients (either unnamed, or a shared name);
 - overlapping date ranges (an unknown date overlaps everything);
 - no conflicting death tolls.
In one clause ("shelled Juba ..., killing about 20 people") compatible actors suffice.
A participant only the learned role model named is left out of these tests (`said`).
Events are merged greedily in text order into the first compatible cluster. The
headline is the exception: it restates the lead, so the first compatible event below it
joins it even when the headline names no actor. An echo ("the explosion", "the assault",
named by no one) joins the latest event of its type told before it; with none, "the
assault" is an event of its own and "the explosion" (a weak noun) none. A continuation
joins it too: a report that names no actor, date or place of its own, only victims or
counts ("Seven people were killed and nine others were wounded," he told reporters),
told within two sentences of the latest event of its type, of a compatible mode and toll,
the only event of its type in its sentence (else it is told with the others there), and
not marked as another event ("in a separate attack", "elsewhere").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..types import Event, EventDate, Mention, Size

KeyFn = Callable[[Mention], frozenset[str]]


def mention_key(mention: Mention) -> frozenset[str]:
    return mention.key()


@dataclass
class Cluster:
    events: list[Event] = field(default_factory=list)
    key: KeyFn = mention_key

    @property
    def event(self) -> str:
        return self.events[0].event

    @property
    def told(self) -> list[Event]:
        """The events that tell it (not the echoes that only mention it again)."""
        return [e for e in self.events if not e.echo]

    @property
    def date(self) -> EventDate:
        known = [e.date for e in self.told if e.date.start is not None]
        return min(known, key=_width) if known else self.told[0].date

    def actors(self) -> list[Mention]:
        return _union((m for e in self.events for m in e.actors), self.key)

    def recipients(self) -> list[Mention]:
        return _union((m for e in self.events for m in e.recipients), self.key)

    def said(self, side: str) -> list[Mention]:
        """The actors or recipients the merge decides on (`said`)."""
        return _union((m for e in self.events for m in said(e, side)), self.key)

    def size(self) -> Size:
        size = Size()
        for e in self.told:
            size = size.merged(e.size)
        return size

    def sentences(self) -> set[int]:
        return {e.sentence for e in self.events}


def said(event: Event, side: str) -> tuple[Mention, ...]:
    """An event's "actors" or "recipients" as the text's structure gives them: a side that
    only the learned role model named (`Event.model_sides`) says nothing about whether two
    reports are one event."""
    return () if side in event.model_sides else getattr(event, side)


def merge_events(
    events: list[Event],
    headline: int | None = None,
    key: KeyFn = mention_key,
    continuation: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[Cluster]:
    """Group events that report the same thing; `headline` is the title's sentence index;
    `key` gives the names a participant is known by (resolved entities add theirs);
    `continuation`: the types a continuation may join, and the words that mark a report
    as another event ("separate", "elsewhere")."""
    clusters: list[Cluster] = []
    alone = Counter((e.sentence, e.event) for e in events)  # events of a type a sentence tells
    for event in events:
        if event.echo:
            told = _told(clusters, event)
            if told is not None:
                told.events.append(event)
                continue
            if event.trigger.coding.weak:
                continue  # "the explosion" with nothing told before is no event
            event = replace(event, echo=False)  # "the attack" first told here
        for cluster in clusters:
            if _compatible(cluster, event, headline):
                cluster.events.append(event)
                break
        else:
            continued = None
            if alone[event.sentence, event.event] == 1:  # not one of several told together
                continued = _continued(clusters, event, continuation)
            if continued is not None:
                continued.events.append(event)
            else:
                clusters.append(Cluster([event], key))
    return clusters


NEAR = 2  # a continuation is told at most this many sentences after the event


def _continued(
    clusters: list[Cluster], event: Event, continuation: tuple[frozenset[str], frozenset[str]]
) -> Cluster | None:
    """The event `event` goes on telling, if it is a continuation (see the module's doc)."""
    types, apart = continuation
    if (
        event.event not in types
        or said(event, "actors")
        or event.date.start is not None
        or event.location is not None
    ):
        return None
    if not event.recipients and event.size.dead is None and event.size.injured is None:
        return None
    words = {w.strip(".,;:\"'“”‘’()").lower() for w in event.evidence.text.split()}
    if words & apart:
        return None
    latest = max(
        (c for c in clusters if c.event == event.event),
        key=lambda c: max(e.sentence for e in c.events),
        default=None,
    )
    if latest is None or not 0 < event.sentence - max(latest.sentences()) <= NEAR:
        return None
    modes = {m for e in latest.events for m in e.modes}
    if event.modes and modes and not set(event.modes) & modes:
        return None
    dead_a, dead_b = latest.size().dead, event.size.dead
    if dead_a is not None and dead_b is not None and dead_a.value != dead_b.value:
        return None
    return latest


def _told(clusters: list[Cluster], echo: Event) -> Cluster | None:
    """The latest event told before `echo` that it can refer back to: same type, and the
    same mode where both have one ("the explosion" after "a car bombing")."""
    earlier = [
        c
        for c in clusters
        if c.event == echo.event
        and any(e.sentence <= echo.sentence and not e.echo for e in c.events)
        and (not echo.modes or not any(e.modes for e in c.events)
             or any(set(echo.modes) & set(e.modes) for e in c.events))
    ]  # fmt: skip
    return max(earlier, key=lambda c: max(e.sentence for e in c.events), default=None)


def _compatible(cluster: Cluster, event: Event, headline: int | None = None) -> bool:
    if cluster.event != event.event:
        return False
    same_sentence = event.sentence in cluster.sentences()
    # A headline restates the lead: "Rebels attack army base" is the first attack told below.
    from_headline = cluster.sentences() == {headline} and headline is not None
    actors, mine = cluster.said("actors"), list(said(event, "actors"))
    if same_sentence or from_headline:
        if actors and mine and not names_overlap(actors, mine, cluster.key):
            return False
    elif not (actors and mine and names_overlap(actors, mine, cluster.key)) or not _anchored(
        cluster, event
    ):
        return False
    if same_sentence and any(e.clause == event.clause for e in cluster.events):
        return True  # "shelled Juba ..., killing 20 people": one attack, told in one clause
    recipients, theirs = cluster.said("recipients"), list(said(event, "recipients"))
    if recipients and theirs and not names_overlap(recipients, theirs, cluster.key):
        return False
    if not cluster.date.overlaps(event.date):
        return False
    dead_a, dead_b = cluster.size().dead, event.size.dead
    return dead_a is None or dead_b is None or same_sentence or dead_a.value == dead_b.value


def _anchored(cluster: Cluster, event: Event) -> bool:
    """Across sentences, something besides the actor must say it is the same event."""
    recipients, theirs = cluster.said("recipients"), list(said(event, "recipients"))
    if recipients and theirs and names_overlap(recipients, theirs, cluster.key):
        return True
    date = cluster.date
    if date.start is not None and event.date.start is not None and date.overlaps(event.date):
        return True
    lemmas = {e.trigger.text.lower() for e in cluster.events}
    if event.trigger.text.lower() in lemmas:
        return True
    dead = cluster.size().dead
    return dead is not None and event.size.dead is not None and dead.value == event.size.dead.value


def names_overlap(a: list[Mention], b: list[Mention], key: KeyFn = mention_key) -> bool:
    """Do two groups of mentions share a name (whole words, case-insensitive)?"""
    keys_a = {k for m in a for k in key(m)}
    keys_b = {k for m in b for k in key(m)}
    for x in keys_a:
        for y in keys_b:
            if x == y or _contains(x, y) or _contains(y, x):
                return True
    return False


def _contains(long: str, short: str) -> bool:
    if len(short) < 3 or short not in long:
        return False
    return f" {short} " in f" {long} ".replace("(", " ").replace(")", " ")


def _width(date: EventDate) -> int:
    assert date.start is not None and date.end is not None
    return (date.end - date.start).days


def _union(mentions, key: KeyFn) -> list[Mention]:
    out: list[Mention] = []
    keys: list[frozenset[str]] = []
    for m in mentions:
        if key(m) not in keys:
            keys.append(key(m))
            out.append(m)
    return out
