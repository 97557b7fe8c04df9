"""``chores seed-demo``: demo families with chores in every mode and some history.

Every family gets the same story: a parent, three children, eight chores covering the three
assignment modes, fixed and range rewards, recurring and one-off chores (and a disabled one), then
completions, approvals paid into the ledger, pending approvals, a rejection, a bonus adjustment and
the activity feed that goes with them, and a small rewards store to spend it in. Recurring cooldowns
are laid so that some have ended (the worker's sweep reopens them) and some have not.

The rows are written with bulk inserts, one transaction per batch of families, and every account
shares one bcrypt hash, so ``--families 10000`` takes seconds, not hours. Bulk inserts do not
return ids, so each step reads back the ids of what it wrote by a unique key.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TextIO

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from api.cli.common import CommandError, check_new_password, load_settings, print_table, run_with_database
from api.security import hash_password
from models import Activity, ActivityType, AssignmentMode, Chore, ChoreAssignment, EntryKind, Family, LedgerEntry, User
from models.activities import shorten
from models.assignments import POOL_SLOT
from models.families import new_invite_code
from models.money import cents_to_decimal_text, cents_to_number, format_dollars
from models.rewards import Reward, RewardPeriod
from models.timeutil import utcnow
from settings import Settings

DEMO_PASSWORD = "demo-password"
PREFIX_PATTERN = re.compile(r"[a-z][a-z0-9]{0,19}")
KIDS = ("alex", "blake", "casey")
BATCH_FAMILIES = 200
INSERT_BATCH_ROWS = 1000


@dataclass(frozen=True)
class DemoChore:
    title: str
    description: str
    mode: AssignmentMode
    reward_cents: int = 0
    reward_range: tuple[int, int] | None = None
    cooldown_days: int | None = None  # set for recurring chores
    kids: tuple[int, ...] = ()  # indexes into KIDS; none for pool chores
    disabled: bool = False

    def model(self, *, family_id: int, creator_id: int, created_at: datetime) -> Chore:
        low, high = self.reward_range or (None, None)
        return Chore(
            title=self.title,
            description=self.description,
            reward_cents=self.reward_cents,
            min_reward_cents=low,
            max_reward_cents=high,
            is_range_reward=self.reward_range is not None,
            cooldown_days=self.cooldown_days or 0,
            is_recurring=self.cooldown_days is not None,
            frequency=None if self.cooldown_days is None else "daily" if self.cooldown_days == 1 else "weekly",
            is_disabled=self.disabled,
            assignment_mode=self.mode,
            creator_id=creator_id,
            family_id=family_id,
            created_at=created_at,
        )


class Outcome(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


@dataclass(frozen=True)
class DemoCompletion:
    chore: int  # index into DEMO_CHORES
    kid: int  # index into KIDS
    outcome: Outcome
    hours_ago: int  # when the child completed it; the parent decided an hour later
    reward_cents: int | None = None  # the parent's pick for a range chore
    reason: str | None = None  # why it was rejected


SINGLE, MULTI, POOL = AssignmentMode.SINGLE, AssignmentMode.MULTI_INDEPENDENT, AssignmentMode.UNASSIGNED
DEMO_CHORES = (
    DemoChore("Make your bed", "Sheets straight, pillows up.", SINGLE, reward_cents=100, cooldown_days=1, kids=(0,)),
    DemoChore("Wash the car", "Inside and out; the reward depends on the shine.", SINGLE, reward_range=(500, 1000),
              kids=(1,)),
    DemoChore("Take out the trash", "Every bin to the curb on collection day.", MULTI, reward_cents=200,
              cooldown_days=7, kids=(0, 1, 2)),
    DemoChore("Read for 30 minutes", "Any book; tell us about it at dinner.", MULTI, reward_range=(100, 300),
              cooldown_days=1, kids=(0, 2)),
    DemoChore("Water the plants", "The indoor ones, not the garden.", MULTI, reward_cents=50, kids=(1, 2)),
    DemoChore("Rake the leaves", "Front yard; whoever claims it first does it.", POOL, reward_cents=400),
    DemoChore("Walk the dog", "Half an hour around the park.", POOL, reward_range=(200, 500), cooldown_days=2),
    DemoChore("Clean the garage", "On hold until the weather is better.", SINGLE, reward_cents=1500, kids=(2,),
              disabled=True),
)
DEMO_COMPLETIONS = (
    DemoCompletion(0, 0, Outcome.APPROVED, hours_ago=36),  # one-day cooldown over: open again
    DemoCompletion(1, 1, Outcome.PENDING, hours_ago=5),  # range reward: the parent picks it
    DemoCompletion(2, 0, Outcome.APPROVED, hours_ago=48),  # seven-day cooldown running
    DemoCompletion(2, 1, Outcome.PENDING, hours_ago=2),
    DemoCompletion(2, 2, Outcome.REJECTED, hours_ago=24, reason="The bins are still next to the garage."),
    DemoCompletion(3, 2, Outcome.APPROVED, hours_ago=72, reward_cents=250),
    DemoCompletion(4, 1, Outcome.APPROVED, hours_ago=96),  # one-off: done for good
    DemoCompletion(5, 1, Outcome.APPROVED, hours_ago=120),  # pool claim of a one-off chore: done
    DemoCompletion(6, 2, Outcome.PENDING, hours_ago=7),  # pool claim awaiting approval
)
DEMO_BONUS = (0, 150, "Helped carry the groceries", 20)  # kid, cents, reason, hours ago
DEMO_REWARDS = (  # title, description, price in cents, stock, limit (count, period)
    ("Movie night pick", "You choose Friday's film.", 300, None, (1, RewardPeriod.WEEK)),
    ("Extra hour of games", "One more hour of screen time at the weekend.", 200, None, (2, RewardPeriod.WEEK)),
    ("Trip to the ice-cream shop", "Two scoops, any flavours.", 500, 4, None),
)
CHORES_CREATED_DAYS_AGO = 7


def demo_reward_cents(completion: DemoCompletion) -> int:
    if completion.reward_cents is not None:
        return completion.reward_cents
    return DEMO_CHORES[completion.chore].reward_cents


def demo_balances() -> list[int]:
    """Each kid's balance in cents after the demo story: approved rewards plus the bonus."""
    balances = [0] * len(KIDS)
    for completion in DEMO_COMPLETIONS:
        if completion.outcome is Outcome.APPROVED:
            balances[completion.kid] += demo_reward_cents(completion)
    kid, cents, _, _ = DEMO_BONUS
    balances[kid] += cents
    return balances


