"""Corpus files that hold many articles: CSV tables and RSS/Atom feeds.

Both are turned into the same record dicts as a JSONL corpus line (`id`, `text` or
`html`, `title`, `published`, `url`, `source`), so one code path makes the articles.
A CSV's column names are mapped by `Columns` (`--column text=body` on the command line).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, fields
from email.utils import parsedate_to_datetime

FIELDS = ("id", "text", "html", "title", "published", "url", "source")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@dataclass(frozen=True)
class Columns:
    """Which CSV column holds each article field (defaults: the field's own name)."""

    id: str = "id"
    text: str = "text"
    html: str = "html"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    source: str = "source"

    @classmethod
    def parse(cls, pairs: list[str]) -> Columns:
        """From `["text=body", "id=uid"]`; raises ValueError naming a bad pair."""
        mapping = {}
        for pair in pairs:
            name, sep, column = pair.partition("=")
            if not sep or name not in FIELDS or not column:
                raise ValueError(
                    f"{pair!r}: use FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
                )
            mapping[name] = column
        return cls(**mapping)


def csv_records(text: str, columns: Columns) -> Iterator[tuple[int, dict | str]]:
    """(line number, record) per row, or (line, problem) for a row that cannot be read."""
    reader = csv.DictReader(io.StringIO(text))
    names = set(reader.fieldnames or ())
    if columns.text not in names and columns.html not in names:
        yield (
            1,
            (
                f"no {columns.text!r} or {columns.html!r} column (columns: {', '.join(sorted(names))}); "
                "map one with --column text=NAME"
            ),
        )
        return
    for row in reader:
        record = {f.name: row.get(getattr(columns, f.name)) for f in fields(columns)}
        yield reader.line_num, {k: v for k, v in record.items() if v not in (None, "")}


def feed_records(text: str) -> Iterator[dict]:
    """Items of an RSS 2.0 or Atom feed; raises ValueError when it is not a feed."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from None
    if root.tag == f"{ATOM}feed":
        source = _text(root, f"{ATOM}title")
        for entry in root.iter(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link")
            body = _text(entry, f"{ATOM}content") or _text(entry, f"{ATOM}summary")
            yield {
                "id": _text(entry, f"{ATOM}id"),
                "title": _text(entry, f"{ATOM}title"),
                "text": _plain(body),
                "published": _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated"),
                "url": link.get("href") if link is not None else None,
                "source": source,
            }
        return
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ValueError("neither an RSS 2.0 nor an Atom feed")
    source = _text(channel, "title")
    for item in channel.iter("item"):
        yield {
            "id": _text(item, "guid") or _text(item, "link"),
            "title": _text(item, "title"),
            "text": _plain(_text(item, CONTENT) or _text(item, "description")),
            "published": _rfc822(_text(item, "pubDate")),
            "url": _text(item, "link"),
            "source": source,
        }


def _plain(html: str | None) -> str | None:
    """A feed item's HTML body as plain text (feeds carry fragments, not whole pages)."""
    if not html:
        return None
    from lxml import html as lxml_html

    try:
        return " ".join(lxml_html.fromstring(html).text_content().split()) or None
    except Exception:  # noqa: BLE001 - lxml raises several types on fragments
        return None


def _text(node: ET.Element, tag: str) -> str | None:
    found = node.find(tag)
    return found.text.strip() if found is not None and found.text else None


def _rfc822(value: str | None) -> str | None:
    """'Thu, 04 Jan 2018 10:00:00 GMT' -> '2018-01-04'."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None
