import datetime as dt
import json

import pytest

from eventwatch.ingest import count_articles, parse_published, read_articles
from eventwatch.settings import Settings
from eventwatch.types import Article, Dropped

ENGLISH = "Rebels attacked the town on Monday and the army said it had repelled them.\n"


def _read(path, **kw):
    return list(read_articles(str(path), **kw))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"   \n", "empty article: nothing to extract"),
        (
            "bin.txt",
            b"\x00\x01\x02binary",
            "binary file, not text; give a .txt, .html or .jsonl file",
        ),
        (
            "latin1.txt",
            "Caf\u00e9 attacked by gunmen".encode("latin-1"),
            "not UTF-8 (byte 0xe9 at offset 3); convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
        ),
        (
            "french.txt",
            "Les rebelles ont attaqu\u00e9 la ville lundi et l'arm\u00e9e dit les avoir repouss\u00e9s "
            "hier soir dans le nord du pays.".encode(),
            "does not look like English; eventwatch reads English news",
        ),
    ],
)
def test_bad_files_are_dropped_with_a_reason(tmp_path, name, content, reason):
    f = tmp_path / name
    f.write_bytes(content)
    (item,) = _read(f)
    assert item == Dropped("read", str(f), reason)


@pytest.mark.parametrize(
    "headline",
    [
        "The Dzhokhar Dudayev Battalion shelled Russian positions near Bakhmut.",
        "Hezbollah, Amal leaders meet Berri in Beirut",
        "MAIDUGURI, Nigeria, April 16 - Suspected militants killed five people.",
    ],
)
def test_short_english_full_of_names_is_read(tmp_path, headline):
    f = tmp_path / "headline.txt"
    f.write_text(headline)
    (item,) = _read(f)
    assert isinstance(item, Article), item


def test_huge_file_is_refused(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_text(ENGLISH * 50)
    (item,) = _read(f, settings=Settings(max_article_chars=1000))
    assert isinstance(item, Dropped)
    assert item.reason.startswith("too large (3,750 characters > 1,000)")


def test_missing_path(tmp_path):
    (item,) = _read(tmp_path / "nope.txt")
    assert item.reason == "no such file or folder; check the path"


def test_text_file_uses_stem_as_id_and_given_date(tmp_path):
    f = tmp_path / "story-1.txt"
    f.write_text("Headline here\n\n" + ENGLISH)
    (article,) = _read(f, published=dt.date(2020, 5, 1))
    assert article == Article(
        id="story-1",
        text="Headline here\n\n" + ENGLISH,
        title="Headline here",
        published=dt.date(2020, 5, 1),
        origin=str(f),
    )


def test_jsonl_good_and_bad_lines(tmp_path):
    f = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ENGLISH, "title": "T", "published": "2025-03-14 20:30:26Z"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "d", "title": "no text"}),
        "",
        json.dumps({"text": ENGLISH}),
    ]
    f.write_text("\n".join(lines) + "\n")
    items = _read(f)
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Dropped",
        "Dropped",
        "Dropped",
        "Article",
    ]
    first = items[0]
    assert (first.id, first.published, first.text) == ("a", dt.date(2025, 3, 14), "T\n\n" + ENGLISH)
    assert items[1].id == f"{f}:2" and items[1].reason.startswith("malformed JSON (Expecting")
    assert items[2].reason == "expected a JSON object per line"
    assert items[3].reason == 'record has no "text" or "html" field'
    assert items[4].id == "c-6"


def test_folder_reads_supported_files_in_order(tmp_path):
    (tmp_path / "b.txt").write_text(ENGLISH)
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert [a.id for a in _read(tmp_path)] == ["a", "b"]


