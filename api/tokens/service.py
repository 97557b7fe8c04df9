"""Use cases of API tokens: a parent creates, lists and revokes his family's tokens."""

from __future__ import annotations

import logging
from datetime import datetime

from api.auth import require_parent
from api.errors import NotFound
from models import User
from models.api_tokens import DEFAULT_LIFETIME, ApiScope, ApiToken, NewApiToken, create_api_token, tokens_visible_to
from models.timeutil import utcnow
from realtime.publisher import Publisher, PublishError
from settings import Settings

log = logging.getLogger(__name__)


async def create_token(*, user: User, name: str, scopes: list[ApiScope], expires_at: datetime | None) -> NewApiToken:
    """A token bound to the parent and his family, expiring when asked or after the default lifetime."""
    require_parent(user, "Only parents can create API tokens")
    return await create_api_token(
        parent=user, name=name, scopes=set(scopes), expires_at=expires_at or utcnow() + DEFAULT_LIFETIME
    )


async def list_tokens(*, user: User, skip: int, limit: int) -> list[ApiToken]:
    """The family's tokens (co-parents have equal rights, D11), newest first, revoked and expired ones too."""
    require_parent(user, "Only parents can list API tokens")
    return await tokens_visible_to(user).order_by("-created_at", "-id").offset(skip).limit(limit)


async def revoke_token(*, user: User, token_id: int, settings: Settings) -> None:
    """Revoke a token of the family at once and close the sockets it opened; revoking it again keeps the
    first revocation time."""
    require_parent(user, "Only parents can revoke API tokens")
    revoked = await tokens_visible_to(user).filter(id=token_id, revoked_at__isnull=True).update(revoked_at=utcnow())
    if not revoked and not await tokens_visible_to(user).filter(id=token_id).exists():
        raise NotFound("API token not found")
    if revoked:
        await close_sockets_of(token_id, settings)


async def close_sockets_of(token_id: int, settings: Settings) -> None:
    """Ask the realtime servers to close the token's sockets. Without Redis they stay open until they
    reconnect, when the token is refused: the revocation itself is committed either way."""
    publisher = Publisher(settings.redis_url)
    try:
        await publisher.api_token_revoked(token_id)
    except PublishError as exc:
        log.warning("could not close the sockets of revoked API token %s: %s", token_id, exc)
    finally:
        await publisher.close()
