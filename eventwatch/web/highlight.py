"""Where an event's words are in its articles: trigger, actor, recipient, place, date, toll.

Records carry character offsets for the evidence sentences, the trigger, the actors,
recipients, the place, the date expression (`date_info`) and the casualty counts
(`size_info`); an offset is used only when the article text at that offset really is the
word it names (a merged event holds offsets into several articles), and otherwise the
word is looked for in that article's evidence sentences.

`segments` cuts a text into consecutive pieces, each with the kinds that cover it, so
a page can show the text with nested highlights without ever parsing it as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..extract.casualties import VAGUE, parse_number

KINDS = ("evidence", "trigger", "actor", "recipient", "place", "date", "casualty")
_NUMBER = re.compile(
    r"\b(?:\d{1,3}(?:,\d{3})+|\d+|(?:a |an )?(?:one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand))*"
    r"|dozens|scores|hundreds|thousands|several)\b",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:at least|more than|over|nearly|almost|about|around|up to|some|roughly|as many as)\s+$",
    re.IGNORECASE,
)
_TOLL_WORDS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|deaths?|died|dies|slain|fatalit(?:y|ies)|casualt(?:y|ies)"
    r"|wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)|hurt|arrest(?:ed|s|ing)?|detain(?:ed|ing)?"
    r"|detentions?|abduct(?:ed|ing)?|kidnapp(?:ed|ing))\b",
    re.IGNORECASE,
)
_COUNTS = ("dead", "injured", "arrested")


@dataclass(frozen=True)
class Highlight:
    """A span of one article's text and what it is in the event."""

    doc_id: str
    kind: str
    start: int
    end: int
    label: str

    def json(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "label": self.label}


def _at(text: str, start: Any, end: Any, words: str | None = None) -> bool:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        return False
    return words is None or text[start:end] == words


