import pytest

import eventwatch
from eventwatch.errors import PipelineError
from eventwatch.pipeline import STAGES, Stage, check_chain
from eventwatch.settings import SETTINGS, Settings
from eventwatch.types import TextSpan


def test_all_is_sorted_and_importable():
    assert eventwatch.__all__ == sorted(eventwatch.__all__)
    for name in eventwatch.__all__:
        assert getattr(eventwatch, name) is not None


def test_default_stages_chain():
    check_chain(STAGES)  # raises if broken


def test_stage_needing_what_nobody_adds_is_refused():
    orphan = Stage("dates", ("events",), ("dates",), lambda a, o: a)
    with pytest.raises(
        PipelineError, match="stage 'dates' needs events, which no earlier stage adds"
    ):
        check_chain((STAGES[0], orphan))


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (5, 4)])
def test_text_span_rejects_bad_bounds(start, end):
    with pytest.raises(ValueError, match="bad span"):
        TextSpan(start, end)


def test_settings_table_matches_defaults_and_env_overrides():
    defaults = Settings()
    assert {s.name: s.default for s in SETTINGS} == {
        name: getattr(defaults, name) for name in Settings.__dataclass_fields__
    }
    assert Settings.from_env({"EVENTWATCH_BATCH_SIZE": "2"}).batch_size == 2
