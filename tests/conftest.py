from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PARSES = Path(__file__).resolve().parent / "fixtures" / "parses"


def pytest_addoption(parser):
    parser.addoption(
        "--refresh-parses",
        action="store_true",
        help="parse again (with spaCy) the sentences of the frozen parses in tests/fixtures/parses",
    )


@pytest.fixture(scope="session")
def frozen(request):
    """`frozen(name, texts)`: each text's `Document`, from tests/fixtures/parses/NAME.json,
    so that rule tests run without spaCy. A text with no stored parse fails the test; run
    `pytest --refresh-parses` (it needs the spaCy model) to parse the texts again."""
    from eventwatch.parses import from_json, to_json

    refresh = request.config.getoption("--refresh-parses")

    def load(name: str, texts: list[str]) -> dict:
        path = PARSES / f"{name}.json"
        stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        todo = list(texts) if refresh else [t for t in texts if t not in stored]
        if todo and not refresh:
            pytest.fail(f"{len(todo)} text(s) have no parse in {path}: run pytest --refresh-parses")
        if todo:
            from eventwatch import nlp
            from eventwatch.types import Article

            for text in todo:
                stored[text] = to_json(nlp.parse(Article(id="t", text=text)))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(stored, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        return {t: from_json(stored[t]) for t in texts}

    return load


@pytest.fixture(scope="session")
def shared() -> Path:
    """The team's shared data folder (gold files, datasets); skip where it is absent."""
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"{SHARED} is absent (a fresh clone): gold data lives beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from eventwatch import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def gaz():
    """The process-wide gazetteer, its index loaded (or built and cached) once."""
    from eventwatch.places import load_gazetteer

    g = load_gazetteer()
    g.index  # noqa: B018 - load (or build) once
    return g