def _find(text: str, words: str, windows: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The first whole-word occurrence of `words` inside one of the windows."""
    if not words or not words.strip():
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)")
    for start, end in windows:
        found = pattern.search(text, start, end)
        if found:
            return found.start(), found.end()
    return None


def _entity_name(entity: Mapping[str, Any]) -> str:
    return str(entity.get("identifier_text") or entity.get("entity_text") or "")


def highlights(record: Mapping[str, Any], texts: Mapping[str, str]) -> list[Highlight]:
    """Every highlight of `record` in the articles `texts` (doc_id -> text) it has."""
    main_doc = str(record.get("doc_id") or "")
    out, windows = _evidence(record, main_doc, texts)
    for role in ("actor", "recipient"):
        for entity in record.get(role) or ():
            out += _entity(entity, role, main_doc, texts, windows)
    loc = record.get("event_loc") or {}
    if loc:
        out += _place(loc, texts, windows)
    site = record.get("site") or {}
    text = texts.get(main_doc)
    if (
        site
        and text is not None
        and _at(text, site.get("start"), site.get("end"), site.get("text"))
    ):
        # "a checkpoint": where, finer than the place; shown as a place
        label = f"site: {site['text']}"
        out.append(Highlight(main_doc, "place", int(site["start"]), int(site["end"]), label))
    if record.get("date_text"):
        out += _date(record, main_doc, texts, windows)
    size = record.get("size") or {}
    if any(size.get(k) is not None for k in _COUNTS):
        out += _toll(record, size, main_doc, texts, windows)
    return _unique(out)


def _evidence(
    record: Mapping[str, Any], main_doc: str, texts: Mapping[str, str]
) -> tuple[list[Highlight], dict[str, list[tuple[int, int]]]]:
    """The evidence sentences and their triggers, and the sentences' spans by article:
    the windows the other words of the event are looked for in."""
    out: list[Highlight] = []
    windows: dict[str, list[tuple[int, int]]] = {}
    for ev in record.get("evidence") or ():
        doc_id = str(ev.get("doc_id") or main_doc)
        text = texts.get(doc_id)
        if text is None:
            continue
        sentence = str(ev.get("text") or "")
        if _at(text, ev.get("start"), ev.get("end"), sentence):
            span = (int(ev["start"]), int(ev["end"]))
        else:
            found = _find(text, sentence, [(0, len(text))])
            if found is None:
                continue
            span = found
        windows.setdefault(doc_id, []).append(span)
        out.append(Highlight(doc_id, "evidence", *span, "evidence sentence"))
        trigger = str(ev.get("event_text") or record.get("event_text") or "")
        t0, t1 = ev.get("trigger_start"), ev.get("trigger_end")
        if _at(text, t0, t1) and span[0] <= t0 < t1 <= span[1]:
            out.append(Highlight(doc_id, "trigger", t0, t1, f"{record.get('event')}: {trigger}"))
        else:
            found = _find(text, trigger, [span])
            if found:
                out.append(
                    Highlight(doc_id, "trigger", *found, f"{record.get('event')}: {trigger}")
                )
    return out, windows


def _date(
    record: Mapping[str, Any],
    main_doc: str,
    texts: Mapping[str, str],
    windows: Mapping[str, list[tuple[int, int]]],
) -> list[Highlight]:
    """The date expression: at its offsets in the main article, and in every article's
    evidence sentences."""
    date_text = record.get("date_text")
    out = []
    label = f"date: {record.get('date') or 'unresolved'}"
    if record.get("enddate") and record.get("enddate") != record.get("date"):
        label += f" to {record['enddate']}"
    at = record.get("date_info") or {}
    main_text = texts.get(main_doc)
    placed = main_text is not None and _at(main_text, at.get("start"), at.get("end"), date_text)
    if placed:
        out.append(Highlight(main_doc, "date", at["start"], at["end"], label))
    for doc_id, spans in windows.items():
        found = _find(texts[doc_id], str(date_text), spans)
        if found and not (doc_id == main_doc and placed):
            out.append(Highlight(doc_id, "date", *found, label))
    return out


def _toll(
    record: Mapping[str, Any],
    size: Mapping[str, Any],
    main_doc: str,
    texts: Mapping[str, str],
    windows: Mapping[str, list[tuple[int, int]]],
) -> list[Highlight]:
    """The casualty counts: at their offsets in the main article (where the words there
    still give the count), and in every article's evidence sentences."""
    out = []
    main_text = texts.get(main_doc)
    for key, at in (record.get("size_info") or {}).items():
        start, end = at.get("start"), at.get("end")
        # only where the words there still give the (possibly merged) count
        wanted = {size.get(key), size.get(f"{key}_high")}
        if (
            main_text is not None
            and _at(main_text, start, end)
            and _counts(main_text[start:end]) & wanted
        ):
            label = f"{key}: {size.get(key)}"
            out.append(Highlight(main_doc, "casualty", start, end, label))
    for doc_id, spans in windows.items():
        out += _casualties(texts[doc_id], doc_id, spans, size)
    return out


def _entity(
    entity: Mapping[str, Any],
    role: str,
    main_doc: str,
    texts: Mapping[str, str],
    windows: Mapping[str, list[tuple[int, int]]],
) -> list[Highlight]:
    written = str(entity.get("entity_text") or "")
    name = _entity_name(entity)
    label = f"{role}: {name}" + (
        f" ({entity['identifier_id']})" if entity.get("identifier_id") else ""
    )
    doc_id = str(entity.get("doc_id") or main_doc)
    text = texts.get(doc_id)
    out = []
    if text is not None and _at(text, entity.get("start"), entity.get("end"), written):
        out.append(Highlight(doc_id, role, int(entity["start"]), int(entity["end"]), label))
    for doc, spans in windows.items():  # the other articles name it in their own words
        if out and doc == doc_id:
            continue
        found = _find(texts[doc], written, spans) or _find(texts[doc], name, spans)
        if found:
            out.append(Highlight(doc, role, *found, label))
    return out


def _place(
    loc: Mapping[str, Any],
    texts: Mapping[str, str],
    windows: Mapping[str, list[tuple[int, int]]],
) -> list[Highlight]:
    written = str(loc.get("extracted_place") or "")
    resolved = loc.get("resolved_place") or written
    label = f"place: {resolved}" + (f", {loc['country_code']}" if loc.get("country_code") else "")
    out = []
    for doc_id, text in texts.items():  # the offsets are into one of the articles: which?
        if written and _at(text, loc.get("start"), loc.get("end"), written):
            out.append(Highlight(doc_id, "place", int(loc["start"]), int(loc["end"]), label))
            break
    placed = {h.doc_id for h in out}
    for doc_id, spans in windows.items():
        if doc_id in placed:
            continue
        found = _find(texts[doc_id], written, spans) or _find(texts[doc_id], str(resolved), spans)
        if found:
            out.append(Highlight(doc_id, "place", *found, label))
    return out


def _counts(words: str) -> set[int]:
    """The numbers written in `words` ("five villagers" -> {5}, "a man" -> {1})."""
    out = set()
    for match in _NUMBER.finditer(words):
        value = VAGUE.get(match.group(0).lower()) or parse_number(
            re.sub(r"^an? ", "", match.group(0), flags=re.I)
        )
        if value is not None:
            out.add(value)
    return out


def _casualties(
    text: str, doc_id: str, spans: Iterable[tuple[int, int]], size: Mapping[str, Any]
) -> list[Highlight]:
    """The numbers that give the event's counts, and the words that say what they count."""
    wanted: dict[int, list[str]] = {}
    for key in _COUNTS:
        for suffix in ("", "_low", "_high"):
            value = size.get(f"{key}{suffix}")
            if isinstance(value, int) and key not in wanted.get(value, []):
                wanted.setdefault(value, []).append(key)
    out = []
    for start, end in spans:
        for match in _NUMBER.finditer(text, start, end):
            words = match.group(0)
            value = VAGUE.get(words.lower()) or parse_number(
                re.sub(r"^an? ", "", words, flags=re.I)
            )
            if value is None or value not in wanted:
                continue
            first = match.start()
            qualifier = _QUALIFIER.search(text, max(start, first - 20), first)
            if qualifier:
                first = qualifier.start()
            label = ", ".join(f"{key}: {value}" for key in wanted[value])
            out.append(Highlight(doc_id, "casualty", first, match.end(), label))
        for match in _TOLL_WORDS.finditer(text, start, end):
            out.append(Highlight(doc_id, "casualty", match.start(), match.end(), "casualty word"))
    return out


def _unique(items: Iterable[Highlight]) -> list[Highlight]:
    seen: dict[tuple[str, str, int, int], Highlight] = {}
    for item in items:
        seen.setdefault((item.doc_id, item.kind, item.start, item.end), item)
    return sorted(seen.values(), key=lambda h: (h.doc_id, h.start, -h.end, KINDS.index(h.kind)))


def segments(text: str, marks: Sequence[Highlight]) -> list[dict[str, Any]]:
    """The text cut where any highlight starts or ends: [{text, kinds, labels}, ...].

    Concatenating the pieces' `text` gives back `text` exactly.
    """
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[dict[str, Any]] = []
    for start, end in zip(points, points[1:], strict=False):
        covering = [m for m in marks if m.start <= start and end <= m.end]
        kinds = sorted({m.kind for m in covering}, key=KINDS.index)
        labels = list(dict.fromkeys(m.label for m in covering if m.kind != "evidence"))
        piece = {"text": text[start:end], "kinds": kinds, "labels": labels}
        if out and not kinds and not out[-1]["kinds"]:
            out[-1]["text"] += piece["text"]
        else:
            out.append(piece)
    return out
