"""Finding one chore and deciding who may manage it, for the chore and assignment use cases."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from api.errors import Forbidden, NotFound
from models import Chore, User


async def chore_or_404(chore_id: int, *, lock: bool = False, using_db: BaseDBAsyncClient | None = None) -> Chore:
    query = Chore.select_for_update() if lock else Chore.all()
    chore = await query.using_db(using_db).get_or_none(id=chore_id)
    if chore is None:
        raise NotFound("Chore not found")
    return chore


def require_manager(chore: Chore, user: User, *, refusal: str, not_found: str = "Chore not found") -> None:
    """Refuse unless ``user`` manages the chore (D11): another family's chore is not found, as an
    unknown id is (issue #15); otherwise the refusal names the authorship as §4 does."""
    if chore.belongs_to_other_family(user):
        raise NotFound(not_found)
    if not chore.managed_by(user):
        raise Forbidden(refusal)
