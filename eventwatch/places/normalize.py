"""Name keys: how "Bir al-Abed", "Bi’r al ‘Abd" and "BIR AL ABD" become the same string.

News writes Arabic, Cyrillic and other names in many Latin transliterations, GeoNames in
one. Two keys bridge most of the gap without a model:

* `display_key` folds case, diacritics, apostrophes and the ‘ayn/hamza marks, and turns
  hyphens and punctuation into spaces: "Al-‘Arīsh" -> "al arish". Equal display keys mean
  "the same spelling" and count as an exact match.
* `loose_key` also drops Arabic articles and "the" ("al", "el", "ar", "ash"...), collapses
  doubled letters, a final "h" after a vowel, "ou" -> "u" and "q" -> "k": "Ar Raqqah" and
  "Raqqa" both become "raka". The gazetteer is indexed by this key; what it cannot bridge
  ("abed" vs "abd") is left to the fuzzy step, which compares loose keys.

A key is `None` when the name is not in Latin script after folding (Arabic, Cyrillic,
CJK alternate names): such names never occur in English articles and would only bloat the
index.
"""

from __future__ import annotations

import operator
import re
import unicodedata

# Letters that NFKD does not decompose into ASCII + combining marks.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ə": "a",
        "ɨ": "i",
    }
)
# Apostrophes, ‘ayn, hamza and modifier letters vanish: "Bi’r" = "Bir", "Ma'rib" = "Marib".
_DELETE = re.compile(r"[\u0027\u0060\u00b4\u02b0-\u02ff\u2018\u2019\u201b\u2032\u0300-\u036f.]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")

ARTICLES = frozenset(
    {
        "the",
        "al",
        "el",
        "ar",
        "as",
        "ad",
        "an",
        "at",
        "az",
        "ash",
        "adh",
        "ath",
        "ed",
        "es",
        "er",
        "ul",
    }
)
"""Tokens dropped by the loose key, wherever they stand ("Bir al Abd" -> "bir abd")."""

LEADING_ARTICLES = frozenset({"the", "al", "el", "ar", "as", "ad", "an", "at", "az", "ash"})
"""Articles that `strip_leading_article` removes from a display key ("the Sinai")."""

_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_first_group = operator.itemgetter(1)  # faster than the template r"\1" in re.sub


def display_key(name: str) -> str | None:
    """Case-, diacritic- and punctuation-folded spelling; None for non-Latin names."""
    text = name.casefold()
    if not text.isascii():  # NFKD splits "ā" into "a" + a combining mark, deleted below
        text = unicodedata.normalize("NFKD", text).translate(_FOLD)
    text = _DELETE.sub("", text)
    if not text.isascii():
        return None
    key = _SEPARATORS.sub(" ", text).strip()
    return key or None


def strip_leading_article(key: str) -> str:
    """Drop one leading article from a display key: "the sinai" -> "sinai", "al arish" -> "arish"."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in LEADING_ARTICLES else key


def loose_from_display(key: str) -> str:
    """The loose key of an already computed display key (see the module docstring)."""
    tokens = [t for t in key.split(" ") if t not in ARTICLES] or key.split(" ")
    text = " ".join(tokens).replace("ou", "u").replace("q", "k")
    text = _DOUBLED.sub(_first_group, text)
    return _FINAL_H.sub("", text) if "h" in text else text


def loose_key(name: str) -> str | None:
    """Index key: display key without articles and common transliteration variation."""
    key = display_key(name)
    return None if key is None else loose_from_display(key)
