"""JSON bodies of the hot reads: the bytes Sanic's ``json()`` writes, encoded by orjson.

Sanic's ``json()`` encodes with ``sanic.helpers.json_dumps`` (ujson, which Sanic installs on
CPython), several times slower than orjson. The two write the same bytes for what the response
schemas hold (str-keyed dicts, lists, str, int, bool, None, money floats) except in two cases:

- orjson writes non-ASCII characters as raw UTF-8 where the generic encoder escapes them
  (``\\u00e9``): such a body is encoded again by the generic encoder (``bytes.isascii`` is cheap);
- a float between 1e-5 and 1e-4 in absolute value (orjson: ``0.00002``, ujson: ``2e-5``): money is
  cents / 100, never in that range, and no other float goes through here.

Integers orjson refuses (beyond 64 bits) go to the generic encoder too.
"""

from __future__ import annotations

from typing import Any

import orjson
from sanic.helpers import json_dumps
from sanic.response import HTTPResponse


def encode(body: Any) -> bytes:
    """``body`` as Sanic's ``json()`` would write it."""
    try:
        encoded = orjson.dumps(body)
    except orjson.JSONEncodeError:
        return json_dumps(body).encode()
    return encoded if encoded.isascii() else json_dumps(body).encode()


def json_body(body: Any, status: int = 200) -> HTTPResponse:
    """The response ``sanic.response.json(body, status)`` gives, encoded by :func:`encode`."""
    return HTTPResponse(encode(body), status=status, content_type="application/json")
