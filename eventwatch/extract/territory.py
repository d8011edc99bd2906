"""A town or position changing hands by force: ACLED's Battles territory sub-types
(`data/acled_cues.toml` [territory]).

"Malian troops retook the town of Anefis", "al-Shabaab took control of Bacadweyne after
overrunning an army base": a verb of taking in the attack's clause, with a place as what
is taken ("captured five soldiers" is no territory). It decides the sub-type of every
attack of that clause (the clashes it followed included: ACLED codes one event). Who
took it is known only once the actors are resolved: `by_actors` decides between the
government regaining territory and a non-state actor overtaking it; until then (and where
no actor is known) a verb of taking back says the government.
"""

from __future__ import annotations

from ..ontology.cues import Territory
from ..types import Cue, Document, Entity, Trigger
from .clauses import clause_tokens
from .phrases import said_at, says

BATTLES = "Battles"
REGAINS = (BATTLES, "Government regains territory")
OVERTAKES = (BATTLES, "Non-state actor overtakes territory")
PLACE_ENTITIES = ("GPE", "LOC", "FAC")


def territory_cue(doc: Document, trigger: Trigger, event: str, cues: Territory) -> Cue | None:
    """The territory sub-type an attack's clause says, by its verb; None where no place
    changes hands."""
    if event != "ASSAULT":
        return None
    for j, words in said_at(doc, clause_tokens(doc, trigger.head), cues.verbs):
        if _takes_a_place(doc, j, words, cues):
            span = doc.tokens_span(j, j + len(words) - 1)
            back = any(says(doc, j, w) for w in cues.back)
            return Cue(REGAINS if back else OVERTAKES, doc.span_text(span), span)
    return None


def by_actors(acled: tuple[str, str], actors: tuple[Entity, ...], cues: Territory):
    """A territory sub-type decided by who took it: a state's forces regain it, anyone
    else overtakes it; unchanged where no actor has a sector."""
    if acled not in (REGAINS, OVERTAKES):
        return acled
    sectors = [a.sector for a in actors if a.sector]
    if not sectors:
        return acled
    return REGAINS if any(s in cues.state_sectors for s in sectors) else OVERTAKES


def _takes_a_place(doc: Document, j: int, words: tuple[str, ...], cues: Territory) -> bool:
    if words[-1] in cues.places:  # "take control"
        return True
    for kid in doc.kids(j, "dobj", "nsubjpass"):
        if kid.lemma.lower() in cues.places or kid.ent_type in PLACE_ENTITIES:
            return True
    return False
