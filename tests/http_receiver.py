"""A real HTTP/1.1 server on 127.0.0.1 for tests of what the server sends out (webhooks, Web Push).

It records every request and every connection made to it, and answers with what the test sets
(a status, headers and a body, or a pause longer than the sender's timeout). Connections are counted
apart from requests, so a test can prove that a refused URL was refused before anything connected.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds to wait before answering


class LoopbackReceiver:
    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self.connections = 0
        self.answer = Answer()
        self.received = asyncio.Condition()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedRequest]:
        """The first ``count`` requests, once they have arrived."""
        async with self.received:
            await asyncio.wait_for(self.received.wait_for(lambda: len(self.requests) >= count), timeout)
        return self.requests[:count]

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and close the connections kept alive (the handlers then end)."""
        if self._server is not None:
            self._server.close()
            for writer in list(self._open):
                writer.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._open.add(writer)
        try:
            while request := await _read_request(reader):
                async with self.received:
                    self.requests.append(request)
                    self.received.notify_all()
                answer = self.answer
                if answer.delay:
                    await asyncio.sleep(answer.delay)
                writer.write(_response(answer))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._open.discard(writer)
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> ReceivedRequest | None:
    head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
    if not head:
        return None
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, path, _ = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return ReceivedRequest(method, path, headers, body)


def _response(answer: Answer) -> bytes:
    headers = {"Content-Length": str(len(answer.body)), **answer.headers}
    lines = [f"HTTP/1.1 {answer.status} Status"] + [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + answer.body


@asynccontextmanager
async def loopback_receiver() -> AsyncIterator[LoopbackReceiver]:
    receiver = LoopbackReceiver()
    await receiver.start()
    try:
        yield receiver
    finally:
        await receiver.stop()
