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

When a name fits several places, `_choose` decides by kind first (a country name is the
country, a curated name the curated region, a town beats the same-named subdivision it
lies in, and a capital its same-named subdivision: "Washington"), then by the article's countries, then by population weighted by how well the
spelling matches. Unknown names give None: a wrong point on a map is worse than none.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from . import cache
from .build import build_index
from .distance import haversine_km
from .model import ALTERNATE, OWN, PRECISION, Index, Kind, PlaceMatch
from .normalize import display_key, loose_from_display, strip_leading_article
from .regions import load_country_names, load_not_places, load_regions

FUZZY_THRESHOLD = 90.0
"""Minimum rapidfuzz `ratio` (0-100) of loose keys: "bir abed"/"bir abd" scores 93."""
FUZZY_STRICT = 95.0
"""At or above this a fuzzy hit needs no consonant check ("kremlin"/"kremling" is 93)."""
FUZZY_MIN_LENGTH = 7
"""Keys with fewer letters are never fuzzy-matched: one vowel more or less in a short
name ("Putin"/"Putian", "Nizzana"/"Nizan") is another name, not a transliteration."""
ALTERNATE_WEIGHT = 0.25
"""Population factor of a place found only by a GeoNames alternate name (multilingual and
historical: "Alexandria" is listed for Mashhad), so a real "Alexandria" wins."""
CAPITAL_WEIGHT = 4.0
"""Population factor of a national capital found by its own name (1 / ALTERNATE_WEIGHT)."""
VARIANT_WEIGHT = 0.1
"""Population factor of a place whose own name matches only after loose folding
("Samarra" vs Russia's "Samara"), so the exact spelling wins unless 10x smaller."""
NEAR_KM = 1000.0
"""A small town outside the article's countries counts only within this distance of one
of their points (a country's point is its population centre, so large countries reach
further than it suggests)."""
UNSURE_RATIO = 0.5
"""Two same-named towns in one country, the smaller at least this share of the larger's
weight: the place is given at the country (ACLED's "geo_precision 3")."""
CITY_SHARE = 0.05
"""Share of a subdivision's population a same-named city inside it needs to win."""
ADMIN_WORDS = ("oblast", "region", "province", "governorate", "state")
"""How gazetteers name first-level subdivisions, tried in this order: "Amur Region" is
listed as "Amur Oblast"."""
DWARF_RATIO = 8.0
DWARF_POPULATION = 100_000
"""A small town (under DWARF_POPULATION) in the article's countries loses to a city of at
least that size elsewhere that is DWARF_RATIO times as populous: Geneva, Switzerland, not
Geneva, Illinois, in a story about US negotiators; Alexandria, Virginia (150,000) and
Tripoli, Lebanon keep their own."""
ADMIN_SUFFIXES = frozenset(
    {
        "province", "governorate", "oblast", "region", "state", "district", "prefecture",
        "county", "wilaya", "vilayet", "krai", "territory", "division", "department",
    }
)  # fmt: skip
_SOURCES = {
    "name": "the name of",
    "alias": "a name of",
    "alternate": "an alternate GeoNames name of",
    "variant": "a spelling variant of the name of",
}
_VOWELS = re.compile(r"[aeiouyw ]")
_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class _Candidate:
    row: int
    flags: int  # OWN and/or ALTERNATE (model.py)
    similarity: float = 1.0  # below 1 for fuzzy matches only


