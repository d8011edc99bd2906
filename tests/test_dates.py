import datetime as dt

import pytest

from eventwatch.extract.dates import event_date, is_historical, normalise
from eventwatch.types import EventDate

D = dt.date
PUB = D(2018, 1, 4)  # a Thursday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Wednesday", PUB, (D(2018, 1, 3), D(2018, 1, 3), "day")),
        ("in April", PUB, (D(2017, 4, 1), D(2017, 4, 30), "month")),
        ("In July 2015", PUB, (D(2015, 7, 1), D(2015, 7, 31), "month")),
        ("in 2014", PUB, (D(2014, 1, 1), D(2014, 12, 31), "year")),
        ("October 2015", PUB, (D(2015, 10, 1), D(2015, 10, 31), "month")),
        ("last month", PUB, (D(2017, 12, 1), D(2017, 12, 31), "month")),
        ("Sept. 21, 2013", PUB, (D(2013, 9, 21), D(2013, 9, 21), "day")),
        ("last week", PUB, (D(2017, 12, 25), D(2017, 12, 31), "day")),
        # without a publication date, relative dates are never guessed from today
        ("Wednesday", None, None),
        ("in April", None, None),
        ("in 2014", None, (D(2014, 1, 1), D(2014, 12, 31), "year")),
        # a date after publication cannot be when a reported event happened
        ("2019", PUB, None),
        ("recent years", PUB, None),
    ],
)
def test_normalise(text, published, expected):
    assert normalise(text, published) == expected


@pytest.mark.parametrize(
    ("end", "historical"),
    [(D(2017, 11, 30), True), (D(2018, 1, 3), False), (D(2017, 12, 10), False), (None, False)],
)
def test_historical_is_more_than_a_month_before_publication(end, historical):
    date = EventDate(end, end, "day") if end else EventDate(None, None, "unknown")
    assert is_historical(date, PUB) is historical


# (sentence, trigger word, the date of the event, the act planned or not): a vowed or
# announced act is dated by the saying, never by when it would happen
PLANNED = [
    ("The two leaders will hold talks in Geneva on Thursday.", "talks", None, True),
    ("Israel said on Monday it would evacuate the settlements on Friday.", "evacuate",
     D(2018, 1, 1), True),
    ("Hamas vowed on Tuesday to attack Israeli towns.", "attack", D(2018, 1, 2), True),
    ("The rebels said they would not attend talks on Friday.", "attend", None, True),
    ("Troops shelled the village on Monday.", "shelled", D(2018, 1, 1), False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "word", "day", "planned"), PLANNED)
def test_a_planned_act_is_dated_by_its_saying(frozen, text, word, day, planned):
    doc = frozen("dates", [case[0] for case in PLANNED])[text]
    (head,) = [t.i for t in doc.tokens if t.text == word]
    assert event_date(doc, head, PUB, planned=planned).start == day
