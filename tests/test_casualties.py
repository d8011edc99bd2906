import pytest

from eventwatch.extract.casualties import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("224", 224),
        ("1,200", 1200),
        ("three", 3),
        ("Twenty-five", 25),
        ("a dozen", 12),
        ("two hundred", 200),
        ("2 million", 2_000_000),
        ("1.5 thousand", 1500),
        ("many", None),
        ("", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value
