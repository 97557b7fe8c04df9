"""Schema-driven fuzzing (issue #9): every operation of our own ``/openapi.json``, with generated data.

A real ``chores web`` process serves two seeded families. schemathesis reads the document that
server serves and calls every operation, as the parent of one family and as a child of the other,
with valid and invalid data (path ids drawn from the caller's own family as well as at random).
Every answer must pass the checks: no 5xx, a status the operation documents, and a body that
conforms to the schema documented for that status.

The run is bounded and reproducible for CI: derandomized, ``TEST_FUZZ_MAX_EXAMPLES`` cases per
operation and role. A release check runs more, e.g.::

    TEST_FUZZ_MAX_EXAMPLES=250 .venv/bin/pytest -p no:cacheprovider tests/api/test_fuzz.py
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from models import User
from models.db import close_orm, init_orm
from tests.api.real_server import running_server, server_environment
from tests.conftest import IS_MYSQL, empty_all_tables
from tests.factories import PASSWORD, Household, make_household

FUZZ_REDIS_URL = os.environ.get("TEST_FUZZ_REDIS_URL", "redis://127.0.0.1:6379/12")
MAX_EXAMPLES = int(os.environ.get("TEST_FUZZ_MAX_EXAMPLES", "40"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
ROLES = ("parent", "child")
_PATH_PARAMETER = re.compile(r"{(\w+)}")

T = TypeVar("T")


@dataclass(frozen=True)
class Caller:
    """Who the fuzzer calls as: a bearer token, and ids of his family by path parameter name."""

    token: str
    known_ids: dict[str, list[int]]


@dataclass(frozen=True)
class FuzzTarget:
    """The running server, and the caller of each role."""

    base_url: str
    callers: dict[str, Caller]


async def _with_orm(database_url: str, work: Callable[[], Awaitable[T]]) -> T:
    await init_orm(database_url)
    try:
        return await work()
    finally:
        await close_orm()


def seed_family(base_url: str, household: Household, role: str) -> Caller:
    """Chores in every mode and state, money entries, savings jars, activities and a rewards store with requests,
    made through the API as the clients make them; the caller is the household's parent or its first child."""
    parent, child, sibling = household.parent, *household.children
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=30) as api:

        def login(user: User) -> str:
            response = api.post("/users/login", data={"username": user.username, "password": PASSWORD})
            return response.json()["access_token"]

        tokens = {user.id: login(user) for user in (parent, child, sibling)}

        def call(user: User, method: str, path: str, **kwargs: Any) -> Any:
            response = api.request(method, path, headers={"Authorization": f"Bearer {tokens[user.id]}"}, **kwargs)
            assert response.is_success, (method, path, response.status_code, response.text)
            return response.json()

        def chore(**body: Any) -> dict:
            return call(parent, "POST", "/chores", json={"title": "Seeded chore", "description": "", **body})

        approved = chore(reward=5, assignee_ids=[child.id])
        ranged = chore(is_range_reward=True, min_reward=1, max_reward=10, assignee_ids=[child.id])
        shared = chore(reward=2, assignment_mode="multi_independent", assignee_ids=[child.id, sibling.id])
        chore(reward=3, is_recurring=True, cooldown_days=1, assignee_ids=[child.id])
        chore(reward=1, assignment_mode="unassigned")
        chore(reward=4, is_disabled=True, assignee_ids=[child.id])

        completed = call(child, "POST", f"/chores/{approved['id']}/complete")
        call(parent, "POST", f"/assignments/{completed['assignment']['id']}/approve", json={})
        call(child, "POST", f"/chores/{ranged['id']}/complete")
        call(sibling, "POST", f"/chores/{shared['id']}/complete")
        call(parent, "POST", "/adjustments/", json={"child_id": child.id, "amount": "2.50", "reason": "Bonus"})
        call(parent, "POST", "/payouts/", json={"child_id": child.id, "amount": "1.00", "note": "Cash"})
        call(parent, "PUT", f"/jars/{child.id}", json={"child_can_transfer": True, "jars": [
            {"name": "spend", "percent": 80, "is_spend": True},
            {"name": "save", "percent": 20, "goal": {"title": "Bike", "target": 50}},
        ]})
        call(child, "POST", f"/jars/{child.id}/transfers", json={"from_jar": "spend", "to_jar": "save", "amount": "0.50"})

        reward = call(parent, "POST", "/rewards", json={"title": "Kite", "price": 1, "stock": 5})
        call(parent, "POST", "/rewards", json={"title": "Bike", "price": 100, "limit_count": 1, "limit_period": "week"})
        requests = [call(child, "POST", "/redemptions", json={"reward_id": reward["id"]}) for _ in range(2)]
        call(parent, "POST", f"/redemptions/{requests[0]['id']}/approve")

        chores = call(parent, "GET", "/chores")
        rewards = call(parent, "GET", "/rewards")
        activities = call(parent, "GET", "/activities/recent", params={"limit": 100})["activities"]
    caller = parent if role == "parent" else child
    return Caller(
        token=tokens[caller.id],
        known_ids={
            "chore_id": [item["id"] for item in chores],
            "assignment_id": [row["id"] for item in chores for row in item["assignments"]],
            "child_id": [child.id, sibling.id],
            "parent_id": [parent.id, household.co_parent.id],
            "activity_id": [item["id"] for item in activities],
            "reward_id": [item["id"] for item in rewards],
            "redemption_id": [request["id"] for request in requests],
        },
    )


