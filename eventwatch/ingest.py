"""Read articles from files, folders, stdin and JSONL corpora; refuse bad input clearly.

`read_articles(path)` yields an `Article` or a `Dropped` (with the file, line and what to
do) for every input item, so one unreadable item never stops the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from .corpora import Columns, csv_records, feed_records
from .settings import Settings
from .types import Article, Dropped

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
CORPUS_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "at",
        "from",
        "has",
        "have",
        "it",
        "are",
        "were",
        "be",
        "this",
        "said",
        "which",
        "an",
        "its",
        "their",
        "after",
        "he",
        "she",
        "they",
        "not",
        "but",
        "or",
        "had",
        "been",
        "who",
        "will",
        "would",
        # frequent words of English news (none of them a French, Spanish or German word)
        "killed",
        "people",
        "attack",
        "attacked",
        "government",
        "officials",
        "militants",
        "forces",
        "troops",
        "suspected",
        "five",
        "three",
        "two",
        "four",
        "says",
        "told",
        "over",
        "against",
        "during",
        "least",
        "more",
        "than",
        "year",
        "week",
    ]
)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

Item = Article | Dropped


def read_articles(
    path: str,
    *,
    published: dt.date | None = None,
    settings: Settings | None = None,
    columns: Columns | None = None,
) -> Iterator[Item]:
    """Every article under `path` ('-' is stdin), in a stable order; `columns` maps a CSV's
    column names to article fields."""
    settings = settings or Settings()
    columns = columns or Columns()
    if path == "-":
        yield _text_article("stdin", sys.stdin.buffer.read(), "stdin", published, settings)
        return
    p = Path(path)
    if not p.exists():
        yield Dropped("read", path, "no such file or folder; check the path")
        return
    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    if p.is_dir():
        files = [f for f in files if f.suffix.lower() in CORPUS_SUFFIXES]
        if not files:
            yield Dropped("read", path, "folder holds no .txt, .html, .jsonl, .csv or feed files")
    for f in files:
        try:
            yield from _read_file(f, published, settings, columns)
        except Exception as exc:  # noqa: BLE001 - a reader's bug costs this file, not the batch
            yield Dropped(
                "read", str(f), f"cannot read the rest of it ({type(exc).__name__}: {exc})"
            )


def count_articles(path: str, *, columns: Columns | None = None) -> int:
    """How many items (articles or refusals) `read_articles(path)` yields, counted without
    making them (no HTML extraction, no language check): a progress bar's total."""
    columns = columns or Columns()
    if path == "-":
        return 1
    p = Path(path)
    if not p.exists():
        return 1
    if not p.is_dir():
        return _count_file(p, columns)
    files = [f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in CORPUS_SUFFIXES]
    return sum(_count_file(f, columns) for f in files) if files else 1


def _count_file(f: Path, columns: Columns) -> int:
    suffix = f.suffix.lower()
    if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES:
        return 1  # one article, or one refusal
    try:
        text = _decode(f.read_bytes(), str(f))
    except OSError:
        return 1
    if isinstance(text, Dropped):
        return 1
    if suffix in JSONL_SUFFIXES:
        return sum(1 for line in text.split("\n") if line.strip())
    if suffix in CSV_SUFFIXES:
        rows = 0
        try:
            for _ in csv_records(text, columns):
                rows += 1
        except csv.Error:
            rows += 1  # the rows before it, then one refusal for the rest
        return rows
    try:
        return sum(1 for _ in feed_records(text))
    except ValueError:
        return 1


def _read_file(
    f: Path, published: dt.date | None, settings: Settings, columns: Columns
) -> Iterator[Item]:
    try:
        data = f.read_bytes()
    except OSError as exc:
        yield Dropped("read", str(f), f"cannot read: {exc.strerror}")
        return
    suffix = f.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl(f, data, published, settings)
    elif suffix in CSV_SUFFIXES:
        yield from _csv(f, data, published, settings, columns)
    elif suffix in FEED_SUFFIXES:
        yield from _feed(f, data, published, settings)
    elif suffix in HTML_SUFFIXES:
        yield _html_article(f.stem, data, str(f), published, settings)
    else:
        yield _text_article(f.stem, data, str(f), published, settings)


def _decode(data: bytes, origin: str) -> str | Dropped:
    if b"\x00" in data[:8192]:
        return Dropped("read", origin, "binary file, not text; give a .txt, .html or .jsonl file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Dropped(
            "read",
            origin,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
        )


def check_text(text: str, origin: str, settings: Settings) -> Dropped | None:
    """Refuse empty, oversized and non-English texts with a reason a user can act on."""
    if not text.strip():
        return Dropped("read", origin, "empty article: nothing to extract")
    if len(text) > settings.max_article_chars:
        return Dropped(
            "read",
            origin,
            f"too large ({len(text):,} characters > {settings.max_article_chars:,}); "
            "split it into articles or raise EVENTWATCH_MAX_ARTICLE_CHARS",
        )
    words = WORD.findall(text[:20000].lower())
    if not words:
        return Dropped("read", origin, "no words in the text")
    ratio = sum(w in ENGLISH for w in words) / len(words)
    # a headline full of names ("Dudayev Battalion shelled ... near Bakhmut") has few
    # function words: short texts are refused only when they have none
    if (len(words) >= 20 and ratio < settings.min_english_ratio) or (len(words) >= 8 and not ratio):
        return Dropped("read", origin, "does not look like English; eventwatch reads English news")
    return None


