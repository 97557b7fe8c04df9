"""The operator's ``chores`` command: accounts, listings and demo data.

The use cases run against the test database (``db`` fixture); the command line itself runs as an
operator runs it, through ``api.cli.main`` on a SQLite file named by ``DATABASE_URL``.
"""

from __future__ import annotations

import io
import logging
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.functions import Sum

from api.cli import main
from api.cli.accounts import create_parent, list_families, list_users, reset_password, set_active
from api.cli.common import CommandError
from api.cli.seed import DEMO_CHORES, KIDS, ProgressBar, seed_demo
from api.security import verify_password
from models import Activity, ActivityType, AssignmentMode, Chore, ChoreAssignment, EntryKind, Family, LedgerEntry, User
from models.rewards import Reward
from models.timeutil import utcnow
from realtime.publisher import Publisher
from settings import Settings
from tests.factories import PASSWORD, auth_headers, make_child, make_family, make_ledger_entry, make_parent


async def _counts() -> dict[str, int]:
    return {model.__name__: await model.all().count()
            for model in (Family, User, Chore, ChoreAssignment, LedgerEntry, Activity)}


# --- accounts -------------------------------------------------------------------------------------------------


async def test_create_parent_stores_a_bcrypt_hash_and_can_open_a_family(db, settings):
    alone = await create_parent(username="olga", email="olga@example.com", password="long-enough-1",
                                family_name=None, settings=settings)
    founder = await create_parent(username="pat", email="pat@example.com", password="long-enough-2",
                                  family_name="The Pats", settings=settings)

    assert alone.is_parent and alone.is_active and alone.family_id is None
    assert alone.hashed_password.startswith("$2b$")
    assert await verify_password("long-enough-1", alone.hashed_password, settings.bcrypt_rounds)
    family = await Family.get(id=founder.family_id)
    assert family.name == "The Pats" and len(family.invite_code) == 8


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("taken", "new@example.com", "the username 'taken' is taken"),
        ("newname", "taken@example.com", "the e-mail address 'taken@example.com' is taken"),
        ("ab", "ab@example.com", "the username needs 3 to 50 characters"),
        ("x" * 51, "long@example.com", "the username needs 3 to 50 characters"),
        ("fine", "not-an-address", "invalid e-mail address"),
    ],
)
async def test_create_parent_refuses_clashes_and_bad_input_and_stores_nothing(db, settings, username, email, message):
    await make_parent(username="taken")  # e-mail taken@example.com
    before = await _counts()

    with pytest.raises(CommandError, match=message):
        await create_parent(username=username, email=email, password="long-enough", family_name="Fam",
                            settings=settings)

    assert await _counts() == before


async def test_reset_password_replaces_the_old_one(db, settings):
    parent = await make_parent()

    await reset_password(username=parent.username, password="a-brand-new-one", settings=settings)

    stored = (await User.get(id=parent.id)).hashed_password
    assert await verify_password("a-brand-new-one", stored, settings.bcrypt_rounds)
    assert not await verify_password(PASSWORD, stored, settings.bcrypt_rounds)
    with pytest.raises(CommandError, match="no user is named 'ghost'"):
        await reset_password(username="ghost", password="a-brand-new-one", settings=settings)


async def test_a_disabled_user_can_neither_log_in_nor_use_his_token_until_enabled(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)
    unreachable = Publisher("redis://127.0.0.1:1/0")

    assert (await set_active(username=parent.username, active=False, publisher=unreachable))[1] is False

    assert (await client.get("/api/v1/users/me", headers=headers)).json() == {"detail": "Inactive user"}
    login = await client.post("/api/v1/users/login", data={"username": parent.username, "password": PASSWORD})
    assert login.status_code == 401
    await set_active(username=parent.username, active=True, publisher=unreachable)
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200
    await unreachable.close()


async def test_list_users_shows_roles_families_and_balances_but_no_password_material(db):
    family = await make_family()
    parent = await make_parent(family=family)
    child = await make_child(parent)
    await make_ledger_entry(child, EntryKind.ADJUSTMENT, 1234)
    await make_parent(username="elsewhere")

    everyone = await list_users()
    only_family = await list_users(family_id=family.id)

    assert [row["username"] for row in everyone] == [parent.username, child.username, "elsewhere"]
    assert [row["username"] for row in only_family] == [parent.username, child.username]
    by_name = {row["username"]: row for row in everyone}
    assert by_name[child.username]["role"] == "child" and by_name[child.username]["balance"] == "12.34"
    assert by_name[parent.username]["role"] == "parent" and by_name[parent.username]["balance"] is None
    assert all("hashed_password" not in row for row in everyone)


async def test_list_families_counts_parents_and_children(db):
    family = await make_family("The Smiths")
    parent = await make_parent(family=family)
    await make_parent(family=family)
    await make_child(parent)
    empty = await make_family("Nobody home")

    rows = {row["id"]: row for row in await list_families()}

    assert rows[family.id]["name"] == "The Smiths"
    assert (rows[family.id]["parents"], rows[family.id]["children"]) == (2, 1)
    assert (rows[empty.id]["parents"], rows[empty.id]["children"]) == (0, 0)