def demo_usernames(prefix: str, number: int) -> tuple[str, list[str]]:
    """The parent's and the kids' usernames of family ``number``."""
    return f"{prefix}{number}_parent", [f"{prefix}{number}_{kid}" for kid in KIDS]


@dataclass
class SeededFamily:
    """The ids of one family's rows, filled in step by step."""

    number: int
    invite_code: str
    family_id: int = 0
    parent_id: int = 0
    kid_ids: list[int] = field(default_factory=list)
    chores: list[Chore] = field(default_factory=list)  # saved, ids set, in DEMO_CHORES order
    bonus_entry_id: int = 0


@dataclass(frozen=True)
class SeedResult:
    families: int
    users: int
    first_parent: str
    last_parent: str


async def seed_demo(
    *,
    families: int,
    prefix: str,
    password: str,
    settings: Settings,
    on_batch: Callable[[int], None] = lambda done: None,
    batch_size: int = BATCH_FAMILIES,
) -> SeedResult:
    """Write ``families`` demo families; ``on_batch`` hears how many families each committed batch added."""
    if families < 1:
        raise CommandError("--families must be at least 1")
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise CommandError("--prefix must be a lower-case letter followed by up to 19 letters or digits")
    check_new_password(password)
    await _refuse_taken_usernames(prefix, families)
    password_hash = await hash_password(password, settings.bcrypt_rounds)
    now = utcnow()
    for start in range(1, families + 1, batch_size):
        numbers = list(range(start, min(start + batch_size, families + 1)))
        async with in_transaction() as conn:
            await _write_batch(numbers, prefix, password_hash, now, settings.cooldown_day_seconds, conn)
        on_batch(len(numbers))
    return SeedResult(
        families=families,
        users=families * (1 + len(KIDS)),
        first_parent=demo_usernames(prefix, 1)[0],
        last_parent=demo_usernames(prefix, families)[0],
    )


