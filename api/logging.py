"""Logs of every process, and the request id that ties together the lines of one request.

``setup_logging(settings)`` sends every logger through one handler: JSON lines in production
(``time``, ``level``, ``logger``, ``message``, ``request_id`` and any ``extra=`` fields), short
readable lines in development. :func:`begin_request` gives each web request an id, taken from a
sane ``X-Request-ID`` header or generated; :func:`finish_request` returns it in the response header and
logs one access line per request: all of them, none, or a sample (``ACCESS_LOG``, see
:func:`deserves_access_line`). ``api.lifecycle`` calls both around every request.
A request the client abandoned before the answer is logged with status 499, "client closed request",
as nginx does: its handler was cancelled, and no answer went out.

The id lives in a context variable: :func:`current_request_id` reads it anywhere in the request's
task (to hand it to a job or a push), and :func:`bind_request_id` sets it around a job so the
worker's lines carry the id of the request that caused them.

Secrets never reach the output: access lines hold no headers, bodies or query strings, ``extra``
fields with sensitive names are redacted, and token-looking text in messages (``Bearer ...``,
``token=...``, ``password=...``) is masked before formatting.

This module imports no web framework, so the worker and the realtime process can use it too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO, cast

import orjson

from api.clientip import client_ip

if TYPE_CHECKING:
    from sanic.request import Request
    from sanic.response import BaseHTTPResponse

    from settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's status for a request whose client closed the connection before the answer.
CLIENT_CLOSED_REQUEST = 499
# A sampled access log still writes every request at least this slow.
SLOW_REQUEST_MS = 1000.0
REDACTED = "[redacted]"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
# Loggers that frameworks give handlers of their own; ours replaces them so every line has one format.
FRAMEWORK_LOGGERS = ("sanic", "uvicorn", "arq")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_SENSITIVE_NAME = re.compile(r"pass|secret|token|authorization|cookie|hash|credential", re.IGNORECASE)
_SENSITIVE_TEXT = (
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s\"',;]+"), r"\1 " + REDACTED),
    (re.compile(r"(?i)\b([\w-]*(?:token|password|secret)[\w-]*)=[^&\s\"',;]+"), r"\1=" + REDACTED),
)
# Text without any of these words cannot match _SENSITIVE_TEXT: a few substring tests spare most lines the
# substitutions.
_CREDENTIAL_WORDS = ("bearer", "basic", "token", "password", "secret")
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}
_HANDLER_MARK = "_chores_handler"
# Whether an ``extra`` field name is sensitive, by name: the same few names come back on every line.
_sensitive_names: dict[str, bool] = {}
# Log lines are encoded by orjson; values it refuses (an integer beyond 64 bits) by the standard encoder.
# Dates and dataclasses go through ``str`` with both, as they always have.
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_json_encoder = json.JSONEncoder(default=str, ensure_ascii=False)

access_log = logging.getLogger("api.access")


def current_request_id() -> str | None:
    """The id of the request (or job) this code runs for, if any."""
    return _request_id.get()


def new_request_id() -> str:
    """32 random hex digits. An id only tells requests apart and guards no secret: Python's generator makes it
    without the system call ``os.urandom`` (and ``uuid4``) costs every request."""
    return f"{random.getrandbits(128):032x}"


def sane_request_id(candidate: str | None) -> str:
    """The client's id when it is at most 128 characters of ``[A-Za-z0-9._-]``, else a new one."""
    if candidate and SANE_REQUEST_ID.fullmatch(candidate):
        return candidate
    return new_request_id()


@contextmanager
def bind_request_id(request_id: str | None) -> Iterator[str]:
    """Run a block (a job, a push) under ``request_id``, or under a new id when it has none."""
    bound = sane_request_id(request_id)
    token = _request_id.set(bound)
    try:
        yield bound
    finally:
        _request_id.reset(token)


def scrub(text: str) -> str:
    """Mask credentials that may hide in free text (URLs with ``?token=``, echoed headers)."""
    lowered = text.lower()
    if not any(word in lowered for word in _CREDENTIAL_WORDS):
        return text
    for pattern, replacement in _SENSITIVE_TEXT:
        text = pattern.sub(replacement, text)
    return text


