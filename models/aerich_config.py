"""The Tortoise config aerich's command line reads (``[tool.aerich]`` in pyproject.toml)."""

from models.db import tortoise_config
from settings import get_settings

TORTOISE_ORM = tortoise_config(get_settings().database_url, with_aerich=True)
