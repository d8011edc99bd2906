"""Gazetteer speed: index load from the cache, and look-up time per name.

    .venv/bin/python benchmarks/gazetteer.py [--names 2000] [--seed 7]

Load: a fresh process reads the cached index (built first if missing) - the time every
worker pays once. Look-up: each name resolved once by a gazetteer with an empty memo,
so every call does the work (the pipeline's memo makes repeats free). Three kinds of name:
the place phrases of the team's case table (with their sentence's countries unknown),
real GeoNames town names drawn at random from the index, and the same names with one
letter changed (unknown spellings take the slowest, fuzzy path).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time

LOAD = """
import time
from eventwatch.places import Gazetteer
g = Gazetteer()
t = time.perf_counter()
g.index
print(time.perf_counter() - t)
"""


def load_seconds() -> float:
    subprocess.run([sys.executable, "-c", LOAD], check=True, capture_output=True)  # build once
    out = subprocess.run([sys.executable, "-c", LOAD], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def names(n: int, seed: int) -> dict[str, list[str]]:
    from eventwatch.evaluation.places import read_cases
    from eventwatch.places import load_gazetteer
    from eventwatch.places.model import Kind

    ix = load_gazetteer().index
    rng = random.Random(seed)
    towns = [
        ix.names[r] for r, k in enumerate(ix.kinds) if k == Kind.CITY and ix.names[r].isascii()
    ]
    sample = rng.sample(towns, n)

    def typo(name: str) -> str:
        i = rng.randrange(len(name))
        return name[:i] + rng.choice("aeioukrst") + name[i + 1 :]

    return {
        "case-table phrases": [c.phrase for c in read_cases()],
        "GeoNames towns": sample,
        "misspelt towns": [typo(s) for s in sample],
    }


def time_lookups(batch: list[str]) -> list[float]:
    from eventwatch.places import Gazetteer, load_gazetteer

    g = Gazetteer(load_gazetteer().index)  # shares the index, empty memo
    out = []
    for name in batch:
        t = time.perf_counter()
        g.resolve(name)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(f"index load from the cache: {load_seconds():.2f} s")
    everything: list[float] = []
    for kind, batch in names(args.names, args.seed).items():
        ms = time_lookups(batch)
        everything += ms
        p95 = statistics.quantiles(ms, n=20)[-1]
        print(f"{kind:20} {len(ms):5} names  mean {statistics.mean(ms):.3f} ms  p95 {p95:.3f} ms")
    print(f"{'all':20} {len(everything):5} names  mean {statistics.mean(everything):.3f} ms")


if __name__ == "__main__":
    main()
