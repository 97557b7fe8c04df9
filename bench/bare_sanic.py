"""Sanic on its own, for the per-request overhead of issue #16 item 1: the same trivial route as our
``GET /api/v1/healthcheck`` (the same body, built the same way), with none of our middleware, logging,
metrics or extensions, served the way ``chores web`` serves one worker.

    .venv/bin/python bench/bare_sanic.py --port 8001

``http_bench.py`` starts it on the server's core and measures it in every run beside our ceiling,
so the two are compared under the same conditions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.health.schemas import liveness_out  # noqa: E402
from models.timeutil import utcnow  # noqa: E402


def create_bare_app() -> Sanic:
    # No sanic-ext: it would add its CORS, injection and OpenAPI hooks to every request.
    app = Sanic("bare_sanic", configure_logging=False, env_prefix="BARE_SANIC_")
    app.config.update(ACCESS_LOG=False, AUTO_EXTEND=False, KEEP_ALIVE_TIMEOUT=75)

    @app.get("/api/v1/healthcheck")
    async def liveness(request: Request) -> HTTPResponse:
        return json(liveness_out(utcnow()))

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = create_bare_app()
    app.prepare(host=args.host, port=args.port, single_process=True, access_log=False)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