async def _refuse_taken_usernames(prefix: str, families: int) -> None:
    """Check every name up front, so a clash cannot leave a seed half written."""
    for start in range(1, families + 1, 250):
        names = []
        for number in range(start, min(start + 250, families + 1)):
            parent, kids = demo_usernames(prefix, number)
            names += [parent, *kids]
        taken = await User.filter(username__in=names).values_list("username", flat=True)
        if taken:
            raise CommandError(f"{taken[0]!r} already exists: choose another --prefix")


async def _write_batch(
    numbers: list[int], prefix: str, password_hash: str, now: datetime, day_seconds: int, conn: BaseDBAsyncClient
) -> None:
    codes = await _free_invite_codes(len(numbers), conn)
    batch = [SeededFamily(number, code) for number, code in zip(numbers, codes, strict=True)]
    await _write_families(batch, prefix, conn)
    await _write_users(batch, prefix, password_hash, conn)
    await _write_chores(batch, now, conn)
    assignment_ids = await _write_assignments(batch, now, day_seconds, conn)
    await _write_ledger(batch, assignment_ids, now, conn)
    await _bulk(Reward, [
        Reward(family_id=family.family_id, title=title, description=description, price_cents=price, stock=stock,
               limit_count=limit and limit[0], limit_period=limit and limit[1], created_by_id=family.parent_id)
        for family in batch for title, description, price, stock, limit in DEMO_REWARDS
    ], conn)
    await _bulk(Activity, [activity for family in batch for activity in _activities(family, now)], conn)


async def _bulk(model: type[Model], rows: Sequence[Model], conn: BaseDBAsyncClient) -> None:
    await model.bulk_create(rows, batch_size=INSERT_BATCH_ROWS, using_db=conn)


async def _free_invite_codes(count: int, conn: BaseDBAsyncClient) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        candidates = {new_invite_code() for _ in range(count - len(codes))} - codes
        taken = Family.filter(invite_code__in=list(candidates)).using_db(conn).values_list("invite_code", flat=True)
        codes |= candidates - set(await taken)
    return sorted(codes)


async def _write_families(batch: list[SeededFamily], prefix: str, conn: BaseDBAsyncClient) -> None:
    await _bulk(Family, [Family(name=f"{prefix.capitalize()} family {f.number}", invite_code=f.invite_code)
                         for f in batch], conn)
    ids = dict(await Family.filter(invite_code__in=[f.invite_code for f in batch]).using_db(conn)
               .values_list("invite_code", "id"))
    for family in batch:
        family.family_id = ids[family.invite_code]


async def _write_users(batch: list[SeededFamily], prefix: str, password_hash: str, conn: BaseDBAsyncClient) -> None:
    parents = []
    for family in batch:
        parent_name, _ = demo_usernames(prefix, family.number)
        parents.append(User(username=parent_name, email=f"{parent_name}@example.com", hashed_password=password_hash,
                            is_parent=True, family_id=family.family_id))
    await _bulk(User, parents, conn)
    parent_ids = await _user_ids([p.username for p in parents], conn)
    kids, balances = [], demo_balances()
    for family in batch:
        parent_name, kid_names = demo_usernames(prefix, family.number)
        family.parent_id = parent_ids[parent_name]
        kids += [User(username=name, hashed_password=password_hash, is_parent=False, parent_id=family.parent_id,
                      family_id=family.family_id, balance_cents=balance)
                 for name, balance in zip(kid_names, balances, strict=True)]
    await _bulk(User, kids, conn)
    kid_ids = await _user_ids([k.username for k in kids], conn)
    for family in batch:
        family.kid_ids = [kid_ids[name] for name in demo_usernames(prefix, family.number)[1]]


async def _user_ids(usernames: list[str], conn: BaseDBAsyncClient) -> dict[str, int]:
    return dict(await User.filter(username__in=usernames).using_db(conn).values_list("username", "id"))


async def _write_chores(batch: list[SeededFamily], now: datetime, conn: BaseDBAsyncClient) -> None:
    created_at = now - timedelta(days=CHORES_CREATED_DAYS_AGO)
    for family in batch:
        family.chores = [c.model(family_id=family.family_id, creator_id=family.parent_id, created_at=created_at)
                         for c in DEMO_CHORES]
    await _bulk(Chore, [chore for family in batch for chore in family.chores], conn)
    rows = await Chore.filter(family_id__in=[f.family_id for f in batch]).using_db(conn).values_list(
        "family_id", "title", "id")
    ids = {(family_id, title): chore_id for family_id, title, chore_id in rows}
    for family in batch:
        for chore in family.chores:
            chore.id = ids[(family.family_id, chore.title)]


