"""Who was attacked decides between a battle and violence against civilians (ACLED
codebook; `data/acled_cues.toml` [victims]): an armed side attacked is an armed clash,
unarmed people only an attack on civilians. Read from the recipients' resolved sectors.
"""

from __future__ import annotations

from ..types import Entity

CLASH = ("Battles", "Armed clash")
ATTACK = ("Violence against civilians", "Attack")


def by_victims(
    acled: tuple[str, str],
    recipients: tuple[Entity, ...],
    armed: frozenset[str],
    unarmed: frozenset[str],
) -> tuple[str, str]:
    """An armed clash or an attack on civilians, decided by who was attacked: an armed
    side makes a clash, unarmed people only an attack; unchanged where no recipient has a
    sector of either kind."""
    if acled not in (CLASH, ATTACK):
        return acled
    named = [r for r in recipients if not (r.resolution and r.resolution.method == "place")]
    sectors = {r.sector for r in named if r.sector}  # not a place standing for its people
    if sectors & armed:
        return CLASH
    if sectors & unarmed:
        return ATTACK
    return acled