def _sensitive_name(name: str) -> bool:
    sensitive = _sensitive_names.get(name)
    if sensitive is None:
        sensitive = _sensitive_names[name] = bool(_SENSITIVE_NAME.search(name))
    return sensitive


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The ``extra=`` fields of a record, with sensitive ones redacted."""
    return {
        name: REDACTED if _sensitive_name(name) else value
        for name, value in vars(record).items()
        if name not in _RECORD_ATTRIBUTES and not name.startswith("_")
    }


class RequestContextFilter(logging.Filter):
    """Stamp each record with the current request id and mask credentials in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging's own error report
            return True
        record.msg, record.args = scrub(message), None
        return True


def encode_line(entry: dict[str, Any]) -> str:
    try:
        return orjson.dumps(entry, default=str, option=_ORJSON_OPTIONS).decode()
    except orjson.JSONEncodeError:
        return _json_encoder.encode(entry)


class _UtcClock:
    """``2026-12-07T06:07:28.715Z`` for a record's ``created``; the part up to the second is kept
    from the last call, since most lines of a busy second share it."""

    def __init__(self) -> None:
        self._second, self._text = -1, ""

    def format(self, created: float) -> str:
        second = int(created)
        if second != self._second:
            self._second, self._text = second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return f"{self._text}.{int(created * 1000) % 1000:03d}Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def __init__(self) -> None:
        super().__init__()
        self._clock = _UtcClock()

    def format(self, record: logging.LogRecord) -> str:
        entry = self.entry(record.created, record.levelname, record.name, record.getMessage(),
                           getattr(record, "request_id", None), extra_fields(record))
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = scrub(record.stack_info)
        return encode_line(entry)

    def entry(self, created: float, level: str, logger: str, message: str, request_id: str | None,
              fields: dict[str, Any]) -> dict[str, Any]:
        """The line's object: the fixed keys first, then the fields (which cannot replace them)."""
        entry: dict[str, Any] = {
            "time": self.timestamp(created),
            "level": level,
            "logger": logger,
            "message": message,
            "request_id": request_id,
        }
        entry.update({name: value for name, value in fields.items() if name not in entry})
        return entry

    def timestamp(self, created: float) -> str:
        return self._clock.format(created)


