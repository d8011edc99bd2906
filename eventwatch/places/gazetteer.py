"""`Gazetteer.resolve`: one place name (plus the article's countries) -> one PlaceMatch or None.

Steps, each tried only when the previous found nothing:

1. the loose key ("Ar Raqqah" = "Raqqa") among countries, curated regions, first-level
   subdivisions and cities;
2. a name ending in "province", "governorate", "oblast", "region", "state"... without
   that word, among subdivisions and curated regions only ("Helmand province"); one
   ending in "city" without it, among cities only ("Idlib city");
3. "Town, Region": the town with the region's country as context, else the region;
4. fuzzy: rapidfuzz similarity of loose keys of at least FUZZY_THRESHOLD among keys with
   the same first letter ("Bir al-Abed" ~ "Bi’r al ‘Abd"); below FUZZY_STRICT the two
   names must also share their consonants (transliterations differ in vowels), and when
   the article's countries are known a fuzzy town must lie in one of them.

When a name fits several places, `choose.Chooser` decides by kind first (a country name
is the country, a curated name the curated region, a town beats the same-named
subdivision it lies in, and a capital its same-named subdivision: "Washington"), then by
the article's countries, then by population weighted by how well the spelling matches
(`explain` puts the decision in words). Unknown names give None: a wrong point on a map
is worse than none.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

from . import cache
from .build import build_index
from .choose import DWARF_POPULATION, Chooser
from .distance import haversine_km
from .model import OWN, Index, Kind, PlaceMatch
from .normalize import display_key, loose_from_display, strip_leading_article
from .regions import load_country_names, load_not_places, load_regions
from .rows import Candidate, admin_like

FUZZY_THRESHOLD = 90.0
"""Minimum rapidfuzz `ratio` (0-100) of loose keys: "bir abed"/"bir abd" scores 93."""
FUZZY_STRICT = 95.0
"""At or above this a fuzzy hit needs no consonant check ("kremlin"/"kremling" is 93)."""
FUZZY_MIN_LENGTH = 7
"""Keys with fewer letters are never fuzzy-matched: one vowel more or less in a short
name ("Putin"/"Putian", "Nizzana"/"Nizan") is another name, not a transliteration."""
NEAR_KM = 1000.0
"""A small town outside the article's countries counts only within this distance of one
of their points (a country's point is its population centre, so large countries reach
further than it suggests)."""
ADMIN_WORDS = ("oblast", "region", "province", "governorate", "state")
"""How gazetteers name first-level subdivisions, tried in this order: "Amur Region" is
listed as "Amur Oblast"."""
ADMIN_SUFFIXES = frozenset(
    {
        "province", "governorate", "oblast", "region", "state", "district", "prefecture",
        "county", "wilaya", "vilayet", "krai", "territory", "division", "department",
    }
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouyw ]")
_CACHE_LIMIT = 50_000


class Gazetteer:
    """Offline place-name resolver over GeoNames cities, subdivisions, countries and curated
    regions. Cheap to construct: the index is loaded (or built and cached) at first use."""

    def __init__(self, index: Index | None = None, *, cache_dir: Path | None = None) -> None:
        self._index = index
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._results: dict[tuple[str, tuple[str, ...], tuple[str, ...]], PlaceMatch | None] = {}
        self._blocked: frozenset[str] | None = None
        self._picker: Chooser | None = None

    @property
    def index(self) -> Index:
        """The index, loaded from the cache file or built (and cached) on first access."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._load()
        return self._index

    def _load(self) -> Index:
        directory = self._cache_dir or cache.default_cache_dir()
        key = cache.fingerprint()
        index = cache.read(cache.cache_path(directory, key))
        if index is None:
            index = build_index(load_regions(), load_country_names(), load_not_places())
            cache.write(index, directory, key)
        return index

    @property
    def _chooser(self) -> Chooser:
        """What decides among the places a name fits (over this gazetteer's index)."""
        if self._picker is None:
            self._picker = Chooser(self.index)
        return self._picker

    def resolve(
        self, name: str, *, countries: Sequence[str] = (), within: Sequence[str] = ()
    ) -> PlaceMatch | None:
        """The place `name` most likely means in an article about `countries` (alpha-3
        codes, used to break ties), or None when the name is not a known place. With
        `within`, only places in those countries count ("Bajaur" in a sentence that says
        the attack was in Pakistan)."""
        ctx = _codes(countries)
        inside = _codes(within)
        memo = (name, ctx, inside)
        if memo in self._results:
            return self._results[memo]
        found = self._resolve(name.strip(), frozenset(ctx), frozenset(inside))
        if len(self._results) >= _CACHE_LIMIT:
            self._results.clear()
        self._results[memo] = found
        return found

    def country(self, code: str, reason: str) -> PlaceMatch | None:
        """The country with ISO alpha-3 `code` as a place (None if unknown), with `reason`."""
        row = self._chooser.country_rows().get(code)
        if row is None:
            return None
        match = self._chooser.own(self.index.names[row], row, frozenset(), 1.0)
        return replace(match, method="country-stated", score=0.8, reason=reason)

    # --- the steps --------------------------------------------------------------------

    def _resolve(self, name: str, ctx: frozenset[str], inside: frozenset[str]) -> PlaceMatch | None:
        disp = display_key(name)
        if disp is None:
            return None
        disp = strip_leading_article(disp)
        if self._blocked is None:
            self._blocked = frozenset(self.index.blocked)
        if disp in self._blocked:
            return None
        key = loose_from_display(disp)
        cands = [c for c in self._lookup(key, inside) if not self._far_namesake(c, key, ctx)]
        if len(key.replace(" ", "")) <= 2:  # "EU", "UN": only country codes, never towns
            cands = [c for c in cands if self.index.kinds[c.row] != Kind.CITY]
        if cands:
            return self._chooser.choose(name, disp, cands, ctx, "")
        head, _, last = disp.rpartition(" ")
        if head and last == "city":  # "Idlib city", "Gaza City" (when not an alternate name)
            towns = [
                c
                for c in self._lookup(loose_from_display(head), inside)
                if self.index.kinds[c.row] == Kind.CITY
            ]
            if towns:
                return self._chooser.choose(name, head, towns, ctx, "without the word “city”")
        if head and last in ADMIN_SUFFIXES:
            admin = [
                c
                for c in self._lookup(loose_from_display(head), inside)
                if admin_like(self.index, c.row)
            ]
            if admin:
                return self._chooser.choose(name, head, admin, ctx, f"without the word “{last}”")
            other = self._admin_by_other_word(name, head, last, ctx, inside)
            if other is not None:
                return other
        if "," in name:
            return self._comma(name, ctx, inside)
        return self._fuzzy(name, disp, key, ctx, inside)

    def _admin_by_other_word(
        self, name: str, head: str, last: str, ctx: frozenset[str], inside: frozenset[str]
    ) -> PlaceMatch | None:
        """'Amur Region' is listed as 'Amur Oblast'; 'Belgorod region' not at all, so it is
        the subdivision around the city of that name."""
        for word in (w for w in ADMIN_WORDS if w != last):
            admin = [
                c for c in self._lookup(loose_from_display(f"{head} {word}"), inside)
                if admin_like(self.index, c.row)
            ]  # fmt: skip
            if admin:
                return self._chooser.choose(
                    name, f"{head} {word}", admin, ctx, f"as “{head} {word}”"
                )
        # only a real city names its region ("Belgorod"), not a hamlet ("the Sinai Province")
        towns = [
            c
            for c in self._lookup(loose_from_display(head), inside)
            if self.index.kinds[c.row] == Kind.CITY
            and self.index.population[c.row] >= DWARF_POPULATION
        ]
        if not towns:
            return None
        town = self._chooser.choose(name, head, towns, ctx, "")
        return replace(
            town,
            resolved_place=town.admin1 or town.resolved_place,
            geonameid=None,  # the city's id would name the city, not the region
            admin2=None,
            admin2_code=None,
            precision="region",
            reason=f"{town.reason} The {last} around it is meant: coordinates are the city's.",
        )

    def _lookup(self, key: str, inside: frozenset[str] = frozenset()) -> list[Candidate]:
        found = [Candidate(p >> 2, p & 3) for p in self.index.postings(key)]
        return [c for c in found if self._inside(c.row, inside)] if inside else found

    def _inside(self, row: int, inside: frozenset[str]) -> bool:
        return not inside or not inside.isdisjoint(self.index.countries[row].split())

    def _far_namesake(self, c: Candidate, key: str, ctx: frozenset[str]) -> bool:
        """A small town (under DWARF_POPULATION) outside the article's countries and far
        from all of them, when those are known ("Badia", a desert in a story about Syria,
        is a village in Italy; Jericho in a story about Israel is near enough), or, when
        they are not, one found only by an alternate name that is no spelling of
        its own ("Al Noor", a mosque, is listed for Niort, France). Such namesakes are far
        likelier another thing of that name than the place; "Qandahar" (Kandahār) and
        "Jenin" (Janīn) keep theirs, as they spell the own name in other vowels."""
        ix = self.index
        if ix.kinds[c.row] != Kind.CITY or ix.population[c.row] >= DWARF_POPULATION:
            return False
        if ctx:
            if not ctx.isdisjoint(ix.countries[c.row].split()):
                return False
            return all(self._km(c.row, code) > NEAR_KM for code in ctx)
        if c.flags & OWN:
            return False
        own = loose_from_display(strip_leading_article(display_key(ix.names[c.row]) or ""))
        return _VOWELS.sub("", own) != _VOWELS.sub("", key)

    def _km(self, row: int, country: str) -> float:
        """Distance from place `row` to the point of `country` (inf if unknown)."""
        there = self._chooser.country_rows().get(country)
        if there is None:
            return math.inf
        ix = self.index
        return haversine_km(ix.lat[row], ix.lon[row], ix.lat[there], ix.lon[there])

    def _comma(self, name: str, ctx: frozenset[str], inside: frozenset[str]) -> PlaceMatch | None:
        """Names like "Sheikh Zuweid, North Sinai" or "Rafah, Egypt": the tail gives the
        country; the head is looked up there, else the tail is the answer."""
        head, _, tail = (part.strip() for part in name.partition(","))
        outer = self.resolve(tail, countries=tuple(ctx), within=tuple(inside))
        if outer is None:
            return None
        inner = self.resolve(head, countries=(outer.country_code,))
        if inner is not None and inner.country_code == outer.country_code:
            return inner
        reason = f"{outer.reason[:-1]}; “{head}” is not known there, so the place is given at that precision."
        return replace(
            outer, method=f"{outer.method}+comma", score=round(outer.score * 0.8, 3), reason=reason
        )

    def _fuzzy(
        self, name: str, disp: str, key: str, ctx: frozenset[str], inside: frozenset[str]
    ) -> PlaceMatch | None:
        if len(key.replace(" ", "")) < FUZZY_MIN_LENGTH:
            return None
        ix = self.index
        hits = process.extract(
            key, ix.fuzzy.get(key[0], []), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=20
        )
        skeleton = _VOWELS.sub("", key)
        best: dict[int, Candidate] = {}
        for hit_key, score, _ in hits:
            if score < FUZZY_STRICT and _VOWELS.sub("", hit_key) != skeleton:
                continue
            for p in ix.postings(hit_key):
                cand = Candidate(p >> 2, p & 3, score / 100.0)
                if not self._inside(cand.row, inside):
                    continue
                local = not ctx.isdisjoint(ix.countries[cand.row].split())
                if ctx and not local and ix.kinds[cand.row] in (Kind.CITY, Kind.ADMIN1):
                    continue
                old = best.get(cand.row)
                if old is None or cand.similarity > old.similarity:
                    best[cand.row] = cand
        if not best:
            return None
        return self._chooser.choose(name, disp, list(best.values()), ctx, "fuzzy")


def _codes(countries: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({c.strip().upper() for c in countries if c and c.strip()}))