def test_html_page_goes_through_trafilatura(tmp_path):
    body = "".join(
        f"<p>{ENGLISH} Paragraph {n} adds more words about the fighting.</p>" for n in range(5)
    )
    html = (
        "<html><head><title>Clashes in the north</title>"
        '<meta property="article:published_time" content="2021-06-02"></head>'
        f"<body><nav>Home | About</nav><article><h1>Clashes in the north</h1>{body}</article></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(html)
    (article,) = _read(f)
    assert isinstance(article, Article)
    assert article.title == "Clashes in the north"
    assert article.published == dt.date(2021, 6, 2)
    assert "Rebels attacked the town" in article.text and "Home | About" not in article.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-01-04", dt.date(2018, 1, 4)),
        ("2025-03-14 20:30:26Z", dt.date(2025, 3, 14)),
        ("2018-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_csv_corpus_with_column_mapping(tmp_path):
    from eventwatch.corpora import Columns

    f = tmp_path / "c.csv"
    f.write_text(
        "uid,body,headline,date\n"
        f'a1,"{ENGLISH.strip()}",Clashes,2021-06-02\n'
        'a2,"",Empty,2021-06-03\n'
    )
    items = _read(
        f, columns=Columns.parse(["id=uid", "text=body", "title=headline", "published=date"])
    )
    first, second = items
    assert (first.id, first.title, first.published) == ("a1", "Clashes", dt.date(2021, 6, 2))
    assert first.text == "Clashes\n\n" + ENGLISH.strip()
    assert second == Dropped("read", f"{f}:3", 'record has no "text" or "html" field')


def test_csv_without_a_text_column(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("uid,body\n1,hello\n")
    (item,) = _read(f)
    assert (
        item.reason
        == "no 'text' or 'html' column (columns: body, uid); map one with --column text=NAME"
    )


@pytest.mark.parametrize("pair", ["text", "colour=body", "text="])
def test_bad_column_mapping(pair):
    from eventwatch.corpora import Columns

    with pytest.raises(ValueError, match="use FIELD=COLUMN"):
        Columns.parse([pair])


RSS = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Clashes in the north</title><link>https://example.org/1</link>
<guid>w-1</guid><pubDate>Wed, 02 Jun 2021 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{ENGLISH.strip()}&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><id>urn:w-2</id><title>Raid on a base</title><link href="https://example.org/2"/>
<updated>2021-06-03T08:00:00Z</updated><summary>{ENGLISH.strip()}</summary></entry></feed>"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "w.rss",
            RSS,
            ("w-1", "Clashes in the north", dt.date(2021, 6, 2), "https://example.org/1"),
        ),
        (
            "w.atom",
            ATOM,
            ("urn:w-2", "Raid on a base", dt.date(2021, 6, 3), "https://example.org/2"),
        ),
    ],
)
def test_feeds(tmp_path, name, content, expected):
    f = tmp_path / name
    f.write_text(content)
    (article,) = _read(f)
    assert (article.id, article.title, article.published, article.url) == expected
    assert article.source == "Wire"
    assert article.text.endswith(ENGLISH.strip())


def test_not_a_feed(tmp_path):
    f = tmp_path / "x.xml"
    f.write_text("<html><body>hi</body></html>")
    (item,) = _read(f)
    assert item.reason == "neither an RSS 2.0 nor an Atom feed; give an RSS 2.0 or Atom feed"


def test_a_reader_bug_costs_its_file_not_the_folder(tmp_path, monkeypatch):
    import eventwatch.ingest as ingest_module

    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": ENGLISH}) + "\n")
    (tmp_path / "b.txt").write_text(ENGLISH)
    real = ingest_module._jsonl

    def broken(*args):
        yield from real(*args)
        raise KeyError("surprise")

    monkeypatch.setattr(ingest_module, "_jsonl", broken)
    items = _read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article", "Dropped", "Article"]
    assert items[1] == Dropped(
        "read", str(tmp_path / "a.jsonl"), "cannot read the rest of it (KeyError: 'surprise')"
    )


def test_the_count_is_what_the_readers_yield(tmp_path):
    """`count_articles` (a progress bar's total) agrees with `read_articles` on every kind of
    input, the refused included, without making the articles."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH)
    (folder / "b.txt").write_bytes(b"\x00\x01binary")
    (folder / "c.html").write_text("<html><body><p>nothing here</p></body></html>")
    (folder / "d.jsonl").write_text(
        json.dumps({"id": "1", "text": ENGLISH}) + "\n\n{not json\n" + json.dumps([1]) + "\n"
    )
    (folder / "e.csv").write_text(f'id,text\n1,"{ENGLISH.strip()}"\n2,\n')
    (folder / "f.csv").write_text("id,body\n1,x\n")  # no text column: one refusal
    (folder / "g.rss").write_text(RSS)
    (folder / "h.xml").write_text("<html><body>hi</body></html>")
    (folder / "i.jsonl").write_bytes(b"caf\xe9\n")
    (folder / "notes.docx").write_bytes(b"ignored")
    empty = tmp_path / "empty"
    empty.mkdir()
    for path in (folder, folder / "d.jsonl", folder / "e.csv", empty, tmp_path / "missing"):
        assert count_articles(str(path)) == len(_read(path)), path
    assert count_articles(str(folder)) == 12
    assert count_articles("-") == 1