async def _write_assignments(batch: list[SeededFamily], now: datetime, day_seconds: int,
                             conn: BaseDBAsyncClient) -> dict[tuple[int, int], int]:
    """Write the rows; return their ids by (chore id, child id)."""
    await _bulk(ChoreAssignment, [row for family in batch for row in _assignments(family, now, day_seconds)], conn)
    rows = await ChoreAssignment.filter(chore_id__in=[c.id for f in batch for c in f.chores]).using_db(conn) \
        .values_list("chore_id", "assignee_id", "id")
    return {(chore_id, kid_id): row_id for chore_id, kid_id, row_id in rows}


def _assignments(family: SeededFamily, now: datetime, day_seconds: int) -> list[ChoreAssignment]:
    created_at = now - timedelta(days=CHORES_CREATED_DAYS_AGO)
    rows: dict[tuple[int, int], ChoreAssignment] = {}
    for index, demo in enumerate(DEMO_CHORES):
        for kid in demo.kids:
            rows[(index, kid)] = ChoreAssignment(chore_id=family.chores[index].id, assignee_id=family.kid_ids[kid],
                                                 created_at=created_at)
    for completion in DEMO_COMPLETIONS:
        chore = family.chores[completion.chore]
        completed_at, decided_at = _times(completion, now)
        key = (completion.chore, completion.kid)
        if key not in rows:  # a pool claim: its row appears when the child claims the chore
            rows[key] = ChoreAssignment(chore_id=chore.id, assignee_id=family.kid_ids[completion.kid],
                                        pool_slot=POOL_SLOT, created_at=completed_at)
        row = rows[key]
        row.complete(completed_at)
        if completion.outcome is Outcome.APPROVED:
            row.approve(demo_reward_cents(completion), decided_at, chore.cooldown_end(decided_at, day_seconds))
        elif completion.outcome is Outcome.REJECTED:
            row.reject(completion.reason or "")
    return list(rows.values())


def _times(completion: DemoCompletion, now: datetime) -> tuple[datetime, datetime]:
    completed_at = now - timedelta(hours=completion.hours_ago)
    return completed_at, completed_at + timedelta(hours=1)


async def _write_ledger(batch: list[SeededFamily], assignment_ids: dict[tuple[int, int], int], now: datetime,
                        conn: BaseDBAsyncClient) -> None:
    kid, cents, reason, hours_ago = DEMO_BONUS
    entries = []
    for family in batch:
        for completion in DEMO_COMPLETIONS:
            if completion.outcome is not Outcome.APPROVED:
                continue
            chore, kid_id = family.chores[completion.chore], family.kid_ids[completion.kid]
            entries.append(LedgerEntry(
                child_id=kid_id, actor_id=family.parent_id, kind=EntryKind.REWARD,
                amount_cents=demo_reward_cents(completion), reason=f"Approved chore: {chore.title}",
                chore_id=chore.id, assignment_id=assignment_ids[(chore.id, kid_id)], cycle=1,
                created_at=_times(completion, now)[1]))
        entries.append(LedgerEntry(child_id=family.kid_ids[kid], actor_id=family.parent_id, kind=EntryKind.ADJUSTMENT,
                                   amount_cents=cents, reason=reason, created_at=now - timedelta(hours=hours_ago)))
    await _bulk(LedgerEntry, entries, conn)
    bonus_ids = dict(await LedgerEntry.filter(child_id__in=[f.kid_ids[kid] for f in batch],
                                              kind=EntryKind.ADJUSTMENT).using_db(conn).values_list("child_id", "id"))
    for family in batch:
        family.bonus_entry_id = bonus_ids[family.kid_ids[kid]]


