"""Fail when the models and the aerich migrations disagree.

Applies every migration to the (empty) MySQL/MariaDB database of ``DATABASE_URL``, then asks
aerich for a migration from the models: anything but "no changes" means a migration is missing.
"""

from __future__ import annotations

import asyncio
import sys

from aerich import Command

from models.db import MIGRATIONS_DIR, tortoise_config
from settings import get_settings


async def missing_migration(database_url: str) -> str:
    """The migration aerich would generate now ("" when none); the file is removed again."""
    config = tortoise_config(database_url, with_aerich=True)
    async with Command(tortoise_config=config, app="models", location=str(MIGRATIONS_DIR)) as command:
        await command.upgrade(run_in_transaction=True)
        await command.init()  # re-read the last applied version
        generated = await command.migrate(name="drift_check", no_input=True)
    if not generated:
        return ""
    path = next((MIGRATIONS_DIR / "models").glob(f"{generated}*"), None) or MIGRATIONS_DIR / "models" / generated
    content = path.read_text() if path.exists() else generated
    path.unlink(missing_ok=True)
    return content


def main() -> int:
    database_url = get_settings().database_url
    if not database_url.startswith("mysql://"):
        print("check-migrations needs DATABASE_URL=mysql://... (migrations are MySQL/MariaDB only)")
        return 2
    missing = asyncio.run(missing_migration(database_url))
    if missing:
        print("The models have changes no migration covers; run `make makemigrations`. Missing:")
        print(missing)
        return 1
    print("Migrations match the models.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