# --- demo data ------------------------------------------------------------------------------------------------


async def test_seed_demo_writes_a_family_with_chores_in_every_mode_and_a_consistent_history(db, settings):
    await seed_demo(families=1, prefix="demo", password="demo-password", settings=settings)

    family = await Family.get()
    users = await User.filter(family_id=family.id).order_by("id")
    parent, kids = users[0], users[1:]
    assert parent.username == "demo1_parent" and parent.is_parent
    assert [k.username for k in kids] == [f"demo1_{name}" for name in KIDS]
    assert all(k.parent_id == parent.id and not k.is_parent for k in kids)
    assert await verify_password("demo-password", kids[0].hashed_password, settings.bcrypt_rounds)

    chores = await Chore.filter(family_id=family.id)
    assert len(chores) == len(DEMO_CHORES) and {c.creator_id for c in chores} == {parent.id}
    kinds = {(c.mode, c.is_range_reward, c.is_recurring) for c in chores}
    for mode in AssignmentMode:
        assert {(m, r, rec) for m, r, rec in kinds if m is mode}, mode
    assert {r for _, r, _ in kinds} == {True, False} and {rec for _, _, rec in kinds} == {True, False}
    assert any(c.is_disabled for c in chores)

    rows = await ChoreAssignment.filter(chore__family_id=family.id).prefetch_related("chore")
    states = Counter(row.state.value for row in rows)
    assert states["approved"] >= 3 and states["pending"] >= 2 and states["open"] >= 1
    assert any(row.rejection_reason for row in rows)
    now = utcnow()
    approved_recurring = [r for r in rows if r.state.value == "approved" and r.chore.is_recurring]
    assert {r.in_cooldown(now) for r in approved_recurring} == {True, False}  # one running, one over
    pool_rows = [r for r in rows if r.chore.mode is AssignmentMode.UNASSIGNED]
    assert pool_rows and all(r.pool_slot == 1 for r in pool_rows)
    assert all(r.pool_slot is None for r in rows if r.chore.mode is not AssignmentMode.UNASSIGNED)

    rewards = await LedgerEntry.filter(kind=EntryKind.REWARD).prefetch_related("assignment")
    assert len(rewards) == states["approved"]
    for entry in rewards:
        assert entry.amount_cents > 0 and entry.actor_id == parent.id
        assert entry.cycle == entry.assignment.cycle == 1
        assert entry.amount_cents == entry.assignment.approval_reward_cents
    assert await LedgerEntry.filter(kind=EntryKind.ADJUSTMENT).count() == 1
    for kid in kids:
        total = await LedgerEntry.filter(child_id=kid.id).annotate(s=Sum("amount_cents")).first().values_list(
            "s", flat=True)
        assert kid.balance_cents == (total or 0)

    rewards = await Reward.filter(family_id=family.id)
    assert len(rewards) == 3 and {reward.created_by_id for reward in rewards} == {parent.id}
    assert any(reward.stock is not None for reward in rewards) and any(reward.limit_period for reward in rewards)

    activity_types = {a.activity_type for a in await Activity.filter(family_id=family.id)}
    not_seeded = {ActivityType.PAYOUT_RECORDED, ActivityType.ENTRY_REVERSED, ActivityType.JAR_TRANSFER,
                  ActivityType.ALLOWANCE_PAID, ActivityType.ROTATION_CHANGED, ActivityType.STREAK_MILESTONE}
    assert activity_types == {t.value for t in ActivityType if not t.value.startswith("reward_")} - not_seeded


async def test_seed_demo_in_batches_keeps_every_family_to_itself(db, settings):
    batches: list[int] = []

    result = await seed_demo(families=5, prefix="bench", password="demo-password", settings=settings,
                             on_batch=batches.append, batch_size=2)

    assert batches == [2, 2, 1] and result.families == 5 and result.users == 20
    assert result.last_parent == "bench5_parent"
    assert await Family.all().count() == 5
    family_of = dict(await User.all().values_list("id", "family_id"))
    for chore in await Chore.all():
        assert family_of[chore.creator_id] == chore.family_id
    for row in await ChoreAssignment.all().prefetch_related("chore"):
        assert family_of[row.assignee_id] == row.chore.family_id
    for entry in await LedgerEntry.all().prefetch_related("chore"):
        assert entry.chore is None or family_of[entry.child_id] == entry.chore.family_id
    for activity in await Activity.all():
        assert family_of[activity.user_id] == activity.family_id


async def test_seed_demo_refuses_a_prefix_in_use_without_writing_anything(db, settings):
    await make_parent(username="demo2_blake")
    before = await _counts()

    with pytest.raises(CommandError, match="'demo2_blake' already exists"):
        await seed_demo(families=3, prefix="demo", password="demo-password", settings=settings)
    with pytest.raises(CommandError, match="--prefix must be"):
        await seed_demo(families=1, prefix="Bad Prefix!", password="demo-password", settings=settings)
    with pytest.raises(CommandError, match="--families must be at least 1"):
        await seed_demo(families=0, prefix="demo", password="demo-password", settings=settings)

    assert await _counts() == before