def _activities(family: SeededFamily, now: datetime) -> list[Activity]:
    """The feed of the story, worded as the API words it (contract §11.9)."""

    def activity(kind: ActivityType, actor: int, at: datetime, description: str, data: dict,
                 target: int | None = None) -> Activity:
        return Activity(user_id=actor, activity_type=kind.value, description=description, target_user_id=target,
                        activity_data=data, family_id=family.family_id, created_at=at)

    def about(chore: Chore) -> dict:
        return {"chore_id": chore.id, "chore_title": chore.title}

    created_at = now - timedelta(days=CHORES_CREATED_DAYS_AGO)
    feed = []
    for chore, demo in zip(family.chores, DEMO_CHORES, strict=True):
        reward = None if chore.is_range_reward else cents_to_number(chore.reward_cents)
        price = f" ({format_dollars(chore.reward_cents)})" if reward else ""
        feed += [activity(ActivityType.CHORE_CREATED, family.parent_id, created_at,
                          f"Created chore '{chore.title}'{price}", {**about(chore), "reward_amount": reward},
                          target=family.kid_ids[kid]) for kid in demo.kids]
    for completion in DEMO_COMPLETIONS:
        chore, kid_id = family.chores[completion.chore], family.kid_ids[completion.kid]
        completed_at, decided_at = _times(completion, now)
        feed.append(activity(ActivityType.CHORE_COMPLETED, kid_id, completed_at, f"Completed chore: {chore.title}",
                             about(chore)))
        if completion.outcome is Outcome.APPROVED:
            reward = demo_reward_cents(completion)
            feed.append(activity(ActivityType.CHORE_APPROVED, family.parent_id, decided_at,
                                 f"Approved chore '{chore.title}' for {format_dollars(reward)}",
                                 {**about(chore), "reward_amount": cents_to_number(reward)}, target=kid_id))
        elif completion.outcome is Outcome.REJECTED:
            reason = completion.reason or ""
            feed.append(activity(ActivityType.CHORE_REJECTED, family.parent_id, decided_at,
                                 f"Rejected chore '{chore.title}': {shorten(reason)}",
                                 {**about(chore), "rejection_reason": reason}, target=kid_id))
    kid, cents, reason, hours_ago = DEMO_BONUS
    feed.append(activity(ActivityType.ADJUSTMENT_APPLIED, family.parent_id, now - timedelta(hours=hours_ago),
                         f"Applied bonus of {format_dollars(cents)}: {shorten(reason)}",
                         {"adjustment_id": family.bonus_entry_id, "amount": cents_to_decimal_text(cents),
                          "reason": reason, "adjustment_type": "bonus"}, target=family.kid_ids[kid]))
    return feed


class ProgressBar:
    """A one-line bar on a terminal; elsewhere (logs, CI) a line at every tenth of the way."""

    WIDTH = 30

    def __init__(self, total: int, label: str, stream: TextIO = sys.stderr):
        self.total, self.label, self.stream, self.done = total, label, stream, 0
        self.interactive = stream.isatty()
        self._last_tenth = -1

    def advance(self, count: int) -> None:
        self.done += count
        filled = self.WIDTH * self.done // self.total
        line = f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"
        if self.interactive:
            self.stream.write("\r" + line + ("\n" if self.done >= self.total else ""))
        elif (tenth := 10 * self.done // self.total) > self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(line + "\n")
        self.stream.flush()


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Create demo families: a parent, three children, chores in every mode and some history."""
    settings = load_settings()
    progress = ProgressBar(args.families, "seeding families")
    result = run_with_database(settings, lambda: seed_demo(
        families=args.families, prefix=args.prefix, password=args.password, settings=settings,
        on_batch=progress.advance))
    families = f"{result.families} famil{'y' if result.families == 1 else 'ies'}"
    print(f"seeded {families} ({result.users} accounts), all with the password {args.password!r}")
    if result.families == 1:
        _, kids = demo_usernames(args.prefix, 1)
        print_table([{"username": result.first_parent, "role": "parent"}]
                    + [{"username": kid, "role": "child"} for kid in kids], ["username", "role"])
    else:
        print(f"parents {result.first_parent} … {result.last_parent}; children are {args.prefix}<N>_"
              + "/".join(KIDS))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    seed = commands.add_parser("seed-demo", help=cmd_seed_demo.__doc__)
    seed.add_argument("--families", type=int, default=1, metavar="N", help="how many demo families (default 1)")
    seed.add_argument("--prefix", default="demo", help="usernames are <prefix><N>_parent, <prefix><N>_alex, ...")
    seed.add_argument("--password", default=DEMO_PASSWORD, help=f"password of every demo account ({DEMO_PASSWORD})")
    seed.set_defaults(func=cmd_seed_demo)
