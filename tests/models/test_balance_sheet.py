"""A child's balance in one statement gives what the grouped ledger totals and his pending rows give."""

from __future__ import annotations

from datetime import UTC, datetime

from models import ChoreAssignment, EntryKind
from models.assignments import pending_rows
from models.balance_sheet import BalanceSheet, balance_sheet
from models.ledger import ledger_totals
from tests.factories import make_household, make_ledger_entry, make_pending_assignment, make_priced_chore

NOW = datetime.now(UTC)


async def test_the_figures_are_the_ledger_totals_and_the_rewards_of_the_rows_waiting_for_approval(db):
    home = await make_household(children=2)
    alice, bob = home.children
    reward = await make_ledger_entry(alice, EntryKind.REWARD, 500)
    await make_ledger_entry(alice, EntryKind.REWARD, -500, reverses=reward)
    for kind, cents in ((EntryKind.REWARD, 300), (EntryKind.ADJUSTMENT, -125),
                        (EntryKind.PAYOUT, -100), (EntryKind.REDEMPTION, -50)):
        await make_ledger_entry(alice, kind, cents)
    await make_ledger_entry(bob, EntryKind.REWARD, 40)
    chores = [await make_priced_chore(home.parent, reward_cents=cents) for cents in (300, 150, 1000)]
    await make_pending_assignment(chores[0], alice, completed_at=NOW)
    await ChoreAssignment.create(chore=chores[1], assignee=alice, is_completed=True, approval_reward_cents=90)
    await ChoreAssignment.create(chore=chores[2], assignee=alice)  # open: waiting for nobody
    await ChoreAssignment.create(chore=chores[2], assignee=bob, is_completed=True, is_approved=True)  # decided

    totals = await ledger_totals([alice.id, bob.id])
    for child in (alice, bob):
        sheet = await balance_sheet(child.id)
        rows = await ChoreAssignment.filter(pending_rows(), assignee_id=child.id).select_related("chore")
        assert sheet == BalanceSheet(
            balance_cents=totals[child.id].balance_cents,
            earned_cents=totals[child.id].earned_cents,
            adjustments_cents=totals[child.id].adjustments_cents,
            paid_out_cents=totals[child.id].paid_out_cents,
            pending_cents=sum(row.reward_cents(row.chore.reward_cents) for row in rows),
        )
    assert await balance_sheet(alice.id) == BalanceSheet(25, 300, -125, 150, 390)


async def test_a_child_without_entries_or_rows_has_zeros(db):
    home = await make_household(children=1)

    assert await balance_sheet(home.children[0].id) == BalanceSheet(0, 0, 0, 0, 0)
