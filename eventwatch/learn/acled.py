"""The ACLED sub-event type of a coded event: the coder's probabilities within what the
event's type, weapon and words allow.

ACLED types an event from cues spread over its clause, and the codebook makes some of them
conditions: an attack's weapon decides an explosion's sub-type (`extract/weapons.py`),
what a protest turned into decides its sub-type (`extract/protests.py`), a protest is a
Protests or Riots event (never "no ACLED event"), an arrest is not a riot.
So the coder's ACLED head chooses only among the sub-types that
- belong to an ACLED event type its PLOVER type allows (`plover.toml` `acled_types`),
- its sentence has the words for (`acled_cues.toml` `needs`; an Explosions sub-type needs
  its weapon named; an event of a type in `met_by_type` has what those sub-types need),
and "none" (ACLED would not record it) only where the type allows it (`acled_required`).
Where nothing it gives weight to is allowed, the rules' mapping of type and mode decides.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..ontology import Ontology
from ..ontology.cues import cue_acled
from ..types import Cue, Weapon
from .labels import NONE, SubType, subtype


def choose(
    kind: str,
    modes: tuple[str, ...],
    cues: tuple[Weapon | None, Cue | None],
    probabilities: Mapping[str, float],
    worded: set[str],
    ontology: Ontology,
) -> tuple[SubType | None, str]:
    """The ACLED sub-type of an event of PLOVER type `kind` (None: ACLED would not record
    it) and why. `cues`: its weapon and what its protest turned into (the rules' reading,
    which decides where there is one); `worded`: the sub-types its sentence has the words
    for."""
    cued = cue_acled(kind, *cues)
    if cued is not None:
        (_, name), words = cued
        top, top_p = max(probabilities.items(), key=lambda kv: kv[1])
        by = f" by {words}" if words else ""
        return subtype(name), f"ACLED {name}{by} (the coder: {top}, p={top_p:.2f})"
    etype = ontology.types[kind]
    met = ontology.cues.met_by_type.get(kind, frozenset())
    choices = {
        name: p
        for name, p in probabilities.items()
        if name != NONE
        and (name in worded or name in met)
        and (sub := subtype(name)) is not None
        and (sub.event_type in etype.acled_types or sub.name in etype.acled_types)
    }
    if not etype.acled_required:
        choices[NONE] = probabilities.get(NONE, 0.0)
    name, p = max(choices.items(), key=lambda kv: kv[1], default=(NONE, 0.0))
    if p > 0.0:
        return (None if name == NONE else subtype(name)), f"ACLED {name} (p={p:.2f})"
    mapped = ontology.acled(kind, modes, civilian=False)
    if mapped is None:
        return None, f"ACLED {NONE}"
    return subtype(mapped[1]), f"ACLED {mapped[1]} by the rules (the coder's choices are ruled out)"
