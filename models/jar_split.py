"""How one ledger entry is spread over a child's savings jars: the arithmetic, with no I/O.

Each function returns ``{jar id: signed cents}`` whose values add up exactly to the amount it was
given (models/jars.py writes them as jar movements):

- a credit is split by the jars' percentages in whole cents, by largest remainder: every jar gets
  the floor of its exact share, and the cents left over (fewer than the number of jars) go one each
  to the jars whose exact share lost the most, the spend jar first on a tie, then the jars in their
  order. So every jar is within one cent of its exact share (70/20/10 of 99 cents is 69/20/10, of
  1 cent 1/0/0) and a 0 % jar never gets anything;
- a debit is drawn from the spend jar first, then from the other jars in their order, each only
  down to zero; only a debit larger than all the jars together (the ledger itself going below zero,
  which every money move refuses) takes the spend jar below zero;
- a reversal undoes the allocation of the entry it reverses, jar by jar: money taken back from a jar
  only as far as it still holds it (the rest is drawn like a debit), money given back to a jar that
  was removed since goes to the spend jar.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PERCENT = 100


@dataclass(frozen=True)
class JarState:
    """A jar as the arithmetic sees it: the child's jars are given in their order."""

    id: int
    percent: int
    balance_cents: int
    is_spend: bool


def draw_order(jars: Sequence[JarState]) -> list[JarState]:
    """The spend jar, then the other jars in their order."""
    return sorted(jars, key=lambda jar: not jar.is_spend)


def spend_jar(jars: Sequence[JarState]) -> JarState:
    return draw_order(jars)[0]


def split_credit(amount_cents: int, jars: Sequence[JarState]) -> dict[int, int]:
    """A credit (``amount_cents`` > 0) split by percentage, largest remainder first (see the module)."""
    shares = {jar.id: amount_cents * jar.percent // PERCENT for jar in jars}
    left_over = amount_cents - sum(shares.values())
    by_remainder = sorted(draw_order(jars), key=lambda jar: -(amount_cents * jar.percent % PERCENT))
    for jar in by_remainder[:left_over]:
        shares[jar.id] += 1
    return _nonzero(shares)


def draw_debit(amount_cents: int, jars: Sequence[JarState]) -> dict[int, int]:
    """A debit (``amount_cents`` > 0, returned negative): the spend jar first, then the others in order."""
    taken: dict[int, int] = {}
    owed = amount_cents
    for jar in draw_order(jars):
        take = min(owed, max(jar.balance_cents, 0))
        taken[jar.id] = -take
        owed -= take
    taken[spend_jar(jars).id] -= owed
    return _nonzero(taken)


def undo_allocation(undone: Mapping[int, int], jars: Sequence[JarState]) -> dict[int, int]:
    """The movements of a reversal: the opposite of ``undone`` (the reversed entry's movements by jar),
    as far as the jars allow (see the module). An entry made before the child had jars was all in
    his spend jar: pass ``{spend jar id: its amount}``."""
    active = {jar.id: jar for jar in jars}
    moves: Counter[int] = Counter()
    shortfall = 0
    for jar_id, cents in undone.items():
        if cents < 0:  # a debit drew from this jar: give it back, to the spend jar if this one is gone
            moves[jar_id if jar_id in active else spend_jar(jars).id] -= cents
        else:  # a credit filled this jar: take it back as far as the jar still holds it
            held = max(active[jar_id].balance_cents, 0) if jar_id in active else 0
            moves[jar_id] -= min(cents, held)
            shortfall += cents - min(cents, held)
    if shortfall:
        after = [JarState(jar.id, jar.percent, jar.balance_cents + moves[jar.id], jar.is_spend) for jar in jars]
        moves.update(draw_debit(shortfall, after))
    return _nonzero(moves)


def _nonzero(moves: Mapping[int, int]) -> dict[int, int]:
    return {jar_id: cents for jar_id, cents in moves.items() if cents}