def test_progress_bar_off_a_terminal_prints_a_line_per_tenth():
    stream = io.StringIO()
    bar = ProgressBar(100, "seeding", stream=stream)

    for _ in range(20):
        bar.advance(5)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].endswith("100/100") and "#" * ProgressBar.WIDTH in lines[-1]


# --- the command line, as an operator runs it -----------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path, monkeypatch) -> Iterator[None]:
    """A SQLite file for the commands, and the logging set-up they change put back afterwards."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ENVIRONMENT", "test")
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # Tortoise caches INSERT statements by connection name, not by dialect; a suite running on
    # MySQL would otherwise hand its statements to this SQLite database, and the other way round.
    EXECUTOR_CACHE.clear()
    yield
    EXECUTOR_CACHE.clear()
    root.handlers[:], root.level = handlers, level


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_an_operator_migrates_seeds_and_lists(cli_env, capsys):
    assert main(["migrate"]) == 0
    assert main(["seed-demo"]) == 0
    seeded = capsys.readouterr().out

    assert main(["list-users"]) == 0
    users = capsys.readouterr().out
    assert main(["list-families"]) == 0
    families = capsys.readouterr().out

    assert "seeded 1 family (4 accounts)" in seeded and "demo1_casey" in seeded
    assert users.splitlines()[0].split() == ["id", "username", "role", "email", "family_id", "parent_id", "active",
                                             "balance"]
    assert "demo1_parent" in users and "demo1_alex" in users and "4.50" in users
    assert "$2b$" not in users
    assert "Demo family 1" in families


def test_an_operator_creates_a_parent_and_resets_his_password_from_stdin(cli_env, capsys, monkeypatch):
    main(["migrate"])
    _stdin(monkeypatch, "first-password\n")
    assert main(["create-parent", "--username", "root_parent", "--email", "root@example.com",
                 "--family", "Ops"]) == 0
    _stdin(monkeypatch, "second-password\n")
    assert main(["reset-password", "root_parent"]) == 0
    assert main(["disable-user", "root_parent"]) == 0
    assert main(["list-users"]) == 0

    out = capsys.readouterr().out
    assert "created parent root_parent" in out and "in family" in out
    assert "new password set for root_parent" in out and "disabled root_parent" in out
    assert "first-password" not in out and "second-password" not in out
    row = next(line for line in out.splitlines() if line.startswith("1 "))
    assert row.split()[1:3] == ["root_parent", "parent"] and " no" in row


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["reset-password", "ghost"], "long-enough-pw\n", "chores reset-password: no user is named 'ghost'"),
        (["create-parent", "--username", "sam", "--email", "sam@example.com"], "short\n",
         "chores create-parent: the password needs at least 8 characters"),
        (["create-parent", "--username", "sam", "--email", "sam@example.com"], "é" * 37 + "\n",
         "chores create-parent: the password may have at most 72 bytes"),
        (["disable-user", "ghost"], "", "chores disable-user: no user is named 'ghost'"),
    ],
)
def test_operator_mistakes_end_with_one_line_and_status_1(cli_env, capsys, monkeypatch, argv, stdin, message):
    main(["migrate"])
    capsys.readouterr()
    _stdin(monkeypatch, stdin)

    assert main(argv) == 1

    captured = capsys.readouterr()
    assert captured.err.strip() == message and "Traceback" not in captured.err


def test_bad_settings_or_an_unmigrated_database_are_reported_not_raised(cli_env, capsys, monkeypatch):
    assert main(["list-users"]) == 1
    assert "has `chores migrate` run?" in capsys.readouterr().err

    monkeypatch.setenv("BCRYPT_ROUNDS", "lots")
    assert main(["list-users"]) == 1
    assert capsys.readouterr().err.strip() == "chores list-users: BCRYPT_ROUNDS must be an integer, not 'lots'"


# --- Web Push keys --------------------------------------------------------------------------------------------


def test_vapid_keys_prints_a_matching_pair_the_settings_accept(capsys):
    assert main(["vapid-keys", "--subject", "mailto:ops@example.com"]) == 0

    printed = capsys.readouterr()
    environment = dict(line.split("=", 1) for line in printed.out.splitlines())
    settings = Settings.from_environ(environment)
    assert list(environment) == ["VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT"]
    assert settings.web_push_enabled and settings.vapid_subject == "mailto:ops@example.com"
    assert len(environment["VAPID_PUBLIC_KEY"]) == 87  # a 65-byte uncompressed point, unpadded base64url
    assert "secret" in printed.err


def test_vapid_keys_makes_a_new_pair_each_time(capsys):
    main(["vapid-keys"])
    main(["vapid-keys"])

    private_keys = [line for line in capsys.readouterr().out.splitlines() if line.startswith("VAPID_PRIVATE_KEY=")]
    assert len(set(private_keys)) == 2


def test_vapid_keys_refuses_a_subject_push_services_cannot_use(capsys):
    assert main(["vapid-keys", "--subject", "admin@example.com"]) == 1
    assert capsys.readouterr().err.strip() == (
        "chores vapid-keys: --subject must be a mailto: or https:// URL, e.g. mailto:admin@example.com"
    )
