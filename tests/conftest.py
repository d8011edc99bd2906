from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
