"""The realtime process: ``uvicorn realtime.app:app --host 0.0.0.0 --port $REALTIME_PORT``.

Run one uvicorn worker per process (Socket.IO's long-polling needs sticky sessions across
several); scale by running more processes behind a load balancer with sticky sessions.
"""

from __future__ import annotations

from realtime.server import create_app
from settings import settings_or_exit

app = create_app(settings_or_exit("realtime"))