def _article(text: str, article_id: str, origin: str, settings: Settings, **meta) -> Item:
    problem = check_text(text, origin, settings)
    if problem is not None:
        return problem
    text = text.replace("\r\n", "\n")
    title = meta.pop("title", None) or text.strip().split("\n", 1)[0][:300]
    return Article(id=article_id, text=text, title=title, origin=origin, **meta)


def _text_article(
    article_id: str, data: bytes, origin: str, published: dt.date | None, settings: Settings
) -> Item:
    text = _decode(data, origin)
    if isinstance(text, Dropped):
        return text
    return _article(text, article_id, origin, settings, published=published)


def _html_article(
    article_id: str, data: bytes, origin: str, published: dt.date | None, settings: Settings
) -> Item:
    html = _decode(data, origin)
    if isinstance(html, Dropped):
        return html
    return html_to_article(html, article_id, origin, published, settings)


def html_to_article(
    html: str, article_id: str, origin: str, published: dt.date | None, settings: Settings
) -> Item:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True)
    doc: dict = {}
    if isinstance(extracted, dict):
        doc = extracted
    elif extracted is not None:
        doc = extracted.as_dict()
    if not (doc.get("text") or "").strip():
        return Dropped("read", origin, "no article text found in the HTML page")
    title = doc.get("title")
    text = f"{title}\n\n{doc['text']}" if title else doc["text"]
    return _article(
        text,
        article_id,
        origin,
        settings,
        title=title,
        published=published or parse_published(doc.get("date")),
        url=doc.get("url"),
        source=doc.get("sitename"),
    )


def parse_published(value: object) -> dt.date | None:
    """'2018-01-04', '2025-03-14 20:30:26Z', '2018-01-04T10:00:00' -> a date; else None."""
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


def _jsonl(f: Path, data: bytes, published: dt.date | None, settings: Settings) -> Iterator[Item]:
    text = _decode(data, str(f))
    if isinstance(text, Dropped):
        yield text
        return
    # JSON Lines end at "\n" only: U+2028 and the other breaks `splitlines` knows may sit
    # inside a JSON string
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{f}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Dropped("read", origin, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValueError:  # an integer of thousands of digits: Python refuses to read it
            yield Dropped("read", origin, "a JSON number too long to read; fix or drop the line")
            continue
        if not isinstance(record, dict):
            yield Dropped("read", origin, "expected a JSON object per line")
            continue
        record = {k: _no_lone_surrogates(v) if isinstance(v, str) else v for k, v in record.items()}
        yield _record(record, origin, f"{f.stem}-{n}", published, settings)


def _no_lone_surrogates(text: str) -> str:
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no UTF-8 text can hold: each
    such half becomes U+FFFD (one character for one, so offsets stay right)."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _csv(
    f: Path, data: bytes, published: dt.date | None, settings: Settings, columns: Columns
) -> Iterator[Item]:
    text = _decode(data, str(f))
    if isinstance(text, Dropped):
        yield text
        return
    try:
        for line, record in csv_records(text, columns):
            origin = f"{f}:{line}"
            if isinstance(record, str):
                yield Dropped("read", origin, record)
            else:
                yield _record(record, origin, f"{f.stem}-{line}", published, settings)
    except csv.Error as exc:
        yield Dropped("read", str(f), f"malformed CSV ({exc})")


def _feed(f: Path, data: bytes, published: dt.date | None, settings: Settings) -> Iterator[Item]:
    text = _decode(data, str(f))
    if isinstance(text, Dropped):
        yield text
        return
    try:
        items = list(feed_records(text))
    except ValueError as exc:
        yield Dropped("read", str(f), f"{exc}; give an RSS 2.0 or Atom feed")
        return
    for n, record in enumerate(items, start=1):
        yield _record(record, f"{f}#item{n}", f"{f.stem}-{n}", published, settings)


def _string(value: object) -> str | None:
    """A metadata field as text; a number or a list where text belongs is dropped."""
    return value if isinstance(value, str) else None


def _record(
    record: dict, origin: str, fallback_id: str, published: dt.date | None, settings: Settings
) -> Item:
    article_id = str(record.get("id") or record.get("doc_id") or fallback_id)
    when = published or parse_published(record.get("published"))
    if isinstance(record.get("text"), str):
        text = record["text"]
        title, url, source = (_string(record.get(k)) for k in ("title", "url", "source"))
        if title and not text.lstrip().startswith(title.strip()):
            text = f"{title}\n\n{text}"
        return _article(
            text, article_id, origin, settings, title=title, published=when, url=url, source=source
        )
    if isinstance(record.get("html"), str):
        item = html_to_article(record["html"], article_id, origin, when, settings)
        return item
    return Dropped("read", origin, 'record has no "text" or "html" field')