class LineHandler(logging.StreamHandler):
    """The handler of every process: a stream handler that also takes finished lines (the access line).

    A finished line is flushed once the event loop has run what was ready, together with the other
    lines of that pass, rather than by a write to the stream of its own: a busy server answers several
    requests in one pass.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._flush_scheduled = False

    def write_line(self, line: str) -> None:
        self.acquire()
        try:
            self.stream.write(line + self.terminator)
        finally:
            self.release()
        if self._flush_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop in this thread: nothing else will flush it
            self.flush()
            return
        self._flush_scheduled = True
        loop.call_soon(self._flush_written_lines)

    def _flush_written_lines(self) -> None:
        self._flush_scheduled = False
        self.flush()


class ConsoleFormatter(logging.Formatter):
    """``12:00:01.234 INFO    api.access [1f2e3d4c] GET /health 200 1.2ms  client=127.0.0.1`` for people."""

    # Fields the access line's message already says.
    HIDDEN_FIELDS = frozenset({"method", "path", "status", "duration_ms"})

    def format(self, record: logging.LogRecord) -> str:
        clock = datetime.fromtimestamp(record.created).strftime("%H:%M:%S.%f")[:-3]
        request_id = getattr(record, "request_id", None)
        context = f" [{request_id[:8]}]" if request_id else ""
        fields = " ".join(
            f"{name}={value}" for name, value in extra_fields(record).items() if name not in self.HIDDEN_FIELDS
        )
        line = f"{clock} {record.levelname:<7} {record.name}{context} {record.getMessage()}"
        if fields:
            line += f"  {fields}"
        if record.exc_info:
            line += "\n" + scrub(self.formatException(record.exc_info))
        return line


def setup_logging(settings: Settings, *, stream: TextIO | None = None, level: int = logging.INFO) -> logging.Handler:
    """Route every logger of this process through one handler on the root logger.

    Safe to call more than once (each web worker builds the app again): it replaces the handler
    it installed before, takes over the handlers frameworks install on their own loggers, and
    leaves other handlers (a test runner's) alone.
    """
    # No output shows the thread or the process of a line: spare every record looking them up.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    handler = LineHandler(stream or sys.stdout)
    handler.setFormatter(ConsoleFormatter() if settings.environment == "development" else JsonFormatter())
    handler.addFilter(RequestContextFilter())
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for previous in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(level)
    for name, candidate in list(logging.Logger.manager.loggerDict.items()):
        if isinstance(candidate, logging.Logger) and name.split(".")[0] in FRAMEWORK_LOGGERS:
            candidate.handlers.clear()
            candidate.propagate = True
    return handler


def begin_request(request: Request) -> None:
    """Give the request its id (a sane ``X-Request-ID`` of the client's, or a new one) and start its clock."""
    request.ctx.request_id = sane_request_id(request.headers.get(REQUEST_ID_HEADER))
    request.ctx.started_at = time.perf_counter()
    _request_id.set(request.ctx.request_id)


def finish_request(request: Request, response: BaseHTTPResponse, elapsed: float) -> None:
    """Return the request id in the response header and write the request's access line (``elapsed`` seconds)."""
    response.headers[REQUEST_ID_HEADER] = request.ctx.request_id
    duration_ms = round(elapsed * 1000, 2)
    status = response.status
    sample = request.app.ctx.settings.access_log_sample
    if not access_log.isEnabledFor(logging.INFO) or (sample < 1 and not deserves_access_line(sample, status, duration_ms)):
        return
    user = getattr(request.ctx, "user", None)
    method, path = request.method, logged_path(request)
    fields = {
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": duration_ms,
        "client": _client_address(request),
        "user_id": user.id if user is not None else None,
    }
    _write_access_line(_access_message(method, path, status, duration_ms), fields, request.ctx.request_id)


def _write_access_line(message: str, fields: dict[str, Any], request_id: str) -> None:
    """Write the access line straight to our JSON handler when it is the only one that would see it;
    else log it the usual way. A ``LogRecord``, the walk up the loggers and the filters cost more than
    the line itself, and there is one line per request."""
    handler = _sole_json_handler_of(access_log)
    if handler is None:
        access_log.info(message, extra={**fields, "request_id": request_id})
        return
    formatter = cast(JsonFormatter, handler.formatter)
    # What our handler's filter and formatter make of a record: the message scrubbed, then the fields (none of
    # which is named like a fixed key).
    line = encode_line({"time": formatter.timestamp(time.time()), "level": "INFO", "logger": access_log.name,
                        "message": scrub(message), "request_id": request_id, **fields})
    try:
        handler.write_line(line)
    except Exception:
        handler.handleError(access_log.makeRecord(access_log.name, logging.INFO, __file__, 0, message, (), None))


def _sole_json_handler_of(logger: logging.Logger) -> LineHandler | None:
    """Our handler, when it writes JSON lines and no other handler or filter stands between ``logger`` and it."""
    root = logging.getLogger()
    if len(root.handlers) != 1 or root.filters:
        return None
    handler = root.handlers[0]
    if not getattr(handler, _HANDLER_MARK, False) or len(handler.filters) != 1 or handler.level > logging.INFO:
        return None
    if not isinstance(handler, LineHandler) or not isinstance(handler.formatter, JsonFormatter):
        return None
    while logger is not root:
        if logger.handlers or logger.filters or not logger.propagate or logger.parent is None:
            return None
        logger = logger.parent
    return handler


Handler = Callable[..., Any]


def logged_path(request: Request) -> str:
    """The request path, or its route's template when the path holds a secret (``secret_in_path``)."""
    handler = getattr(request.route, "handler", None)
    return getattr(handler, "__logged_path__", None) or request.path


def secret_in_path(template: str) -> Callable[[Handler], Handler]:
    """Log the route's requests under ``template`` rather than their path, which holds a credential."""

    def decorator(handler: Handler) -> Handler:
        handler.__logged_path__ = template  # type: ignore[attr-defined]
        return handler

    return decorator


def deserves_access_line(sample: float, status: int, duration_ms: float) -> bool:
    """Whether a request gets its access line under ``ACCESS_LOG`` (the fraction ``sample`` of requests).

    ``on`` (1) logs all and ``off`` (0) none: the proxy logs them. A sample in between keeps a random
    share of the requests, and every one an operator looks for: server errors, abandoned requests and
    requests slower than ``SLOW_REQUEST_MS``.
    """
    if sample >= 1:
        return True
    if sample <= 0:
        return False
    return (
        status >= 500 or status == CLIENT_CLOSED_REQUEST or duration_ms >= SLOW_REQUEST_MS or random.random() < sample
    )


def _access_message(method: str, path: str, status: int, duration_ms: float) -> str:
    message = f"{method} {path} {status} {duration_ms}ms"
    return message + " client closed request" if status == CLIENT_CLOSED_REQUEST else message


def _client_address(request: Request) -> str:
    return client_ip(request, request.app.ctx.settings.trusted_proxies)
