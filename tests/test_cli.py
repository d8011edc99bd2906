"""The command line: exact output and exit codes, bad input included."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app

ARTICLE = (
    "Rebels attack army base\n\n"
    "Rebels attacked an army base in the north of the country on Monday, killing three soldiers, "
    "the military said.\n"
)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(autouse=True)
def steady_clock(monkeypatch):
    """Each reading of the progress clock is 2 s after the last: a command's summary line
    (which reads it when the work starts and when it ends) says "in 2.0 s"."""
    monkeypatch.setattr("eventwatch.progress.clock", itertools.count(0.0, 2.0).__next__)


@pytest.fixture
def terminal(monkeypatch):
    """Run as if stderr were a terminal: the live bars are drawn (with ANSI codes)."""
    monkeypatch.setattr("eventwatch.progress.stderr_is_terminal", lambda: True)
    return {"TTY_COMPATIBLE": "1", "COLUMNS": "160"}


def plain(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


def test_unknown_flag(runner):
    result = runner.invoke(app, ["extract", "x.txt", "--bogus"])
    assert result.exit_code == 2
    assert "No such option: --bogus" in result.output


def test_bad_published_date(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path), "--published", "04/01/2018"])
    assert result.exit_code == 2
    assert "'04/01/2018' is not a date; use YYYY-MM-DD" in result.output


def test_missing_file_is_one_line_and_exit_1(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {missing}: no such file or folder; check the path\n"
        "0 article(s), 0 event(s), 1 failed in 2.0 s\n"
    )


@pytest.mark.model
def test_batch_goes_on_past_bad_files(runner, tmp_path):
    (tmp_path / "a-good.txt").write_text(ARTICLE)
    (tmp_path / "b-empty.txt").write_text("")
    (tmp_path / "c-binary.txt").write_bytes(b"\x00\xff")
    result = runner.invoke(app, ["extract", str(tmp_path), "--published", "2020-03-04"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'b-empty.txt'}: empty article: nothing to extract",
        f"error: {tmp_path / 'c-binary.txt'}: binary file, not text; give a .txt, .html or .jsonl file",
        "1 article(s), 1 event(s), 2 failed in 2.0 s (0.5 articles/s)",
    ]
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc_id"] == "a-good"
    assert (record["event"], record["date"], record["size"]["dead"]) == ("ASSAULT", "2020-03-02", 3)


@pytest.mark.model
def test_stdin_and_output_file(runner, tmp_path):
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", "-", "-o", str(out)], input=ARTICLE)
    assert result.exit_code == 0
    assert result.stderr == "1 article(s), 1 event(s), 0 failed in 2.0 s (0.5 articles/s)\n"
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    # no publication date: "Monday" stays unresolved rather than guessed from today
    assert (record["date"], record["date_precision"]) == (None, "unknown")


def test_settings_lists_every_setting(runner):
    result = runner.invoke(app, ["settings"])
    assert result.exit_code == 0
    assert [line.split(" = ")[0] for line in result.stdout.splitlines()] == [
        "max_article_chars",
        "min_english_ratio",
        "batch_size",
        "coder",
        "api_token",
        "max_body_bytes",
        "query_timeout",
        "max_page_size",
        "extract_timeout",
    ]


def test_a_bad_setting_is_one_line(runner):
    result = runner.invoke(app, ["settings"], env={"EVENTWATCH_BATCH_SIZE": "many"})
    assert result.exit_code == 1
    assert result.stderr == "error: EVENTWATCH_BATCH_SIZE: expected a int, not 'many'\n"


def test_query_needs_an_existing_store(runner, tmp_path):
    result = runner.invoke(app, ["query", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: {tmp_path / 'none.db'}: no such event store; create one with `eventwatch ingest`\n"
    )
    assert not (tmp_path / "none.db").exists()


@pytest.mark.model
def test_actors_explains_a_resolution(runner):
    result = runner.invoke(app, ["actors", "the Egyptian wing of ISIS"])
    assert result.exit_code == 0
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["resolved"].strip() == "Islamic State Sinai Province"
    assert lines["parent"].strip() == "Islamic State"
    assert lines["how"].strip().startswith("knowledge-base")


def test_actors_needs_a_name(runner):
    result = runner.invoke(app, ["actors"])
    assert result.exit_code == 2
    assert result.stderr == "error: give a NAME to resolve, or --list\n"


def test_places_resolves_a_transliteration(runner):
    result = runner.invoke(app, ["places", "Bir al-Abed"])
    assert result.exit_code == 0
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert (lines["country"].strip(), lines["precision"].strip()) == ("EGY", "city")


@pytest.mark.parametrize(
    ("name", "admin1", "admin2"),
    [
        ("Minneapolis", "Minnesota (US.MN, US-MN)", "Hennepin County (US.MN.053)"),
        ("Bir al-Abed", "North Sinai (EG.27, EG-SIN)", "-"),  # GeoNames has none there
        ("Syria", "-", "-"),
    ],
)
def test_places_shows_the_subdivisions_and_their_codes(runner, name, admin1, admin2):
    result = runner.invoke(app, ["places", name])
    assert result.exit_code == 0
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert (lines["admin1"].strip(), lines["admin2"].strip()) == (admin1, admin2)


def test_places_unknown_name(runner):
    result = runner.invoke(app, ["places", "Xyzzyville"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 'Xyzzyville' is not in the gazetteer; events there keep the name without coordinates\n"
    )


def test_train_needs_the_shared_data(runner, tmp_path):
    result = runner.invoke(app, ["train", "--shared", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} has no datasets folder; give --shared PATH to the team's shared data\n"
    )


def test_train_needs_a_labels_folder(runner, tmp_path):
    (tmp_path / "datasets").mkdir()
    result = runner.invoke(
        app, ["train", "--shared", str(tmp_path), "--labels", str(tmp_path / "none")]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path / 'none'} is not a folder of labelled candidates; give --labels PATH\n"
    )


def test_train_without_the_train_extra_says_how_to_get_it(runner, tmp_path, monkeypatch):
    import eventwatch.learn.train as training

    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    monkeypatch.setattr(training, "train", missing)
    (tmp_path / "datasets").mkdir()
    result = runner.invoke(app, ["train", "--shared", str(tmp_path), "--labels", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: training needs the train extra (torch is missing): run `make train`\n"
    )


def test_version(runner):
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"eventwatch {version('eventwatch')}\n"


@pytest.fixture
def small_store(tmp_path):
    from test_export import rec

    from eventwatch.store import Store
    from eventwatch.types import Article

    db = tmp_path / "events.db"
    text = "Al-Shabaab militants attacked a hotel in Nairobi, killing 14."
    with Store(db) as store:
        store.add(Article(id="reuters", text=text), [rec("a1", "reuters", text)])
    return db


@pytest.mark.parametrize("args", [[], ["-o", "-"]])
def test_export_without_a_file_writes_to_stdout(runner, small_store, args):
    result = runner.invoke(app, ["export", "-f", "acled", "--db", str(small_store), *args])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year,") and len(lines) == 2
    assert result.stderr == "stdout: 1 acled record(s)\n"


def test_parquet_is_never_written_to_stdout(runner, small_store):
    result = runner.invoke(app, ["export", "-f", "parquet", "--db", str(small_store)])
    assert result.exit_code == 2
    assert (
        result.stderr == "error: parquet is binary: give a file with -o, e.g. -o events.parquet\n"
    )


def test_an_unknown_event_type_is_an_error_naming_the_types(runner, small_store):
    result = runner.invoke(app, ["query", "--db", str(small_store), "--event", "ATTACK"])
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "'ATTACK' is no PLOVER event type; choose one of ACCUSE, AGREE, AID, ASSAULT" in message


def test_event_types_are_matched_in_any_case(runner, small_store):
    result = runner.invoke(app, ["query", "--db", str(small_store), "--event", "assault"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def test_a_truncated_query_says_so(runner, tmp_path):
    from test_export import rec

    from eventwatch.store import Store
    from eventwatch.types import Article

    db = tmp_path / "events.db"
    with Store(db) as store:
        for n, place in enumerate(("Nairobi", "Mombasa", "Kisumu")):
            text = f"Militants attacked a hotel in {place}, killing {n + 2}."
            record = rec(f"r{n}", f"doc{n}", text, date=f"2019-0{n + 1}-15", event_loc=None)
            store.add(Article(id=f"doc{n}", text=text), [record])
    result = runner.invoke(app, ["query", "--db", str(db), "--limit", "2"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == "showing 2 of 3 events (from 1); use --limit and --offset for more\n"
    rest = runner.invoke(app, ["query", "--db", str(db), "--limit", "2", "--offset", "2"])
    assert len(rest.stdout.splitlines()) == 1 and rest.stderr == ""


def test_export_says_how_many_events_a_format_left_out(runner, tmp_path):
    from test_export import rec

    from eventwatch.store import Store
    from eventwatch.types import Article

    db = tmp_path / "events.db"
    with Store(db) as store:
        for n, date in enumerate(("2019-01-15", None, None)):
            text = f"Militants attacked hotel number {n} in Nairobi."
            store.add(Article(id=f"doc{n}", text=text), [rec(f"r{n}", f"doc{n}", text, date=date)])
    result = runner.invoke(app, ["export", "-f", "acled", "--db", str(db)])
    assert result.exit_code == 0
    assert result.stderr == (
        "stdout: 1 acled record(s)\nleft out 2 event(s) acled cannot hold: 2 no date\n"
    )


# --- progress: a bar with total and rate on a terminal, one summary line anywhere ----------


@pytest.mark.model
def test_extract_on_a_terminal_draws_a_bar_with_the_total_and_the_rate(runner, tmp_path, terminal):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    (tmp_path / "in" / "b.txt").write_text(ARTICLE.replace("three", "four"))
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out)], env=terminal)
    assert result.exit_code == 0
    drawn = plain(result.stderr)
    assert re.search(r"extracting .* 2/2 \d+\.\d+ articles/s", drawn), drawn
    summary = drawn.rstrip("\n").rsplit("\n", 1)[-1]
    assert re.fullmatch(
        r"2 article\(s\), 2 event\(s\), 0 failed in \d+\.\d s \(\S+ articles/s\)", summary
    )
    assert len(out.read_text().splitlines()) == 2


def fake_ingest(calls: list, outcomes: int = 3):
    """Stands for batch.ingest: records its arguments, reports `outcomes` stored articles."""
    from eventwatch.batch import Summary

    def ingest(paths, *, store, workers, engine, on_result, **kwargs):
        calls.append({"workers": workers, "engine": engine})
        summary = Summary()
        for _ in range(outcomes):
            summary.read += 1
            summary.processed += 1
            summary.events += 2
            on_result(summary)
        return summary

    return ingest


def corpus_of(tmp_path, lines: int):
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": ARTICLE}) + "\n" for n in range(lines))
    )
    return path


def test_ingest_off_a_terminal_prints_one_summary_line_with_the_rate(runner, tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr("eventwatch.batch.ingest", fake_ingest(calls))
    db = tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(corpus_of(tmp_path, 3)), "--db", str(db)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{db}: 3 processed, 0 skipped as already stored, 0 failed, 6 events "
        "in 2.0 s (1.5 articles/s)\n"
    )


def test_ingest_on_a_terminal_draws_a_bar_with_the_total_and_the_rate(
    runner, tmp_path, monkeypatch, terminal
):
    monkeypatch.setattr("eventwatch.batch.ingest", fake_ingest([]))
    db = tmp_path / "events.db"
    result = runner.invoke(
        app, ["ingest", str(corpus_of(tmp_path, 3)), "--db", str(db)], env=terminal
    )
    assert result.exit_code == 0
    drawn = plain(result.stderr)
    assert re.search(r"3 new, 0 skipped, 0 failed .* 3/3 \d+\.\d+ articles/s", drawn), drawn
    assert re.search(rf"{re.escape(str(db))}: 3 processed, .* 6 events in \S+ s \(", drawn)


@pytest.mark.model
def test_ingest_says_when_everything_was_already_stored(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    db = tmp_path / "events.db"
    first = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--published", "2020-03-04"])
    assert first.exit_code == 0
    assert first.stderr == (
        f"{db}: 1 processed, 0 skipped as already stored, 0 failed, 1 events "
        "in 2.0 s (0.5 articles/s)\n"
    )
    again = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--published", "2020-03-04"])
    assert again.exit_code == 0
    assert again.stderr == (
        f"{db}: 0 processed, 1 skipped as already stored, 0 failed, 0 events in 2.0 s\n"
    )


def test_workers_beyond_what_a_small_corpus_pays_for_are_not_started(runner, tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr("eventwatch.batch.ingest", fake_ingest(calls))
    db = tmp_path / "events.db"
    args = ["ingest", str(corpus_of(tmp_path, 12)), "--db", str(db), "--workers", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "eventwatch: 12 article(s) are too few for 2 workers; using 1 (each worker first "
        "loads the model, about 5 s, which pays off from about 20 articles a worker)"
    )
    assert calls == [{"workers": 1, "engine": "local"}]


def test_a_corpus_big_enough_gets_the_workers_asked_for(runner, tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr("eventwatch.batch.ingest", fake_ingest(calls))
    db = tmp_path / "events.db"
    args = ["ingest", str(corpus_of(tmp_path, 40)), "--db", str(db), "--workers", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "too few" not in result.stderr
    assert calls == [{"workers": 2, "engine": "local"}]


def test_evaluate_without_the_shared_data_says_how_in_one_line(runner, tmp_path):
    result = runner.invoke(app, ["evaluate", "--shared", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} has no datasets folder; give --shared PATH to the team's shared "
        "data (gold, datasets), or -d learned-coder for the model card's scores\n"
    )
    assert result.stdout == ""


def test_evaluate_reads_the_model_card_without_the_shared_data(runner, tmp_path):
    result = runner.invoke(app, ["evaluate", "--shared", str(tmp_path), "-d", "learned-coder"])
    assert result.exit_code == 0
    assert result.stderr == "learned-coder: 0 text(s) in 2.0 s\n"
    assert "10-fold CV: event accuracy" in result.stdout


@pytest.fixture
def counted_dataset(monkeypatch):
    """A data set of three texts run through a pipeline that needs no model."""
    import eventwatch.evaluation as evaluation
    from eventwatch.evaluation import Report
    from eventwatch.pipeline import Pipeline, Result
    from eventwatch.types import Article

    def run(self, articles):
        for article in articles:
            yield Result(article)

    def three(shared, pipeline):
        results = list(pipeline.run(Article(id=str(n), text="x") for n in range(3)))
        report = Report("three texts", len(results))
        report.add("ran", len(results), 3)
        return report

    monkeypatch.setattr(Pipeline, "run", run)
    monkeypatch.setattr(evaluation, "datasets", lambda: {"three": three})


def test_evaluate_off_a_terminal_prints_a_line_per_dataset(runner, tmp_path, counted_dataset):
    (tmp_path / "datasets").mkdir()
    result = runner.invoke(app, ["evaluate", "--shared", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == "three: 3 text(s) in 2.0 s (1.5 texts/s)\n"
    assert "3 / 3" in result.stdout


def test_evaluate_on_a_terminal_draws_a_bar_with_the_total_and_the_rate(
    runner, tmp_path, counted_dataset, terminal
):
    (tmp_path / "datasets").mkdir()
    result = runner.invoke(app, ["evaluate", "--shared", str(tmp_path)], env=terminal)
    assert result.exit_code == 0
    drawn = plain(result.stderr)
    assert re.search(r"three .* 3/3 \d+\.\d+ texts/s", drawn), drawn
    assert re.search(r"three: 3 text\(s\) in \S+ s \(\S+ texts/s\)", drawn)


@pytest.mark.parametrize(
    "code, exit_code, lines, stderr",
    [
        ("KEN", 0, 1, ""),
        ("ken", 0, 1, ""),
        ("KE", 0, 1, "eventwatch: --country KE read as KEN (Kenya)\n"),
        ("SYR", 0, 0, "warning: no stored event is in SYR; check the code\n"),
        ("SY", 0, 0, "eventwatch: --country SY read as SYR (Syrian Arab Republic)\n"
                     "warning: no stored event is in SYR; check the code\n"),
    ],
)  # fmt: skip
def test_a_country_code_is_read_as_iso_alpha3_and_an_empty_one_warned(
    runner, small_store, code, exit_code, lines, stderr
):
    for command in ("query", "export"):
        args = [command, "--db", str(small_store), "--country", code]
        result = runner.invoke(app, args + (["-f", "plover"] if command == "export" else []))
        assert result.exit_code == exit_code
        assert len(result.stdout.splitlines()) == lines
        assert (
            result.stderr.replace("stdout: 1 plover record(s)\n", "").replace(
                "stdout: 0 plover record(s)\n", ""
            )
            == stderr
        )


@pytest.mark.parametrize("code", ["XX", "Kenya", "K"])
def test_a_code_iso_does_not_know_is_an_error(runner, small_store, code):
    result = runner.invoke(app, ["query", "--db", str(small_store), "--country", code])
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert f"'{code}' is no ISO 3166-1 country code; give an alpha-3 code such as SYR" in message


def failing_ingest(paths, *, store, on_result, **kwargs):
    """Stands for batch.ingest with a bug of its own."""
    raise RuntimeError("the pool lost its queue")


def test_an_internal_error_in_ingest_is_one_line_without_debug(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("eventwatch.batch.ingest", failing_ingest)
    db = tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(corpus_of(tmp_path, 3)), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: internal error (RuntimeError: the pool lost its queue); --debug shows where\n"
    )


def test_ingest_with_debug_shows_the_traceback_of_an_internal_error(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("eventwatch.batch.ingest", failing_ingest)
    db = tmp_path / "events.db"
    args = ["ingest", str(corpus_of(tmp_path, 3)), "--db", str(db), "--debug"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert 'raise RuntimeError("the pool lost its queue")' in result.stderr
    assert result.stderr.endswith(
        "error: internal error (RuntimeError: the pool lost its queue); "
        "please report it with the traceback above\n"
    )


def ingest_with_a_bug_in_one_article(paths, *, store, on_result, **kwargs):
    """Stands for batch.ingest: one article stored, one lost to an internal error."""
    from eventwatch.batch import Summary

    summary = Summary(read=2, processed=1, failed=1, events=2)
    summary.reasons.append("c.jsonl:2: ValueError: bad span [27, 26)")
    summary.details.append(
        "c.jsonl:2:\nTraceback (most recent call last):\n  ...\nValueError: bad span [27, 26)\n"
    )
    on_result(summary)
    return summary


@pytest.mark.parametrize("debug", [False, True])
def test_an_articles_internal_error_is_one_line_and_its_traceback_needs_debug(
    runner, tmp_path, monkeypatch, debug
):
    monkeypatch.setattr("eventwatch.batch.ingest", ingest_with_a_bug_in_one_article)
    db = tmp_path / "events.db"
    args = ["ingest", str(corpus_of(tmp_path, 2)), "--db", str(db)] + ["--debug"] * debug
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    hint = "error: 1 failure(s) came from an internal error; --debug shows where\n"
    traceback = (
        "c.jsonl:2:\nTraceback (most recent call last):\n  ...\nValueError: bad span [27, 26)\n"
    )
    assert result.stderr == (
        "error: c.jsonl:2: ValueError: bad span [27, 26)\n"
        + (traceback if debug else hint)
        + f"{db}: 1 processed, 0 skipped as already stored, 1 failed, 2 events "
        "in 2.0 s (0.5 articles/s)\n"
    )


def run_with_a_bug(self, articles):
    """Stands for Pipeline.run: the events stage fails on the second article."""
    from eventwatch.pipeline import Result
    from eventwatch.types import Dropped

    for n, article in enumerate(articles):
        if n == 1:
            dropped = Dropped("events", article.id, "ValueError: bad span [27, 26)", "Traceback\n")
            yield Result(article, dropped=dropped)
        else:
            yield Result(article)


@pytest.mark.parametrize("debug", [False, True])
def test_extract_reports_an_internal_error_in_one_line_per_article(
    runner, tmp_path, monkeypatch, debug
):
    monkeypatch.setattr("eventwatch.pipeline.Pipeline.run", run_with_a_bug)
    path = corpus_of(tmp_path, 3)
    result = runner.invoke(app, ["extract", str(path)] + ["--debug"] * debug)
    assert result.exit_code == 0
    assert result.stderr == (
        f"error: {path}:2: ValueError: bad span [27, 26)\n"
        + (
            f"{path}:2:\nTraceback\n"
            if debug
            else "error: 1 failure(s) came from an internal error; --debug shows where\n"
        )
        + "2 article(s), 0 event(s), 1 failed in 2.0 s (1.0 articles/s)\n"
    )
