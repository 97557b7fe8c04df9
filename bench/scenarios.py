"""The HTTP scenarios: what each wrk connection sends, as plans for ``wrk/cycle.lua``.

A plan is one list of steps per connection; the connection repeats its list in order for the
whole run. Connection ``i`` acts for one child of the demo families (spread evenly over them)
and, where a scenario needs it, for that child's parent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from dataset import PASSWORD, Account

API = "/api/v1"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# Issue #16's 200 cycles/s, and 1% more: the requests still in flight when wrk stops are not counted.
PACED_CYCLES_PER_SECOND = 202


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    token: str | None = None
    content_type: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class Connection:
    """Who one connection acts for; ``loop_chore`` is the child's cooldown-0 chore (complete_approve)."""

    parent: Account
    kid: Account
    loop_chore: int | None = None


Plan = list[list[Step]]


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    steps: Callable[[Connection], list[Step]]
    requests_per_cycle: int = 1
    loop_chores: bool = False  # needs each connection's cooldown-0 chore, open before each run
    # Requests per second all connections offer together, evenly spaced (``wrk/cycle.lua``'s delay());
    # None: each connection sends its next request as soon as it has the answer.
    offered_per_second: float | None = None


def _get(path: str, account: Account) -> Step:
    return Step("GET", f"{API}{path}", token=account.token)


def _complete_then_approve(connection: Connection) -> list[Step]:
    chore = f"{API}/chores/{connection.loop_chore}"
    return [Step("POST", f"{chore}/complete", token=connection.kid.token),
            Step("POST", f"{chore}/approve", token=connection.parent.token, content_type=JSON, body="{}")]


def _login(account: Account) -> Step:
    return Step("POST", f"{API}/users/login", content_type=FORM,
                body=urlencode({"username": account.username, "password": PASSWORD}))


SCENARIOS = {scenario.name: scenario for scenario in (
    Scenario("ceiling", "GET /api/v1/healthcheck: no auth, no database; the framework's ceiling",
             lambda c: [Step("GET", f"{API}/healthcheck")]),
    Scenario("me", "a child's GET /users/me: token check, one user row, JSON",
             lambda c: [_get("/users/me", c.kid)]),
    Scenario("balance", "a child's GET /users/me/balance", lambda c: [_get("/users/me/balance", c.kid)]),
    Scenario("child_available", "a child's GET /chores/available: his open chores and the family pool",
             lambda c: [_get("/chores/available", c.kid)]),
    Scenario("parent_pending", "a parent's GET /chores/pending-approval",
             lambda c: [_get("/chores/pending-approval", c.parent)]),
    Scenario("complete_approve", "the child completes his cooldown-0 chore, the parent approves it; "
             "one cycle is two requests", _complete_then_approve, requests_per_cycle=2, loop_chores=True),
    Scenario("complete_approve_paced", "complete_approve at the target's rate, 202 cycles/s offered: the "
             "latency of that load, not of a saturated server", _complete_then_approve, requests_per_cycle=2,
             loop_chores=True, offered_per_second=PACED_CYCLES_PER_SECOND * 2),
    Scenario("login", "POST /users/login (form), a different parent per connection: bcrypt cost 12",
             lambda c: [_login(c.parent)]),
)}
STORM = "login_storm"
# The ceiling's requests sent to Sanic alone (bench/bare_sanic.py) instead of our server.
BARE = "sanic_alone"
STORM_LOGINS = 32


def cycles(name: str) -> bool:
    """Whether the scenario ``name`` runs the complete → approve cycle on each connection's loop chore."""
    return name in SCENARIOS and SCENARIOS[name].loop_chores


def plan(scenario: Scenario, connections: list[Connection]) -> Plan:
    return [scenario.steps(connection) for connection in connections]


def to_lua(plan: Plan) -> str:
    """The plan as a Lua chunk returning a table, for ``dofile`` in ``wrk/cycle.lua``."""

    def text(value: str) -> str:
        if not value.isascii() or any(ch in value for ch in '"\\\n\r'):
            raise ValueError(f"cannot put {value!r} in a Lua plan")
        return f'"{value}"'

    def step(item: Step) -> str:
        fields = {"method": item.method, "path": item.path, "token": item.token,
                  "content_type": item.content_type, "body": item.body}
        return "{" + ", ".join(f"{key} = {text(value)}" for key, value in fields.items() if value is not None) + "}"

    return "return {\n" + "".join("  {" + ", ".join(step(s) for s in steps) + "},\n" for steps in plan) + "}\n"