@pytest.fixture(scope="module")
def fuzz_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzTarget]:
    """A server whose callers each belong to a family of their own (the parent's deletions spare the child's)."""
    workdir = tmp_path_factory.mktemp("fuzz")
    overrides = {"REDIS_URL": FUZZ_REDIS_URL}
    if IS_MYSQL:
        overrides["DATABASE_URL"] = request.getfixturevalue("migrated_database")
    env = server_environment(workdir, **overrides)
    with running_server(env, workdir / "server.log") as base_url:
        try:
            households = [asyncio.run(_with_orm(env["DATABASE_URL"], make_household)) for _ in ROLES]
            callers = {role: seed_family(base_url, household, role) for role, household in zip(ROLES, households, strict=True)}
            yield FuzzTarget(base_url, callers)
        finally:
            if IS_MYSQL:
                asyncio.run(_with_orm(env["DATABASE_URL"], empty_all_tables))


def served_operations(base_url: str) -> list[APIOperation]:
    """Every operation of the served document, deletions last so that the others meet the seeded data."""
    config = schemathesis.Config.from_dict({"base-url": base_url})
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operations.append(result.ok())
    return sorted(operations, key=lambda operation: operation.method.upper() == "DELETE")


def generated_cases(operation: APIOperation, known_ids: dict[str, list[int]]) -> st.SearchStrategy[Case]:
    """Valid and invalid cases, plus valid ones whose path names the caller's own resources."""
    strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
    names = _PATH_PARAMETER.findall(operation.path)
    if names and all(name in known_ids for name in names):
        pinned = {
            ids: operation.as_strategy(path_parameters=dict(zip(names, ids, strict=True)))
            for ids in itertools.product(*(known_ids[name] for name in names))
        }
        strategies.append(st.sampled_from(list(pinned)).flatmap(pinned.__getitem__))
    return st.one_of(strategies)


def fuzz(operation: APIOperation, caller: Caller) -> None:
    """Call ``operation`` with generated data and check every answer."""
    headers = {"Authorization": f"Bearer {caller.token}"}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(generated_cases(operation, caller.known_ids))
    def call_and_check(case: Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    call_and_check()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_survives_generated_data(role: str, fuzz_target: FuzzTarget, subtests: pytest.Subtests) -> None:
    for operation in served_operations(fuzz_target.base_url):
        with subtests.test(msg=operation.label):
            fuzz(operation, fuzz_target.callers[role])
