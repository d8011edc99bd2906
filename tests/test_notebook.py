"""The example notebook (`examples/analysis.ipynb`): kept output-free, and run end to end.

The run builds a store from the bundled example corpus, injects its path after the cell
tagged `parameters` (papermill's convention), executes every cell in a local `python3`
kernel (nbclient, no network) and checks that the chart and the tables hold the store's
numbers: those of the chart worked out here from the stored records, not through
`eventwatch.open`.
"""

from __future__ import annotations

import base64
import html
import os
import re
import struct
from collections import Counter
from pathlib import Path
from typing import Any

import nbformat
import pytest

import eventwatch
from eventwatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "analysis.ipynb"
CORPUS = ROOT / "eventwatch" / "examples" / "corpus.jsonl"


def test_the_notebook_is_kept_without_outputs_and_has_a_parameters_cell() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [
        (c.id, c.outputs, c.execution_count) for c in code if c.outputs or c.execution_count
    ] == []
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert [c.source.split("=")[0].strip() for c in tagged] == ["db"]
    assert nb.metadata.kernelspec.name == "python3"


def with_parameters(nb: Any, **values: Any) -> Any:
    """The notebook with a cell setting `values` after its `parameters` cell."""
    at = next(n for n, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell.id = "injected-parameters"
    nb.cells.insert(at + 1, cell)
    return nb


def outputs(nb: Any, cell_id: str) -> list[Any]:
    return next(c.outputs for c in nb.cells if c.get("id") == cell_id)


def table_cells(markup: str) -> list[list[str]]:
    """The body rows of a DataFrame's HTML: each row's <th> then its <td> texts."""
    body = markup.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [html.unescape(v) for v in re.findall(r"<t[hd]>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def png_size(data: str) -> tuple[int, int]:
    raw = base64.b64decode(data)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", raw[16:24])
    return width, height


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:
    """A store of the bundled example corpus, extracted by the session's pipeline."""
    from eventwatch.ingest import read_articles
    from eventwatch.records import to_json
    from eventwatch.types import Article

    path = tmp_path_factory.mktemp("notebook") / "events.db"
    articles = [a for a in read_articles(str(CORPUS)) if isinstance(a, Article)]
    with Store(path) as store:
        for run in pipeline.run(articles):
            assert run.dropped is None, run.dropped
            store.add(run.article, [to_json(r) for r in run.records])
    return path


@pytest.mark.model
def test_the_notebook_plots_fatalities_by_month_and_tables_the_top_actors(
    corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbclient import NotebookClient

    with Store(corpus_db) as store:
        records = list(store.iter_events())
        stored = store.stats()
    dated = [r for r in records if r.get("date")]
    months = Counter(r["date"][:7] for r in dated)
    reported = Counter(
        r["date"][:7] for r in dated if (r.get("size") or {}).get("dead") is not None
    )
    dead = Counter()
    for r in dated:
        dead[r["date"][:7]] += (r.get("size") or {}).get("dead") or 0
    assert dead.total() > 0, "the corpus store has no fatalities to plot"

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))  # connection files
    nb = with_parameters(nbformat.read(NOTEBOOK, as_version=4), db=str(corpus_db))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }  # fmt: skip  (the kernel imports this checkout's eventwatch)
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env=env)

    opened = outputs(nb, "open")[0]["data"]["text/plain"]
    assert f"{stored['clusters']} events from {stored['articles']} articles" in opened

    shown = outputs(nb, "fatalities")
    assert (
        shown[0]["text"] == f"{len(records) - len(dated)} of {len(records)} events have no date\n"
    )
    images = [o for o in shown if "image/png" in o.get("data", {})]
    assert len(images) == 1
    width, height = png_size(images[0]["data"]["image/png"])
    assert width > 300 and height > 150
    table = next(o for o in shown if o["output_type"] == "execute_result")
    rows = table_cells(table["data"]["text/html"])
    assert rows == [
        [month, str(n), str(reported[month]), str(dead[month])]
        for month, n in sorted(months.items())
    ]

    # the actors table is what the API counts (tests/test_frames.py checks its numbers)
    with eventwatch.open(corpus_db) as frames:
        expected = frames.actors().head(10)
    assert len(expected) >= 3
    actors = table_cells(outputs(nb, "top-actors")[0]["data"]["text/html"])
    assert [(row[1], int(row[4])) for row in actors] == list(
        zip(expected["name"], expected["events"], strict=True)
    )
