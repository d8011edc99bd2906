import datetime as dt

import pytest

from eventwatch.extract.dates import is_historical, normalise
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
