"""Request and response shapes of savings jars: a child's jars with their balances and goals, and transfers."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Money, Timestamp
from models.jars import GOAL_TITLE_MAX_LENGTH, NAME_MAX_LENGTH, Jar, JarSpec, JarTransfer, plan_problem
from models.money import cents_to_number, to_cents
from models.timeutil import isoformat_z

Amount = Annotated[Decimal, Field(gt=0, le=1_000_000, decimal_places=2)]
JarName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX_LENGTH)]


class GoalIn(BaseModel):
    """A savings goal of a jar: what it is for and how much it needs."""

    model_config = ConfigDict(extra="ignore")

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=GOAL_TITLE_MAX_LENGTH)]
    target: Amount


class JarIn(BaseModel):
    """One jar: its name, its whole percentage of each credit, whether debits draw from it first, its goal."""

    model_config = ConfigDict(extra="ignore")

    name: JarName
    percent: int = Field(ge=0, le=100)
    is_spend: bool = False
    goal: GoalIn | None = None

    def spec(self) -> JarSpec:
        if self.goal is None:
            return JarSpec(self.name, self.percent, self.is_spend)
        return JarSpec(self.name, self.percent, self.is_spend, self.goal.title, to_cents(self.goal.target))


def _sound_plan(jars: list[JarIn]) -> list[JarIn]:
    if problem := plan_problem([jar.spec() for jar in jars]):
        raise ValueError(problem)
    return jars


class JarsIn(BaseModel):
    """The child's whole list of jars, in order, and whether he may move money between them himself.

    1 to 5 jars with distinct names (case aside), whole percentages adding up to 100 and exactly one
    spend jar. A jar keeps its money while its name stays; a jar left out is removed (409 while it
    holds money). New percentages apply to later credits only."""

    model_config = ConfigDict(extra="ignore")

    jars: Annotated[list[JarIn], Field(min_length=1, max_length=5), AfterValidator(_sound_plan)]
    child_can_transfer: bool = False


class TransferIn(BaseModel):
    """Move ``amount`` from the jar named ``from_jar`` to the one named ``to_jar`` (names case aside)."""

    model_config = ConfigDict(extra="ignore")

    from_jar: JarName
    to_jar: JarName
    amount: Amount
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _two_jars(self) -> TransferIn:
        if self.from_jar.casefold() == self.to_jar.casefold():
            raise ValueError("from_jar and to_jar must be two different jars")
        return self


class TransferListQuery(BaseModel):
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class ChildJarsPath(BaseModel):
    child_id: DbInt


class GoalOut(TypedDict):
    """A savings goal: ``progress_percent`` is whole percent of ``target`` the jar holds (100 once reached),
    ``remaining`` what it still lacks."""

    title: str
    target: Money
    progress_percent: int
    remaining: Money


class JarOut(TypedDict):
    """A jar; ``id`` is null for the one implicit jar of a child whose jars are not set up."""

    id: int | None
    name: str
    percent: int
    is_spend: bool
    balance: Money
    goal: GoalOut | None


class JarsOut(TypedDict):
    """A child's jars in order. ``balance`` is their total, always his balance (the sum of his ledger);
    ``configured`` is false until a parent sets jars up: then there is one implicit spend jar."""

    child_id: int
    configured: bool
    child_can_transfer: bool
    balance: Money
    jars: list[JarOut]


class TransferOut(TypedDict):
    id: int
    child_id: int
    from_jar: str
    to_jar: str
    amount: Money
    note: str | None
    actor_id: int | None
    created_at: Timestamp


def _goal_out(jar: Jar) -> GoalOut | None:
    if jar.goal_title is None or jar.goal_target_cents is None:
        return None
    return {
        "title": jar.goal_title,
        "target": cents_to_number(jar.goal_target_cents),
        "progress_percent": jar.goal_progress_percent or 0,
        "remaining": cents_to_number(jar.goal_remaining_cents or 0),
    }


def jar_out(jar: Jar) -> JarOut:
    return {
        "id": jar.id,
        "name": jar.name,
        "percent": jar.percent,
        "is_spend": jar.is_spend,
        "balance": cents_to_number(jar.balance_cents),
        "goal": _goal_out(jar),
    }


def jars_out(child_id: int, jars: list[Jar], *, configured: bool, child_can_transfer: bool) -> JarsOut:
    return {
        "child_id": child_id,
        "configured": configured,
        "child_can_transfer": child_can_transfer,
        "balance": cents_to_number(sum(jar.balance_cents for jar in jars)),
        "jars": [jar_out(jar) for jar in jars],
    }


def transfer_out(transfer: JarTransfer, names: dict[int, str]) -> TransferOut:
    """A transfer; ``names``: the child's jar names by id (removed jars too)."""
    return {
        "id": transfer.id,
        "child_id": transfer.child_id,
        "from_jar": names[transfer.from_jar_id],
        "to_jar": names[transfer.to_jar_id],
        "amount": cents_to_number(transfer.amount_cents),
        "note": transfer.note or None,
        "actor_id": transfer.actor_id,
        "created_at": isoformat_z(transfer.created_at),
    }
