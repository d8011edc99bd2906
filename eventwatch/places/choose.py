"""Choose one place among the candidates a name fits, and say why.

By kind first (a country name is the country, a curated name the curated region, a town
beats the same-named subdivision it lies in, and a capital its same-named subdivision:
"Washington"), then by the article's countries, then by population weighted by how well
the spelling matches. Two same-sized towns of one name in different subdivisions of one
country give that country, at country precision: the text does not say which.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .explain import describe, join
from .model import ALTERNATE, OWN, Index, Kind, PlaceMatch
from .normalize import display_key, strip_leading_article
from .rows import Candidate, country_of, spelled, twin

ALTERNATE_WEIGHT = 0.25
"""Population factor of a place found only by a GeoNames alternate name (multilingual and
historical: "Alexandria" is listed for Mashhad), so a real "Alexandria" wins."""
CAPITAL_WEIGHT = 4.0
"""Population factor of a national capital found by its own name (1 / ALTERNATE_WEIGHT)."""
VARIANT_WEIGHT = 0.1
"""Population factor of a place whose own name matches only after loose folding
("Samarra" vs Russia's "Samara"), so the exact spelling wins unless 10x smaller."""
UNSURE_RATIO = 0.5
"""Two same-named towns in one country, the smaller at least this share of the larger's
weight: the place is given at the country (ACLED's "geo_precision 3")."""
CITY_SHARE = 0.05
"""Share of a subdivision's population a same-named city inside it needs to win."""
DWARF_RATIO = 8.0
DWARF_POPULATION = 100_000
"""A small town (under DWARF_POPULATION) in the article's countries loses to a city of at
least that size elsewhere that is DWARF_RATIO times as populous: Geneva, Switzerland, not
Geneva, Illinois, in a story about US negotiators; Alexandria, Virginia (150,000) and
Tripoli, Lebanon keep their own."""


@dataclass(slots=True)
class _Contest:
    """One name's candidates in one article: which count as local, and how heavy each is."""

    ix: Index
    capitals: frozenset[int]
    disp: str
    cands: list[Candidate]
    ctx: frozenset[str]
    exact: dict[int, bool] = field(default_factory=dict)  # row -> spelled exactly (the pool)

    def local(self, c: Candidate) -> bool:
        """Whether `c` lies in one of the article's countries."""
        return not self.ctx.isdisjoint(self.ix.countries[c.row].split())

    def dwarfs(self, big: Candidate, small: Candidate) -> bool:
        """Whether `big` is a city so much larger than the town `small` that it wins."""
        ix = self.ix
        pop, small_pop = ix.population[big.row], max(ix.population[small.row], 1)
        return (
            small_pop < DWARF_POPULATION <= pop
            and pop >= DWARF_RATIO * small_pop
            and spelled(ix, self.disp, big)
        )

    def in_ctx(self, c: Candidate) -> bool:
        """Local, and not dwarfed by a far larger namesake elsewhere."""
        return self.local(c) and not any(self.dwarfs(o, c) for o in self.cands if not self.local(o))

    def weight(self, c: Candidate) -> float:
        """Population, weighted by how the name matched (`exact` must cover `c`)."""
        pop = float(max(self.ix.population[c.row], 1))
        if self.exact[c.row]:
            # a national capital by its own name outranks a bigger city that once bore
            # it ("Islamabad", a historic name of Chattogram)
            return pop * CAPITAL_WEIGHT if c.row in self.capitals else pop
        return pop * (ALTERNATE_WEIGHT if c.flags & ALTERNATE else VARIANT_WEIGHT)


class Chooser:
    """Choose among the candidates of a name, over one index."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._capitals: frozenset[int] | None = None
        self._countries: dict[str, int] | None = None  # alpha-3 code -> country row

    def capitals(self) -> frozenset[int]:
        """The rows of national capitals."""
        if self._capitals is None:
            self._capitals = frozenset(self.index.capitals)
        return self._capitals

    def country_rows(self) -> dict[str, int]:
        """ISO alpha-3 code -> the row of that country."""
        if self._countries is None:
            ix = self.index
            self._countries = {
                ix.countries[r]: r for r, k in enumerate(ix.kinds) if k == Kind.COUNTRY
            }
        return self._countries

    def own(self, name: str, row: int, ctx: frozenset[str], score: float) -> PlaceMatch:
        """Row `row` as the place `name` names by its own name, the only one considered."""
        cand = Candidate(row, OWN)
        return describe(
            self.index, name, cand, ctx, how="", via="name", others=[], rule="", score=score
        )

    def choose(
        self, name: str, disp: str, cands: list[Candidate], ctx: frozenset[str], how: str
    ) -> PlaceMatch:
        """The candidate `name` (display key `disp`) most likely means in an article about
        `ctx`; `how` it was found ("", "fuzzy" or the words dropped) goes in the reason."""
        ix = self.index
        contest = _Contest(ix, self.capitals(), disp, cands, ctx)
        pool, kind_note = self._pool(contest)
        contest.exact = {c.row: spelled(ix, disp, c) for c in pool}
        pool.sort(
            key=lambda c: (contest.in_ctx(c), c.similarity, contest.weight(c), -c.row),
            reverse=True,
        )
        chosen = pool[0]
        notes = self._notes(chosen, pool, contest)
        score, via = self._fit(chosen, contest, how)
        if len(pool) > 1 and contest.in_ctx(chosen) == contest.in_ctx(pool[1]):
            close = contest.weight(pool[1]) / contest.weight(chosen)
            score *= 1.0 - 0.3 * min(1.0, close)
            if close >= UNSURE_RATIO and self._elsewhere_at_home(chosen, pool[1]):
                return self._unsure(name, chosen, pool[1], ctx)
        others = [c for c in cands if c.row != chosen.row and not twin(ix, c.row, chosen.row)]
        rule = join([*notes, kind_note] if kind_note else notes)
        return describe(
            ix, name, chosen, ctx, how=how, via=via, others=others, rule=rule, score=score
        )

    def _pool(self, contest: _Contest) -> tuple[list[Candidate], str]:
        """The candidates of the kind that wins, and why that kind (in words, or "")."""
        ix, cands = self.index, contest.cands
        by_kind: dict[Kind, list[Candidate]] = {}
        for c in cands:
            by_kind.setdefault(Kind(ix.kinds[c.row]), []).append(c)
        if Kind.COUNTRY in by_kind:
            pool = by_kind[Kind.COUNTRY]
            local_admin = [c for c in by_kind.get(Kind.ADMIN1, []) if contest.in_ctx(c)]
            if local_admin and not any(map(contest.in_ctx, pool)):
                return local_admin, "it is a subdivision of a country the article is about"
            if len(cands) > len(pool):
                return pool, "a country's name means the country"
            return pool, ""
        if Kind.CURATED in by_kind:
            pool = by_kind[Kind.CURATED]
            if len(cands) > len(pool):
                return pool, "curated regions outrank same-named subdivisions and towns"
            return pool, ""
        cities = by_kind.get(Kind.CITY, [])
        pool = cities + [c for c in by_kind.get(Kind.ADMIN1, []) if not self._city_wins(c, cities)]
        if len(pool) < len(cands):
            return pool, "a city is more precise than the same-named subdivision around it"
        return pool, ""

    def _fit(self, chosen: Candidate, contest: _Contest, how: str) -> tuple[float, str]:
        """How well the name fits the chosen place, and by which of its names."""
        if how == "fuzzy":
            return 0.9 * chosen.similarity, "fuzzy"
        if contest.exact[chosen.row]:
            own_name = strip_leading_article(display_key(self.index.names[chosen.row]) or "")
            return 1.0, "name" if contest.disp == own_name else "alias"
        if chosen.flags & ALTERNATE:
            return 0.95, "alternate"
        return 0.9, "variant"

    def _notes(self, chosen: Candidate, pool: list[Candidate], contest: _Contest) -> list[str]:
        """Why `chosen` beat the other candidates of its kind, in words."""
        notes = self._pool_notes(chosen, pool, contest)
        if not contest.in_ctx(chosen) and any(map(contest.local, pool)):
            notes = [
                "a far larger city outranks the small namesake in the article's countries"
                if n == "none lies in the article's countries"
                else n
                for n in notes
            ]
        return notes

    def _pool_notes(self, chosen: Candidate, pool: list[Candidate], contest: _Contest) -> list[str]:
        if len(pool) < 2:
            return []
        notes = []
        ctx = contest.ctx
        local = contest.in_ctx(chosen)
        if local and not all(map(contest.in_ctx, pool)):
            country = country_of(self.index, chosen.row, ctx)
            notes.append(f"it lies in {country} (one of the article's countries)")
        elif ctx and not local:
            notes.append("none lies in the article's countries")
        peers = [c for c in pool[1:] if contest.in_ctx(c) == local]
        if peers:
            runner, pop = peers[0], self.index.population
            there = " there" if local and notes else ""
            if runner.similarity < chosen.similarity:
                notes.append(f"its name is the closest{there}")
            elif pop[runner.row] > pop[chosen.row]:
                notes.append("its spelling matches better than that of larger places")
            elif contest.weight(runner) < contest.weight(chosen):
                notes.append(f"it is the most populous{there}")
            else:
                notes.append("it comes first in the curated list")
        return notes

    def _elsewhere_at_home(self, chosen: Candidate, runner: Candidate) -> bool:
        """Two towns of one name in one country, in different subdivisions."""
        ix = self.index
        return (
            ix.kinds[chosen.row] == ix.kinds[runner.row] == Kind.CITY
            and ix.countries[chosen.row] == ix.countries[runner.row]
            and ix.admin1[chosen.row] != ix.admin1[runner.row]
        )

    def _unsure(
        self, name: str, chosen: Candidate, runner: Candidate, ctx: frozenset[str]
    ) -> PlaceMatch:
        """The country two same-sized namesakes share, at country precision."""
        ix = self.index
        code = ix.countries[chosen.row]
        row = self.country_rows()[code]
        match = self.own(ix.names[row], row, ctx, 0.7)
        return replace(
            match,
            method="country-unsure",
            reason=f"“{name}” names towns of similar size in {ix.admin1[chosen.row]} and "
            f"{ix.admin1[runner.row]} ({code}); the text does not say which, so the place is "
            "given at country precision.",
        )

    def _city_wins(self, admin: Candidate, cities: list[Candidate]) -> bool:
        """A same-named city beats a subdivision when it lies in it and holds at least
        CITY_SHARE of its people (Kandahar, Raqqa; not the hamlet "Xinjiang"), or when it
        is the capital of the subdivision's country (Washington, not Washington State)."""
        ix = self.index
        cc, label, pop = ix.countries[admin.row], ix.admin1[admin.row], ix.population[admin.row]
        for c in cities:
            if ix.countries[c.row] != cc:
                continue
            if c.row in self.capitals():
                return True
            if ix.admin1[c.row] == label and ix.population[c.row] >= CITY_SHARE * pop:
                return True
        return False
