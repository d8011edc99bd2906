"""Property tests (Hypothesis): whatever the input, no internal error, and every input is
either coded or a failure (count in = coded + failed).

The `@example`s are inputs that once broke a run, kept as regression cases. CI runs a few
dozen generated cases per property (derandomised, so a run is repeatable); `make fuzz`
runs many more (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwatch.extract.dates import normalise
from eventwatch.ingest import html_to_article, read_articles
from eventwatch.settings import Settings
from eventwatch.types import Article, Dropped

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SENTENCE = "Rebels attacked an army post near Goma on Sunday, killing four soldiers."
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
field_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts,
    st.lists(texts, max_size=3), st.dates().map(dt.date.isoformat),
)  # fmt: skip
records = st.fixed_dictionaries(
    {},
    optional={
        "id": field_values,
        "text": st.one_of(texts, texts.map(lambda t: f"{SENTENCE} {t}"), field_values),
        "html": st.one_of(texts.map(lambda t: f"<p>{SENTENCE}</p>{t}"), field_values),
        "title": field_values,
        "published": st.one_of(field_values, st.dates().map(dt.date.isoformat)),
        "url": field_values,
    },
)
json_lines = st.one_of(records.map(json.dumps), texts.filter(lambda t: "\n" not in t))


@given(lines=st.lists(json_lines, min_size=1, max_size=6))
@example(lines=['{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}"])
@example(lines=['{"id": "half", "text": "Rebels attacked the town \\ud800 on Sunday."}'])
@example(lines=[json.dumps({"id": "old", "text": SENTENCE, "published": "0001-01-01"})])
@example(lines=[json.dumps({"id": "late", "text": SENTENCE, "published": "9999-12-31"})])
@example(lines=["0\x1e0"])  # a record separator is no line break in JSON Lines
@example(lines=['{"title": true, "text": ""}', "{}"])  # a title that is no text
@example(lines=[json.dumps({"text": f"{SENTENCE}\u2028More."}, ensure_ascii=False)])
def test_any_jsonl_line_is_an_article_or_a_failure(tmp_path, lines):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles(str(path)))
    assert all(isinstance(i, Article | Dropped) for i in items)
    if [getattr(i, "reason", "")[:11] for i in items] == ["binary file"]:
        return  # NULs and the like: the whole file is refused, in one failure
    assert len(items) == sum(1 for line in lines if line.strip())  # one item a line


@given(text=texts, published=st.one_of(st.none(), st.dates()))
@example(text="last week", published=dt.date(1, 1, 1))
@example(text="next year", published=dt.date(9999, 12, 31))
@example(text="Dec. 29", published=dt.date.max)
def test_any_date_text_against_any_publication_date_is_a_range_or_nothing(text, published):
    found = normalise(text, published)
    if found is not None:
        start, end, precision = found
        assert start <= end and precision in ("day", "month", "year")


tags = st.sampled_from(["p", "div", "span", "b", "script", "table", "td", "a", "li", "ul"])


@st.composite
def html(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(tags)
            parts.append(f"<{tag}>{draw(html(depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.one_of(texts, st.just(SENTENCE))))
    return "".join(parts)


@given(page=html())
def test_any_html_nesting_is_an_article_or_a_failure(page):
    item = html_to_article(page, "page", "page.html", None, Settings())
    assert isinstance(item, Article | Dropped)


@pytest.mark.model
@given(
    text=st.one_of(texts, texts.map(lambda t: f"{SENTENCE} {t}")),
    published=st.one_of(st.none(), st.dates()),
)
@settings(max_examples=int(os.environ.get("FUZZ_PIPELINE_EXAMPLES", "25")))
@example(text="A man injures another Dec. 29.", published=dt.date(2020, 1, 2))
@example(text=SENTENCE, published=dt.date(1, 1, 1))
def test_the_pipeline_codes_any_text_or_drops_it_with_a_reason(pipeline, text, published):
    (result,) = pipeline.run([Article(id="t", text=text or ".", published=published)])
    if result.dropped is not None:
        assert result.dropped.reason and result.dropped.stage
    for record in result.records:
        for ev in record.evidence:
            assert 0 <= ev.span.start < ev.span.end <= len(text or ".")
