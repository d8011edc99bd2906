"""One event, many sentences (`extract/merge.py`): a continuation that names no actor, date
or place of its own joins the event told just before it. Built from sentence-level events,
no parse needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from eventwatch.extract.merge import merge_events
from eventwatch.types import (
    Coding,
    Count,
    Event,
    EventDate,
    Evidence,
    Location,
    Mention,
    Size,
    TextSpan,
    Trigger,
)

CONTINUATION = (frozenset({"ASSAULT", "COERCE"}), frozenset({"separate", "elsewhere"}))
MONDAY = EventDate(dt.date(2024, 7, 8), dt.date(2024, 7, 8), "day", "Monday")


def event(sentence: int, text: str, *, kind="ASSAULT", actor=None, dead=None, date=None,
          place=None, modes=()) -> Event:  # fmt: skip
    start = sentence * 100
    trigger = Trigger(
        TextSpan(start, start + 5), text.split()[0], sentence, Coding(kind, None, "190")
    )
    mention = lambda words: Mention(TextSpan(start, start + 1), words, sentence)  # noqa: E731
    return Event(
        "d",
        trigger,
        sentence,
        Evidence("d", TextSpan(start, start + len(text)), text, trigger.span, trigger.text),
        kind,
        "190",
        modes=modes,
        actors=(mention(actor),) if actor else (),
        recipients=(mention("people"),),
        date=date or EventDate(None, None, "unknown"),
        location=Location(place) if place else None,
        size=Size(dead=Count(dead)) if dead else Size(),
    )


STORMED = event(0, "Al-Shabab fighters stormed a hotel in Kismayo on Monday.", actor="Al-Shabab",
                date=MONDAY, place="Kismayo")  # fmt: skip


@pytest.mark.parametrize(
    ("later", "joins"),
    [
        (event(1, "Seven people were killed and nine others were wounded.", dead=7), True),
        (event(2, "Seven people were killed, he said.", dead=7), True),
        # too far from the event told
        (event(4, "Seven people were killed.", dead=7), False),
        # it names its own actor, date or place: an event of its own, unless merged as such
        (event(1, "Soldiers killed seven people.", actor="Soldiers", dead=7), False),
        (event(1, "Seven people were killed in Baidoa.", dead=7, place="Baidoa"), False),
        # its own place and date and no toll to tie it: an event of its own
        (
            event(
                1,
                "Seven people were killed in Kismayo on Monday.",
                dead=7,
                place="Kismayo",
                date=MONDAY,
            ),
            False,
        ),
        # marked as another event
        (event(1, "In a separate attack, seven people were killed.", dead=7), False),
        # a weapon where the event told none: still the same attack
        (event(1, "Seven people were killed by a bomb.", dead=7, modes=("explosives",)), True),
        (event(1, "Seven people were praised.", kind="SUPPORT"), False),
    ],
)
def test_a_continuation_joins_the_event_told_before_it(later, joins):
    clusters = merge_events([STORMED, later], continuation=CONTINUATION)
    assert (len(clusters) == 1) is joins
    if joins:
        assert clusters[0].date == MONDAY and clusters[0].size().dead.value == 7


def test_a_continuation_with_another_toll_is_another_event():
    first = event(0, "Gunmen killed five people in Kismayo.", actor="Gunmen", dead=5)
    later = event(1, "Seven people were killed.", dead=7)
    assert len(merge_events([first, later], continuation=CONTINUATION)) == 2


def test_without_continuation_types_nothing_continues():
    later = event(1, "Seven people were killed.", dead=7)
    assert len(merge_events([STORMED, later])) == 2


def test_an_event_told_with_another_of_its_type_is_no_continuation():
    # "Gunmen ambushed a convoy in X." / "Three soldiers were killed in the airstrikes that
    # followed.": the second sentence tells its own event; "killed" goes with "airstrikes"
    killed = event(1, "Three soldiers were killed in the airstrikes that followed.", dead=3)
    strikes = replace(
        event(1, "airstrikes", place="Badia"), trigger=replace(killed.trigger, head=9)
    )
    clusters = merge_events([STORMED, killed, strikes], continuation=CONTINUATION)
    assert [len(c.events) for c in clusters] == [1, 2]
