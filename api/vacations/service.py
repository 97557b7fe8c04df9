"""Use cases of vacations (issue #12, item 5): while a child is away no occurrence is assigned to him,
falls due or is missed. Marking him away skips his occurrences of those days not completed yet;
ending a vacation early (deleting it) gives him the occurrences created from then on."""

from __future__ import annotations

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import NotFound
from api.vacations.schemas import VacationIn
from models import User
from models.families import family_zone
from models.occurrences import cancel_during
from models.schedules import Vacation
from models.users import children_of

REFUSAL = "You can only manage vacations of your own children"


async def create_vacation(*, user: User, data: VacationIn) -> Vacation:
    require_parent(user, "Only parents can manage vacations")
    child = await managed_child(user, data.child_id, refusal=REFUSAL)
    zone = await family_zone(child.family_id)
    async with in_transaction() as conn:
        vacation = await Vacation.create(
            child_id=child.id, starts_on=data.starts_on, ends_on=data.ends_on, note=data.note, created_by_id=user.id,
            using_db=conn,
        )
        await cancel_during(child.id, data.starts_on, data.ends_on, zone, conn)
    return vacation


async def list_vacations(*, user: User, child_id: int | None) -> list[Vacation]:
    require_parent(user, "Only parents can manage vacations")
    vacations = Vacation.filter(child_id__in=Subquery(children_of(user).values("id")))
    if child_id is not None:
        child = await managed_child(user, child_id, refusal=REFUSAL)
        vacations = vacations.filter(child_id=child.id)
    return await vacations.order_by("starts_on", "id")


async def delete_vacation(*, user: User, vacation_id: int) -> None:
    require_parent(user, "Only parents can manage vacations")
    vacation = await Vacation.get_or_none(id=vacation_id).prefetch_related("child")
    if vacation is None or not user.manages(vacation.child):
        raise NotFound("Vacation not found")
    await vacation.delete()