class Gazetteer:
    """Offline place-name resolver over GeoNames cities, subdivisions, countries and curated
    regions. Cheap to construct: the index is loaded (or built and cached) at first use."""

    def __init__(self, index: Index | None = None, *, cache_dir: Path | None = None) -> None:
        self._index = index
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._results: dict[tuple[str, tuple[str, ...], tuple[str, ...]], PlaceMatch | None] = {}
        self._blocked: frozenset[str] | None = None
        self._capital_rows: frozenset[int] | None = None
        self._countries: dict[str, int] | None = None  # alpha-3 code -> country row

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
        row = self._country_rows().get(code)
        if row is None:
            return None
        return replace(
            self._match(
                self.index.names[row], _Candidate(row, OWN), frozenset(), "", "name", [], "", 1.0
            ),
            method="country-stated",
            score=0.8,
            reason=reason,
        )

    def _country_rows(self) -> dict[str, int]:
        """ISO alpha-3 code -> the row of that country."""
        if self._countries is None:
            ix = self.index
            self._countries = {
                ix.countries[r]: r for r, k in enumerate(ix.kinds) if k == Kind.COUNTRY
            }
        return self._countries

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
            return self._choose(name, disp, cands, ctx, "")
        head, _, last = disp.rpartition(" ")
        if head and last == "city":  # "Idlib city", "Gaza City" (when not an alternate name)
            towns = [
                c
                for c in self._lookup(loose_from_display(head), inside)
                if self.index.kinds[c.row] == Kind.CITY
            ]
            if towns:
                return self._choose(name, head, towns, ctx, "without the word “city”")
        if head and last in ADMIN_SUFFIXES:
            admin = [
                c for c in self._lookup(loose_from_display(head), inside) if self._admin_like(c.row)
            ]
            if admin:
                return self._choose(name, head, admin, ctx, f"without the word “{last}”")
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
                if self._admin_like(c.row)
            ]  # fmt: skip
            if admin:
                return self._choose(name, f"{head} {word}", admin, ctx, f"as “{head} {word}”")
        # only a real city names its region ("Belgorod"), not a hamlet ("the Sinai Province")
        towns = [
            c
            for c in self._lookup(loose_from_display(head), inside)
            if self.index.kinds[c.row] == Kind.CITY
            and self.index.population[c.row] >= DWARF_POPULATION
        ]
        if not towns:
            return None
        town = self._choose(name, head, towns, ctx, "")
        return replace(
            town,
            resolved_place=town.admin1 or town.resolved_place,
            geonameid=None,  # the city's id would name the city, not the region
            admin2=None,
            admin2_code=None,
            precision="region",
            reason=f"{town.reason} The {last} around it is meant: coordinates are the city's.",
        )

    def _capitals(self) -> frozenset[int]:
        if self._capital_rows is None:
            self._capital_rows = frozenset(self.index.capitals)
        return self._capital_rows

    def _lookup(self, key: str, inside: frozenset[str] = frozenset()) -> list[_Candidate]:
        found = [_Candidate(p >> 2, p & 3) for p in self.index.postings(key)]
        return [c for c in found if self._inside(c.row, inside)] if inside else found

    def _inside(self, row: int, inside: frozenset[str]) -> bool:
        return not inside or not inside.isdisjoint(self.index.countries[row].split())

    def _far_namesake(self, c: _Candidate, key: str, ctx: frozenset[str]) -> bool:
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
        there = self._country_rows().get(country)
        if there is None:
            return math.inf
        ix = self.index
        return haversine_km(ix.lat[row], ix.lon[row], ix.lat[there], ix.lon[there])

    def _admin_like(self, row: int) -> bool:
        kind = self.index.kinds[row]
        return kind == Kind.ADMIN1 or (kind == Kind.CURATED and self.index.admin1[row] is not None)

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
        best: dict[int, _Candidate] = {}
        for hit_key, score, _ in hits:
            if score < FUZZY_STRICT and _VOWELS.sub("", hit_key) != skeleton:
                continue
            for p in ix.postings(hit_key):
                cand = _Candidate(p >> 2, p & 3, score / 100.0)
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
        return self._choose(name, disp, list(best.values()), ctx, "fuzzy")

    # --- choosing among candidates ----------------------------------------------------

    def _choose(
        self, name: str, disp: str, cands: list[_Candidate], ctx: frozenset[str], how: str
    ) -> PlaceMatch:
        ix = self.index
        by_kind: dict[Kind, list[_Candidate]] = {}
        for c in cands:
            by_kind.setdefault(Kind(ix.kinds[c.row]), []).append(c)

        def local(c: _Candidate) -> bool:
            return not ctx.isdisjoint(ix.countries[c.row].split())

        def dwarfs(big: _Candidate, small: _Candidate) -> bool:
            pop, small_pop = ix.population[big.row], max(ix.population[small.row], 1)
            return (
                small_pop < DWARF_POPULATION <= pop
                and pop >= DWARF_RATIO * small_pop
                and self._spelled(disp, big)
            )

        def in_ctx(c: _Candidate) -> bool:
            return local(c) and not any(dwarfs(o, c) for o in cands if not local(o))

        kind_note = ""
        if Kind.COUNTRY in by_kind:
            pool = by_kind[Kind.COUNTRY]
            local_admin = [c for c in by_kind.get(Kind.ADMIN1, []) if in_ctx(c)]
            if local_admin and not any(map(in_ctx, pool)):
                pool, kind_note = (
                    local_admin,
                    "it is a subdivision of a country the article is about",
                )
            elif len(cands) > len(pool):
                kind_note = "a country's name means the country"
        elif Kind.CURATED in by_kind:
            pool = by_kind[Kind.CURATED]
            if len(cands) > len(pool):
                kind_note = "curated regions outrank same-named subdivisions and towns"
        else:
            cities = by_kind.get(Kind.CITY, [])
            pool = cities + [
                c for c in by_kind.get(Kind.ADMIN1, []) if not self._city_wins(c, cities)
            ]
            if len(pool) < len(cands):
                kind_note = "a city is more precise than the same-named subdivision around it"

        exact = {c.row: self._spelled(disp, c) for c in pool}

        def weight(c: _Candidate) -> float:
            pop = float(max(ix.population[c.row], 1))
            if exact[c.row]:
                # a national capital by its own name outranks a bigger city that once bore
                # it ("Islamabad", a historic name of Chattogram)
                return pop * CAPITAL_WEIGHT if c.row in self._capitals() else pop
            return pop * (ALTERNATE_WEIGHT if c.flags & ALTERNATE else VARIANT_WEIGHT)

        pool.sort(key=lambda c: (in_ctx(c), c.similarity, weight(c), -c.row), reverse=True)
        chosen = pool[0]
        notes = self._pool_notes(chosen, pool, ctx, in_ctx, weight)
        if not in_ctx(chosen) and any(map(local, pool)):
            notes = [
                "a far larger city outranks the small namesake in the article's countries"
                if n == "none lies in the article's countries"
                else n
                for n in notes
            ]
        if how == "fuzzy":
            score, via = 0.9 * chosen.similarity, "fuzzy"
        elif exact[chosen.row]:
            own_name = strip_leading_article(display_key(ix.names[chosen.row]) or "")
            score, via = 1.0, "name" if disp == own_name else "alias"
        elif chosen.flags & ALTERNATE:
            score, via = 0.95, "alternate"
        else:
            score, via = 0.9, "variant"
        if len(pool) > 1 and in_ctx(chosen) == in_ctx(pool[1]):
            close = weight(pool[1]) / weight(chosen)
            score *= 1.0 - 0.3 * min(1.0, close)
            if close >= UNSURE_RATIO and self._elsewhere_at_home(chosen, pool[1]):
                return self._unsure(name, chosen, pool[1], ctx)
        others = [c for c in cands if c.row != chosen.row and not self._twin(c.row, chosen.row)]
        rule = _join([*notes, kind_note] if kind_note else notes)
        return self._match(name, chosen, ctx, how, via, others, rule, score)

    def _elsewhere_at_home(self, chosen: _Candidate, runner: _Candidate) -> bool:
        """Two towns of one name in one country, in different subdivisions."""
        ix = self.index
        return (
            ix.kinds[chosen.row] == ix.kinds[runner.row] == Kind.CITY
            and ix.countries[chosen.row] == ix.countries[runner.row]
            and ix.admin1[chosen.row] != ix.admin1[runner.row]
        )

    def _unsure(
        self, name: str, chosen: _Candidate, runner: _Candidate, ctx: frozenset[str]
    ) -> PlaceMatch:
        """The country two same-sized namesakes share, at country precision."""
        ix = self.index
        code = ix.countries[chosen.row]
        row = self._country_rows()[code]
        match = self._match(ix.names[row], _Candidate(row, OWN), ctx, "", "name", [], "", 0.7)
        return replace(
            match,
            method="country-unsure",
            reason=f"“{name}” names towns of similar size in {ix.admin1[chosen.row]} and "
            f"{ix.admin1[runner.row]} ({code}); the text does not say which, so the place is "
            "given at country precision.",
        )

    def _city_wins(self, admin: _Candidate, cities: list[_Candidate]) -> bool:
        """A same-named city beats a subdivision when it lies in it and holds at least
        CITY_SHARE of its people (Kandahar, Raqqa; not the hamlet "Xinjiang"), or when it
        is the capital of the subdivision's country (Washington, not Washington State)."""
        ix = self.index
        cc, label, pop = ix.countries[admin.row], ix.admin1[admin.row], ix.population[admin.row]
        for c in cities:
            if ix.countries[c.row] != cc:
                continue
            if c.row in self._capitals():
                return True
            if ix.admin1[c.row] == label and ix.population[c.row] >= CITY_SHARE * pop:
                return True
        return False

    def _spelled(self, disp: str, c: _Candidate) -> bool:
        """Whether the query is spelled exactly as the place's own name or an alias."""
        if not c.flags & OWN:
            return False
        names = self.index.aliases.get(c.row) or [self.index.names[c.row]]
        return any(strip_leading_article(display_key(n) or "") == disp for n in names)

    def _pool_notes(
        self,
        chosen: _Candidate,
        pool: list[_Candidate],
        ctx: frozenset[str],
        in_ctx: Callable[[_Candidate], bool],
        weight: Callable[[_Candidate], float],
    ) -> list[str]:
        """Why `chosen` beat the other candidates of its kind, in words."""
        if len(pool) < 2:
            return []
        notes = []
        local = in_ctx(chosen)
        if local and not all(map(in_ctx, pool)):
            notes.append(
                f"it lies in {self._country_of(chosen.row, ctx)} (one of the article's countries)"
            )
        elif ctx and not local:
            notes.append("none lies in the article's countries")
        peers = [c for c in pool[1:] if in_ctx(c) == local]
        if peers:
            runner, pop = peers[0], self.index.population
            there = " there" if local and notes else ""
            if runner.similarity < chosen.similarity:
                notes.append(f"its name is the closest{there}")
            elif pop[runner.row] > pop[chosen.row]:
                notes.append("its spelling matches better than that of larger places")
            elif weight(runner) < weight(chosen):
                notes.append(f"it is the most populous{there}")
            else:
                notes.append("it comes first in the curated list")
        return notes

    def _twin(self, row: int, other: int) -> bool:
        """Two rows for one place (a curated region and the subdivision it stands for)."""
        ix = self.index
        return ix.names[row] == ix.names[other] and not set(ix.countries[row].split()).isdisjoint(
            ix.countries[other].split()
        )

    def _country_of(self, row: int, ctx: frozenset[str]) -> str:
        codes = self.index.countries[row].split()
        return next((c for c in codes if c in ctx), codes[0])

    def _match(
        self,
        name: str,
        c: _Candidate,
        ctx: frozenset[str],
        how: str,
        via: str,
        others: list[_Candidate],
        rule: str,
        score: float,
    ) -> PlaceMatch:
        ix = self.index
        kind = Kind(ix.kinds[c.row])
        cc = self._country_of(c.row, ctx)
        place = ix.names[c.row]
        what = {
            Kind.COUNTRY: f"the country {place}",
            Kind.CURATED: f"the curated region {place} ({cc})",
            Kind.ADMIN1: f"the first-level subdivision {place} ({cc})",
            Kind.CITY: f"the city {place} ({', '.join(filter(None, (ix.admin1[c.row], cc)))}, "
            f"population {ix.population[c.row]:,})",
        }[kind]
        if via == "fuzzy":
            source = "a name of" if c.flags & OWN else "an alternate GeoNames name of"
        else:
            source = _SOURCES[via]
        if how == "fuzzy":
            lead = (
                f"“{name}” has no exact match but is {c.similarity:.0%} similar to {source} {what}"
            )
        elif how:
            lead = f"“{name}”, {how}, is {source} {what}"
        else:
            lead = f"“{name}” is {source} {what}"
        if others:
            labels = list(
                dict.fromkeys(f"{ix.names[o.row]} ({self._country_of(o.row, ctx)})" for o in others)
            )
            more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
            tail = f"; chosen over {', '.join(labels[:3])}{more} because {rule or 'it fits best'}."
        else:
            tail = (
                "; no other known place has that name."
                if how != "fuzzy"
                else "; no other place is as close."
            )
        kind_name = {
            Kind.COUNTRY: "country",
            Kind.CURATED: "curated",
            Kind.ADMIN1: "admin1",
            Kind.CITY: "city",
        }
        return PlaceMatch(
            resolved_place=place,
            geonameid=ix.geonameid[c.row] or None,
            lat=round(ix.lat[c.row], 5),
            lon=round(ix.lon[c.row], 5),
            admin1=ix.admin1[c.row] if kind != Kind.COUNTRY else None,
            country_code=cc,
            precision=PRECISION[kind],
            method=f"{kind_name[kind]}-{via}" + ("+suffix" if how and how != "fuzzy" else ""),
            score=round(max(0.0, min(1.0, score)), 3),
            reason=lead + tail,
            **ix.subdivisions(c.row),
        )


def _codes(countries: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({c.strip().upper() for c in countries if c and c.strip()}))


def _join(notes: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return " and ".join(notes) if len(notes) < 3 else ", ".join(notes[:-1]) + " and " + notes[-1]
