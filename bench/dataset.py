"""The benchmark's data: demo families from ``chores seed-demo``, their accounts and bearer tokens.

Tokens are minted with the app's own ``create_access_token`` and the server's secret rather than
obtained through ``POST /users/login``: at bcrypt cost 12 one core checks about four passwords a
second, so logging in every account would take longer than the benchmark. The ``login`` scenario
measures the real login path on its own.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
from processes import ROOT

sys.path.insert(0, str(ROOT))

from api.cli.seed import DEMO_PASSWORD, demo_usernames  # noqa: E402
from models import User  # noqa: E402
from models.access_tokens import create_access_token  # noqa: E402
from models.db import close_orm, init_orm  # noqa: E402
from settings import Settings  # noqa: E402

PREFIX = "demo"
PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class Account:
    username: str
    id: int
    token: str


@dataclass(frozen=True)
class BenchFamily:
    number: int
    parent: Account
    kids: tuple[Account, ...]


def seed(families: int, env: dict[str, str], log: Path) -> None:
    """Create the schema and the demo families with the project's own commands."""
    chores = str(Path(sys.executable).parent / "chores")
    with log.open("ab") as output:
        for command in ([chores, "migrate"], [chores, "seed-demo", "--families", str(families), "--prefix", PREFIX]):
            if subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT).returncode:
                raise SystemExit(f"`{' '.join(command[1:])}` failed; see {log}")


def spread(total: int, count: int) -> list[int]:
    """``count`` family numbers (1-based) spread evenly over ``total``, repeating when count > total."""
    return [1 + (index * total // count if count <= total else index % total) for index in range(count)]


async def load_families(numbers: list[int], settings: Settings) -> dict[int, BenchFamily]:
    """The accounts of the given demo families, each with a bearer token signed by the server's key."""
    wanted = sorted(set(numbers))
    names = {number: demo_usernames(PREFIX, number) for number in wanted}
    await init_orm(settings.database_url)
    try:
        usernames = [name for parent, kids in names.values() for name in (parent, *kids)]
        ids = dict(await User.filter(username__in=usernames).values_list("username", "id"))
    finally:
        await close_orm()

    def account(username: str) -> Account:
        return Account(username, ids[username], create_access_token(ids[username], settings))

    return {number: BenchFamily(number, account(parent), tuple(account(kid) for kid in kids))
            for number, (parent, kids) in names.items()}


def _as(account: Account) -> dict[str, str]:
    return {"Authorization": f"Bearer {account.token}"}


async def create_loop_chore(api: str, parent: Account, kid: Account) -> int:
    """A recurring chore with cooldown 0 assigned to ``kid``, created over HTTP by his parent."""
    body = {"title": f"Bench loop for {kid.username}", "description": "complete_approve scenario", "reward": 1,
            "is_recurring": True, "cooldown_days": 0, "assignment_mode": "single", "assignee_ids": [kid.id]}
    async with httpx.AsyncClient(base_url=api) as http:
        response = await http.post("/chores", json=body, headers=_as(parent))
    response.raise_for_status()
    return response.json()["id"]


async def approve_waiting(api: str, loops: list[tuple[Account, int]]) -> None:
    """Approve each (parent, chore) whose completion waits, so that every complete → approve cycle
    starts with the chore open: a run that ends between the two requests leaves it pending."""
    async with httpx.AsyncClient(base_url=api) as http:
        for parent, chore in loops:
            response = await http.post(f"/chores/{chore}/approve", json={}, headers=_as(parent))
            if response.status_code >= 500:  # 400 when nothing waits: nothing to do
                response.raise_for_status()
